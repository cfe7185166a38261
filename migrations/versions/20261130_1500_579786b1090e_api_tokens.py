"""api tokens: personal tokens per city (hashed), and the answers of idempotent writes

Revision ID: 579786b1090e
Revises: 86f4b95f4058
Create Date: 2026-11-30 14:00:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security


# revision identifiers, used by Alembic.
revision = '579786b1090e'
down_revision = "86f4b95f4058"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('scope', sa.String(length=8), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("scope IN ('read', 'write')", name=op.f('ck_api_tokens_scope')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'],
                            name=op.f('fk_api_tokens_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_api_tokens_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_api_tokens_secret_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_tokens_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('api_idempotent_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_api_idempotent_answers_tenant_id_tenants'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['token_id'], ['api_tokens.id'],
                            name=op.f('fk_api_idempotent_answers_token_id_api_tokens'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_idempotent_answers')),
    sa.UniqueConstraint('token_id', 'key', name='uq_api_idempotent_answers_key')
    )
    with op.batch_alter_table('api_idempotent_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_idempotent_answers_tenant_id'), ['tenant_id'],
                              unique=False)
    enable_row_level_security('api_tokens')
    enable_row_level_security('api_idempotent_answers')


def downgrade():
    with op.batch_alter_table('api_idempotent_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_idempotent_answers_tenant_id'))
    op.drop_table('api_idempotent_answers')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_api_tokens_account_id'))
    op.drop_table('api_tokens')
