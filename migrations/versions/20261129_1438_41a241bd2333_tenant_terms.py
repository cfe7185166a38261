"""tenant terms

Revision ID: 41a241bd2333
Revises: 4feeaf2f6379
Create Date: 2026-11-29 14:38:22.377455

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '41a241bd2333'
down_revision = '4feeaf2f6379'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terms', sa.JSON(), nullable=False,
                                      server_default=sa.text("'{}'")))


def downgrade():
    with op.batch_alter_table('tenants', schema=None) as batch_op:
        batch_op.drop_column('terms')
