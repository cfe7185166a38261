"""search vector stored on postgresql

Revision ID: 91666099d151
Revises: 41a241bd2333
Create Date: 2026-11-29

The full-text vector of a search document is computed once when it is written (a stored
generated column) instead of at every search, so ranking many matches stays fast.
"""

from alembic import op

revision = "91666099d151"
down_revision = "41a241bd2333"
branch_labels = None
depends_on = None

VECTOR = ("setweight(to_tsvector('upcampus_fr'::regconfig, title), 'A') || "
          "setweight(to_tsvector('upcampus_fr'::regconfig, body), 'B')")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_documents_fts")
    op.execute(f"ALTER TABLE search_documents ADD COLUMN search_tsv tsvector "
               f"GENERATED ALWAYS AS ({VECTOR}) STORED")
    op.execute("CREATE INDEX ix_search_documents_fts ON search_documents "
               "USING gin (search_tsv)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_documents_fts")
    op.execute("ALTER TABLE search_documents DROP COLUMN search_tsv")
    op.execute(f"CREATE INDEX ix_search_documents_fts ON search_documents "
               f"USING gin (({VECTOR}))")
