"""search words, excerpts and city neighbourhoods

Revision ID: 3767d8379f31
Revises: 5e3a9c1d7b24
Create Date: 2026-11-30

Search documents gain their unaccented words (for typo-tolerant matching: pg_trgm with a
GIN trigram index on PostgreSQL, a small fuzzy pass on SQLite) and their excerpt in each
language; cities gain their list of neighbourhoods. Existing documents get their words and
excerpts at the next `upcampus search reindex`.

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without
being a superuser.
"""

import sqlalchemy as sa
from alembic import op

revision = "3767d8379f31"
down_revision = "5e3a9c1d7b24"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("words", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("excerpt", sa.JSON(), nullable=True))
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("neighbourhoods", sa.JSON(), nullable=False,
                                      server_default=sa.text("'[]'")))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_search_documents_words ON search_documents "
                   "USING gin (words gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_documents_words")
        op.drop_column("search_documents", "excerpt")
        op.drop_column("search_documents", "words")
        op.drop_column("tenants", "neighbourhoods")
        return
    # Natively (SQLite 3.35+): a batch copy of search_documents would drop the FTS
    # triggers, and copying `tenants` is a needless risk to every city's rows (with
    # foreign keys on, it failed with "database table is locked" half-way; env.py now
    # turns them off during migrations).
    op.execute("ALTER TABLE search_documents DROP COLUMN excerpt")
    op.execute("ALTER TABLE search_documents DROP COLUMN words")
    op.execute("ALTER TABLE tenants DROP COLUMN neighbourhoods")
