"""the national showcase reads the projects shared nationally through a partial index
(it scanned every publication of every city: 85 ms at 500,000 projects)

Revision ID: b3e6f1a2c4d8
Revises: d7f2b5c9e1a3
Create Date: 2026-12-01 03:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b3e6f1a2c4d8'
down_revision = 'd7f2b5c9e1a3'
branch_labels = None
depends_on = None

SHARED = "status = 'published' AND shared_nationally IS true"


def upgrade():
    op.create_index("ix_publications_shared_nationally", "publications", ["tenant_id"],
                    postgresql_where=sa.text(SHARED), sqlite_where=sa.text(SHARED))


def downgrade():
    op.drop_index("ix_publications_shared_nationally", table_name="publications")
