"""account deletion and retention: the hashed addresses of deleted blocked accounts, and
the inactivity warnings of an account

Revision ID: 4515f6c4771c
Revises: 999c59841af1
Create Date: 2026-12-01 01:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4515f6c4771c'
down_revision = '999c59841af1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('erased_emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erased_emails')),
    sa.UniqueConstraint('digest', name=op.f('uq_erased_emails_digest'))
    )
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inactivity_warned_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('inactivity_rewarned_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('inactivity_rewarned_at')
        batch_op.drop_column('inactivity_warned_at')
    op.drop_table('erased_emails')
