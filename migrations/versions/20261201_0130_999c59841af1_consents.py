"""consents to the charter and terms with their versions; an account blocked in every
city by a platform admin; events reportable; a city's own wording of its legal pages

Revision ID: 999c59841af1
Revises: 7d41c9e2b05a
Create Date: 2026-12-01 01:30:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security


# revision identifiers, used by Alembic.
revision = '999c59841af1'
down_revision = '7d41c9e2b05a'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('publication', 'comment', 'organisation', 'profile', 'message')"
NEW_KINDS = "kind IN ('publication', 'comment', 'organisation', 'profile', 'message', 'event')"


def upgrade():
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('document', sa.String(length=32), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('city_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_consents_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['city_id'], ['tenants.id'], name=op.f('fk_consents_city_id_tenants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents')),
    sa.UniqueConstraint('account_id', 'document', 'version', name='uq_consents_version')
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_account_id'), ['account_id'], unique=False)
    op.create_table('legal_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=63), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_legal_texts_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_texts')),
    sa.UniqueConstraint('tenant_id', 'slug', 'locale', name='uq_legal_texts_tenant_slug_locale')
    )
    with op.batch_alter_table('legal_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_texts_tenant_id'), ['tenant_id'], unique=False)
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('moderation_cases', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_moderation_cases_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_moderation_cases_kind'), NEW_KINDS)
    enable_row_level_security('legal_texts')


def downgrade():
    op.execute("DELETE FROM moderation_cases WHERE kind = 'event'")
    with op.batch_alter_table('moderation_cases', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_moderation_cases_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_moderation_cases_kind'), OLD_KINDS)
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('blocked_until')
    with op.batch_alter_table('legal_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_texts_tenant_id'))
    op.drop_table('legal_texts')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_account_id'))
    op.drop_table('consents')
