"""moderation: reports, the cases of the moderation queue, their decisions (the audit
trail), each city's moderation settings, members blocked until a date; and the archives
of "download my data"

Revision ID: adf8ba631981
Revises: c5e2a9d41f07
Create Date: 2026-11-30 21:00:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security


# revision identifiers, used by Alembic.
revision = 'adf8ba631981'
down_revision = 'c5e2a9d41f07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moderation_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hide_after', sa.Integer(), nullable=False),
    sa.Column('watch_words', sa.JSON(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_moderation_settings_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_settings')),
    sa.UniqueConstraint('tenant_id', name='uq_moderation_settings_tenant')
    )
    with op.batch_alter_table('moderation_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_settings_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('moderation_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.Column('held_for_words', sa.Boolean(), nullable=False),
    sa.Column('reports_count', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('appeal_state', sa.String(length=16), nullable=False),
    sa.Column('appeal_note', sa.Text(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("appeal_state IN ('none', 'pending', 'upheld', 'overturned')", name=op.f('ck_moderation_cases_appeal_state')),
    sa.CheckConstraint("kind IN ('publication', 'comment', 'organisation', 'profile')", name=op.f('ck_moderation_cases_kind')),
    sa.CheckConstraint("state IN ('open', 'kept', 'hidden', 'removed', 'warned', 'blocked')", name=op.f('ck_moderation_cases_state')),
    sa.ForeignKeyConstraint(['author_id'], ['memberships.id'], name=op.f('fk_moderation_cases_author_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['memberships.id'], name=op.f('fk_moderation_cases_decided_by_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_moderation_cases_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_cases')),
    sa.UniqueConstraint('tenant_id', 'kind', 'target_id', name='uq_moderation_cases_item')
    )
    with op.batch_alter_table('moderation_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_cases_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_cases_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_moderation_cases_tenant_state', ['tenant_id', 'state', 'reports_count'], unique=False)

    op.create_table('moderation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['memberships.id'], name=op.f('fk_moderation_actions_actor_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['moderation_cases.id'], name=op.f('fk_moderation_actions_case_id_moderation_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_moderation_actions_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_actions'))
    )
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_actions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_actions_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('moderation_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("reason IN ('spam', 'abuse', 'personal_data', 'illegal', 'other')", name=op.f('ck_moderation_reports_reason')),
    sa.ForeignKeyConstraint(['case_id'], ['moderation_cases.id'], name=op.f('fk_moderation_reports_case_id_moderation_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['memberships.id'], name=op.f('fk_moderation_reports_reporter_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_moderation_reports_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_reports')),
    sa.UniqueConstraint('case_id', 'reporter_id', name='uq_moderation_reports_once')
    )
    with op.batch_alter_table('moderation_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_reports_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_reports_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_reports_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True))

    op.create_table('data_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('archive', sa.LargeBinary(), nullable=True),
    sa.CheckConstraint("status IN ('preparing', 'ready', 'failed')", name=op.f('ck_data_exports_status')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_data_exports_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_exports'))
    )
    with op.batch_alter_table('data_exports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_exports_account_id'), ['account_id'], unique=False)

    for table in ('moderation_settings', 'moderation_cases', 'moderation_actions',
                  'moderation_reports'):
        enable_row_level_security(table)


def downgrade():
    with op.batch_alter_table('data_exports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_exports_account_id'))

    op.drop_table('data_exports')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('blocked_until')

    with op.batch_alter_table('moderation_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_reports_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_reports_reporter_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_reports_case_id'))

    op.drop_table('moderation_reports')
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_actions_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_actions_case_id'))

    op.drop_table('moderation_actions')
    with op.batch_alter_table('moderation_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_cases_tenant_state')
        batch_op.drop_index(batch_op.f('ix_moderation_cases_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_cases_author_id'))

    op.drop_table('moderation_cases')
    with op.batch_alter_table('moderation_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_settings_tenant_id'))

    op.drop_table('moderation_settings')
