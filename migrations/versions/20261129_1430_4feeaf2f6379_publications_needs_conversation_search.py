"""publications, needs, conversation, search

Revision ID: 4feeaf2f6379
Revises: a9e65f236251
Create Date: 2026-11-29 14:30:40.843411

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security


# revision identifiers, used by Alembic.
revision = '4feeaf2f6379'
down_revision = 'a9e65f236251'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('stemmed', sa.Text(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("visibility IN ('public', 'members')", name=op.f('ck_search_documents_visibility')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_search_documents_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
    sa.UniqueConstraint('tenant_id', 'kind', 'ref_id', name='uq_search_documents_ref')
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_documents_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_search_documents_tenant_kind', ['tenant_id', 'kind'], unique=False)

    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('slug', sa.String(length=170), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('neighbourhood', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('featured', sa.Boolean(), nullable=False),
    sa.Column('supports_count', sa.Integer(), nullable=False),
    sa.Column('open_needs_count', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('idea', 'project', 'wish')", name=op.f('ck_publications_kind')),
    sa.CheckConstraint("stage IN ('idea', 'in_progress', 'realised', 'paused', 'abandoned')", name=op.f('ck_publications_stage')),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_publications_status')),
    sa.ForeignKeyConstraint(['author_id'], ['memberships.id'], name=op.f('fk_publications_author_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_publications_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications'))
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_publications_tenant_featured', ['tenant_id', 'featured'], unique=False)
        batch_op.create_index(batch_op.f('ix_publications_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_publications_tenant_status_published', ['tenant_id', 'status', 'published_at'], unique=False)
        batch_op.create_index('ix_publications_tenant_status_supports', ['tenant_id', 'status', 'supports_count'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_comments_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_comments_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_comments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index('ix_comments_publication_created', ['publication_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_follows_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_follows_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_follows_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follows')),
    sa.UniqueConstraint('publication_id', 'membership_id', name='uq_follows_pair')
    )
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follows_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follows_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follows_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=True),
    sa.Column('resource', sa.String(length=16), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('skill', 'resource')", name=op.f('ck_needs_kind')),
    sa.CheckConstraint("state IN ('open', 'filled', 'withdrawn')", name=op.f('ck_needs_state')),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_needs_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_needs_skill_id_skills'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_needs_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_needs_tenant_state', ['tenant_id', 'state'], unique=False)

    op.create_table('project_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_project_updates_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_project_updates_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_project_updates_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_updates'))
    )
    with op.batch_alter_table('project_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_updates_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_updates_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('publication_holders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('(membership_id IS NULL) <> (organisation_id IS NULL)', name=op.f('ck_publication_holders_one')),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_publication_holders_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_publication_holders_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_publication_holders_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_publication_holders_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_holders')),
    sa.UniqueConstraint('publication_id', 'membership_id', 'organisation_id', name='uq_publication_holders_triple')
    )
    with op.batch_alter_table('publication_holders', schema=None) as batch_op:
        batch_op.create_index('ix_publication_holders_membership', ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publication_holders_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publication_holders_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('publication_images',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('alt', sa.String(length=200), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_publication_images_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_publication_images_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_images'))
    )
    with op.batch_alter_table('publication_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publication_images_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publication_images_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('publication_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_publication_themes_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_publication_themes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_publication_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_themes')),
    sa.UniqueConstraint('publication_id', 'theme_id', name='uq_publication_themes_pair')
    )
    with op.batch_alter_table('publication_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publication_themes_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publication_themes_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_publication_themes_tenant_theme', ['tenant_id', 'theme_id'], unique=False)

    op.create_table('supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_supports_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_supports_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_supports_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supports')),
    sa.UniqueConstraint('publication_id', 'membership_id', name='uq_supports_pair')
    )
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supports_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supports_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supports_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('help_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')", name=op.f('ck_help_offers_status')),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_help_offers_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_help_offers_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_help_offers_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_help_offers_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_offers')),
    sa.UniqueConstraint('need_id', 'membership_id', name='uq_help_offers_need_member')
    )
    with op.batch_alter_table('help_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_offers_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_offers_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_offers_tenant_id'), ['tenant_id'], unique=False)
    for table in ("publications", "publication_themes", "publication_holders",
                  "publication_images", "needs", "help_offers", "comments", "supports",
                  "follows", "project_updates", "search_documents"):
        enable_row_level_security(table)
    create_search_engine()


def create_search_engine():
    """PostgreSQL: a French configuration that ignores accents, and its index. SQLite: an
    FTS5 table over the stemmed words, kept in step by triggers."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("CREATE TEXT SEARCH CONFIGURATION upcampus_fr (COPY = pg_catalog.french)")
        op.execute("ALTER TEXT SEARCH CONFIGURATION upcampus_fr ALTER MAPPING FOR hword, "
                   "hword_part, word WITH unaccent, french_stem")
        op.execute(
            "CREATE INDEX ix_search_documents_fts ON search_documents USING gin (("
            "setweight(to_tsvector('upcampus_fr'::regconfig, title), 'A') || "
            "setweight(to_tsvector('upcampus_fr'::regconfig, body), 'B')))")
        return
    op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(stemmed, "
               "content='search_documents', content_rowid='id')")
    op.execute("CREATE TRIGGER search_fts_insert AFTER INSERT ON search_documents BEGIN "
               "INSERT INTO search_fts(rowid, stemmed) VALUES (new.id, new.stemmed); END")
    op.execute("CREATE TRIGGER search_fts_delete AFTER DELETE ON search_documents BEGIN "
               "INSERT INTO search_fts(search_fts, rowid, stemmed) "
               "VALUES ('delete', old.id, old.stemmed); END")
    op.execute("CREATE TRIGGER search_fts_update AFTER UPDATE ON search_documents BEGIN "
               "INSERT INTO search_fts(search_fts, rowid, stemmed) "
               "VALUES ('delete', old.id, old.stemmed); "
               "INSERT INTO search_fts(rowid, stemmed) VALUES (new.id, new.stemmed); END")


