"""open data files: each city's CSV and JSON downloads, stored so every process serves them

Revision ID: 86f4b95f4058
Revises: 3767d8379f31
Create Date: 2026-11-30 14:00:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security

# revision identifiers, used by Alembic.
revision = '86f4b95f4058'
down_revision = "3767d8379f31"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('open_data_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset', sa.String(length=32), nullable=False),
    sa.Column('fmt', sa.String(length=8), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("dataset IN ('projects', 'organisations')",
                       name=op.f('ck_open_data_files_dataset')),
    sa.CheckConstraint("fmt IN ('csv', 'json')", name=op.f('ck_open_data_files_fmt')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_open_data_files_tenant_id_tenants'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open_data_files')),
    sa.UniqueConstraint('tenant_id', 'dataset', 'fmt', name='uq_open_data_files_file')
    )
    with op.batch_alter_table('open_data_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open_data_files_tenant_id'), ['tenant_id'],
                              unique=False)
    enable_row_level_security("open_data_files")


def downgrade():
    with op.batch_alter_table('open_data_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_data_files_tenant_id'))
    op.drop_table('open_data_files')
