"""notifications: in-app notifications, preferences per kind, digest markers, and the
headers of an email (one-click unsubscribe)

Revision ID: c5e2a9d41f07
Revises: aff634854ce4
Create Date: 2026-11-30 21:00:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security


# revision identifiers, used by Alembic.
revision = 'c5e2a9d41f07'
down_revision = 'aff634854ce4'
branch_labels = None
depends_on = None


def _owned(table):
    return [
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                                name=op.f(f'fk_{table}_tenant_id_tenants'), ondelete='CASCADE'),
    ]


def _member(table):
    return sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'],
                                   name=op.f(f'fk_{table}_membership_id_memberships'),
                                   ondelete='CASCADE')


def upgrade():
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('headers', sa.JSON(), nullable=True))

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('verb', sa.String(length=32), nullable=False),
    sa.Column('about_type', sa.String(length=32), nullable=True),
    sa.Column('about_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
    *_owned('notifications'),
    _member('notifications'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_membership_id'), ['membership_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_tenant_id'), ['tenant_id'],
                              unique=False)
        batch_op.create_index('ix_notifications_recipient',
                              ['tenant_id', 'membership_id', 'read_at', 'id'], unique=False)
        batch_op.create_index('ix_notifications_digest',
                              ['tenant_id', 'emailed_at', 'membership_id'], unique=False)

    op.create_table('notification_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('cadence', sa.String(length=16), nullable=False),
    *_owned('notification_preferences'),
    _member('notification_preferences'),
    sa.CheckConstraint("cadence IN ('weekly', 'daily', 'immediate', 'app')",
                       name=op.f('ck_notification_preferences_cadence')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preferences')),
    sa.UniqueConstraint('membership_id', 'kind', name='uq_notification_preferences_kind')
    )
    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_preferences_membership_id'),
                              ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_preferences_tenant_id'),
                              ['tenant_id'], unique=False)

    op.create_table('notification_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('daily_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('weekly_at', sa.DateTime(timezone=True), nullable=True),
    *_owned('notification_digests'),
    _member('notification_digests'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_digests')),
    sa.UniqueConstraint('membership_id', name=op.f('uq_notification_digests_membership_id'))
    )
    with op.batch_alter_table('notification_digests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_digests_tenant_id'), ['tenant_id'],
                              unique=False)

    enable_row_level_security('notifications')
    enable_row_level_security('notification_preferences')
    enable_row_level_security('notification_digests')


def downgrade():
    for table in ('notification_digests', 'notification_preferences', 'notifications'):
        op.drop_table(table)
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.drop_column('headers')