def drop_search_engine():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_documents_fts")
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS upcampus_fr")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS search_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS search_fts")


def downgrade():
    drop_search_engine()
    with op.batch_alter_table('help_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_offers_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_help_offers_need_id'))
        batch_op.drop_index(batch_op.f('ix_help_offers_membership_id'))

    op.drop_table('help_offers')
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supports_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_supports_publication_id'))
        batch_op.drop_index(batch_op.f('ix_supports_membership_id'))

    op.drop_table('supports')
    with op.batch_alter_table('publication_themes', schema=None) as batch_op:
        batch_op.drop_index('ix_publication_themes_tenant_theme')
        batch_op.drop_index(batch_op.f('ix_publication_themes_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_publication_themes_publication_id'))

    op.drop_table('publication_themes')
    with op.batch_alter_table('publication_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publication_images_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_publication_images_publication_id'))

    op.drop_table('publication_images')
    with op.batch_alter_table('publication_holders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publication_holders_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_publication_holders_publication_id'))
        batch_op.drop_index('ix_publication_holders_membership')

    op.drop_table('publication_holders')
    with op.batch_alter_table('project_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_updates_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_project_updates_publication_id'))

    op.drop_table('project_updates')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index('ix_needs_tenant_state')
        batch_op.drop_index(batch_op.f('ix_needs_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_needs_publication_id'))

    op.drop_table('needs')
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follows_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_follows_publication_id'))
        batch_op.drop_index(batch_op.f('ix_follows_membership_id'))

    op.drop_table('follows')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_tenant_id'))
        batch_op.drop_index('ix_comments_publication_created')
        batch_op.drop_index(batch_op.f('ix_comments_membership_id'))

    op.drop_table('comments')
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index('ix_publications_tenant_status_supports')
        batch_op.drop_index('ix_publications_tenant_status_published')
        batch_op.drop_index(batch_op.f('ix_publications_tenant_id'))
        batch_op.drop_index('ix_publications_tenant_featured')
        batch_op.drop_index(batch_op.f('ix_publications_author_id'))

    op.drop_table('publications')
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_tenant_kind')
        batch_op.drop_index(batch_op.f('ix_search_documents_tenant_id'))

    op.drop_table('search_documents')
