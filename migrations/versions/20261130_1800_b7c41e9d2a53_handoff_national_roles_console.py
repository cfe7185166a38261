"""one sign-in for every city (hand-off tickets), national roles, the console's audit log

Revision ID: b7c41e9d2a53
Revises: 7e1c0a5d2b94
Create Date: 2026-11-30 16:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7c41e9d2a53'
down_revision = '7e1c0a5d2b94'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('national_role', sa.String(length=16), nullable=True))
        batch_op.create_check_constraint(op.f('ck_accounts_national_role'),
                                         "national_role IN ('editor', 'support')")

    op.create_table('handoff_tickets',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('target_key', sa.String(length=24), nullable=False),
    sa.Column('state_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'],
                            name=op.f('fk_handoff_tickets_account_id_accounts'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_handoff_tickets'))
    )
    with op.batch_alter_table('handoff_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_handoff_tickets_account_id'), ['account_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_handoff_tickets_expires_at'), ['expires_at'],
                              unique=False)

    op.create_table('console_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_email', sa.String(length=320), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=True),
    sa.Column('city_slug', sa.String(length=63), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['accounts.id'],
                            name=op.f('fk_console_audit_actor_id_accounts'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['city_id'], ['tenants.id'],
                            name=op.f('fk_console_audit_city_id_tenants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_audit'))
    )
    with op.batch_alter_table('console_audit', schema=None) as batch_op:
        batch_op.create_index('ix_console_audit_action_at', ['action', 'created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_console_audit_actor_id'), ['actor_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_console_audit_city_id'), ['city_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_console_audit_created_at'), ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('console_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_audit_created_at'))
        batch_op.drop_index(batch_op.f('ix_console_audit_city_id'))
        batch_op.drop_index(batch_op.f('ix_console_audit_actor_id'))
        batch_op.drop_index('ix_console_audit_action_at')
    op.drop_table('console_audit')
    with op.batch_alter_table('handoff_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_handoff_tickets_expires_at'))
        batch_op.drop_index(batch_op.f('ix_handoff_tickets_account_id'))
    op.drop_table('handoff_tickets')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_accounts_national_role'), type_='check')
        batch_op.drop_column('national_role')
