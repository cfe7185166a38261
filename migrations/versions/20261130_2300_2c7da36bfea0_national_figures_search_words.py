"""national figures and search at national size

The national home's counts, refreshed by a job and read as one row. Search documents
get their full-text index by city (tenant_id, search_tsv; btree_gin), so a rare word
reads that city's matches only, and an index on (tenant_id, id), so a common word is
looked for among the city's newest documents first; and
each city's vocabulary (search_words), against which a typo is corrected, instead of a
trigram comparison with every document (whose trigram index goes).

Revision ID: 2c7da36bfea0
Revises: adf8ba631981
Create Date: 2026-11-30 17:10:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security

# revision identifiers, used by Alembic.
revision = '2c7da36bfea0'
down_revision = 'adf8ba631981'
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
    op.create_table('search_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=60), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_search_words_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_words')),
    sa.UniqueConstraint('tenant_id', 'word', name='uq_search_words_word')
    )
    with op.batch_alter_table('search_words', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_words_tenant_id'), ['tenant_id'],
                              unique=False)
    # Not in batch mode: a batch copy of search_documents would drop its FTS triggers.
    op.create_index('ix_search_documents_tenant_newest', 'search_documents',
                    ['tenant_id', 'id'], unique=False)
    _fill_vocabulary()
    enable_row_level_security("search_words")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        op.execute("CREATE INDEX ix_search_words_trgm ON search_words "
                   "USING gin (word gin_trgm_ops)")
        op.execute("DROP INDEX IF EXISTS ix_search_documents_fts")
        op.execute("DROP INDEX IF EXISTS ix_search_documents_words")
        op.execute("CREATE INDEX ix_search_documents_city_fts ON search_documents "
                   "USING gin (tenant_id, search_tsv)")


def _fill_vocabulary():
    """Every city's words from its documents (as the owner, under no city's scope: the
    isolation policy of search_documents is lifted for this one statement)."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE search_documents NO FORCE ROW LEVEL SECURITY")
        op.execute("INSERT INTO search_words (tenant_id, word) SELECT DISTINCT tenant_id, w "
                   "FROM search_documents, unnest(string_to_array(words, ' ')) AS w "
                   "WHERE w <> '' AND length(w) <= 60 ON CONFLICT DO NOTHING")
        op.execute("ALTER TABLE search_documents FORCE ROW LEVEL SECURITY")
        return
    rows = bind.execute(sa.text("SELECT tenant_id, words FROM search_documents")).all()
    words = {(tenant_id, w) for tenant_id, text in rows for w in (text or "").split()
             if len(w) <= 60}
    if words:
        bind.execute(sa.text("INSERT INTO search_words (tenant_id, word) VALUES (:t, :w)"),
                     [{"t": t, "w": w} for t, w in sorted(words)])


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_documents_city_fts")
        op.execute("CREATE INDEX ix_search_documents_fts ON search_documents "
                   "USING gin (search_tsv)")
        op.execute("CREATE INDEX ix_search_documents_words ON search_documents "
                   "USING gin (words gin_trgm_ops)")
    op.drop_index('ix_search_documents_tenant_newest', table_name='search_documents')
    op.drop_table('search_words')
    op.drop_table('national_figures')
