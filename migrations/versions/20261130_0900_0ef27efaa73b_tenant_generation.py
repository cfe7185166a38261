"""tenant generation: one number bumped with every change to cities, so that every
process drops its host cache at once

Revision ID: 0ef27efaa73b
Revises: 91666099d151
Create Date: 2026-11-30 09:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0ef27efaa73b'
down_revision = '91666099d151'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'tenant_generation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tenant_generation')),
    )
    op.bulk_insert(table, [{'id': 1, 'value': 0}])


def downgrade():
    op.drop_table('tenant_generation')
