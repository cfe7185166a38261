"""national figures: the national home's counts, refreshed by a job, read as one row

Revision ID: 2c7da36bfea0
Revises: 579786b1090e
Create Date: 2026-11-30 17:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '2c7da36bfea0'
down_revision = "579786b1090e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('national_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('networks', sa.Integer(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('projects', sa.Integer(), nullable=False),
    sa.Column('refreshed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_national_figures'))
    )


def downgrade():
    op.drop_table('national_figures')
