"""conversations: private conversations between members (or a member and an
organisation), their messages, blocks between members, each member's choice of being
written to, and a private message as a kind of reported item

Revision ID: 5b7d2e9c41a3
Revises: c3e8a1f60b27
Create Date: 2026-12-01 01:00:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security


# revision identifiers, used by Alembic.
revision = '5b7d2e9c41a3'
down_revision = 'c3e8a1f60b27'
branch_labels = None
depends_on = None

CASE_KINDS_BEFORE = "kind IN ('publication', 'comment', 'organisation', 'profile')"
CASE_KINDS_AFTER = "kind IN ('publication', 'comment', 'organisation', 'profile', 'message')"


def _owned(table):
    return [
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                                name=op.f(f'fk_{table}_tenant_id_tenants'), ondelete='CASCADE'),
    ]


def _member(table, column, ondelete):
    return sa.ForeignKeyConstraint([column], ['memberships.id'],
                                   name=op.f(f'fk_{table}_{column}_memberships'),
                                   ondelete=ondelete)


def upgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('open_to_messages', sa.Boolean(),
                                      server_default=sa.true(), nullable=False))

    op.create_table('conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('context', sa.String(length=16), nullable=False),
    sa.Column('context_id', sa.Integer(), nullable=True),
    sa.Column('pair_key', sa.String(length=80), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('other_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_message_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('member_read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('other_read_at', sa.DateTime(timezone=True), nullable=True),
    *_owned('conversations'),
    _member('conversations', 'member_id', 'SET NULL'),
    _member('conversations', 'other_id', 'SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                            name=op.f('fk_conversations_organisation_id_organisations'),
                            ondelete='CASCADE'),
    sa.CheckConstraint("context IN ('member', 'offer', 'accompaniment', 'organisation')",
                       name=op.f('ck_conversations_context')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    sa.UniqueConstraint('tenant_id', 'pair_key', name='uq_conversations_pair')
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_tenant_id'), ['tenant_id'],
                              unique=False)
        batch_op.create_index('ix_conversations_member',
                              ['tenant_id', 'member_id', 'last_message_at'], unique=False)
        batch_op.create_index('ix_conversations_other',
                              ['tenant_id', 'other_id', 'last_message_at'], unique=False)
        batch_op.create_index('ix_conversations_organisation',
                              ['tenant_id', 'organisation_id', 'last_message_at'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    *_owned('messages'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'],
                            name=op.f('fk_messages_conversation_id_conversations'),
                            ondelete='CASCADE'),
    _member('messages', 'author_id', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_messages_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_messages_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_messages_conversation', ['conversation_id', 'id'],
                              unique=False)

    op.create_table('member_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('blocker_id', sa.Integer(), nullable=False),
    sa.Column('blocked_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    *_owned('member_blocks'),
    _member('member_blocks', 'blocker_id', 'CASCADE'),
    _member('member_blocks', 'blocked_id', 'CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_blocks')),
    sa.UniqueConstraint('blocker_id', 'blocked_id', name='uq_member_blocks_pair')
    )
    with op.batch_alter_table('member_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_blocks_tenant_id'), ['tenant_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_member_blocks_blocker_id'), ['blocker_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_member_blocks_blocked_id'), ['blocked_id'],
                              unique=False)

    for table in ('conversations', 'messages', 'member_blocks'):
        enable_row_level_security(table)

    with op.batch_alter_table('moderation_cases', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_moderation_cases_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_moderation_cases_kind'), CASE_KINDS_AFTER)


def downgrade():
    op.execute("DELETE FROM moderation_cases WHERE kind = 'message'")
    with op.batch_alter_table('moderation_cases', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_moderation_cases_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_moderation_cases_kind'), CASE_KINDS_BEFORE)
    for table in ('member_blocks', 'messages', 'conversations'):
        op.drop_table(table)
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('open_to_messages')
