"""mail queues: the HTML part of an email, and a lease on the row a worker is sending
(status 'sending' until lease_until; a worker killed mid-send leaves it for another)

Revision ID: 7d41c9e2b05a
Revises: 5b7d2e9c41a3
Create Date: 2026-12-01 01:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7d41c9e2b05a'
down_revision = '5b7d2e9c41a3'
branch_labels = None
depends_on = None

OLD = "status IN ('queued', 'sent', 'kept', 'failed')"
NEW = "status IN ('queued', 'sending', 'sent', 'kept', 'failed')"


def upgrade():
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(op.f('ck_emails_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_emails_status'), NEW)


def downgrade():
    op.execute("UPDATE emails SET status = 'queued' WHERE status = 'sending'")
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_emails_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_emails_status'), OLD)
        batch_op.drop_column('lease_until')
        batch_op.drop_column('body_html')
