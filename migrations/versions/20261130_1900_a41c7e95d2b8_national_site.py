"""national site: news, shared pages, replications; shared projects; what onboard applied

Revision ID: a41c7e95d2b8
Revises: b7c41e9d2a53
Create Date: 2026-11-30 16:00:00

Publications gain what a city shares nationally (the flag, the lessons, a national
editor's highlight); cities remember what their last onboard applied. The new
tables are national data (no tenant_id, no row-level security).
"""
import sqlalchemy as sa
from alembic import op

revision = "a41c7e95d2b8"
down_revision = 'b7c41e9d2a53'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "national_news",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pushed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_news")),
    )
    with op.batch_alter_table("national_news", schema=None) as batch_op:
        batch_op.create_index("ix_national_news_published", ["published_at"], unique=False)
    op.create_table(
        "national_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=63), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_pages")),
        sa.UniqueConstraint("slug", "locale", name="uq_national_pages_slug_locale"),
    )
    op.create_table(
        "replications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("original_tenant_id", sa.Integer(), nullable=False),
        sa.Column("original_publication_id", sa.Integer(), nullable=False),
        sa.Column("original_title", sa.String(length=160), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.Column("replica_tenant_id", sa.Integer(), nullable=False),
        sa.Column("replica_publication_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_replications_account_id_accounts"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["original_tenant_id"], ["tenants.id"],
                                name=op.f("fk_replications_original_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["replica_tenant_id"], ["tenants.id"],
                                name=op.f("fk_replications_replica_tenant_id_tenants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replications")),
        sa.UniqueConstraint("replica_tenant_id", "replica_publication_id",
                            name="uq_replications_replica"),
    )
    with op.batch_alter_table("replications", schema=None) as batch_op:
        batch_op.create_index("ix_replications_original",
                              ["original_tenant_id", "original_publication_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_replications_replica_tenant_id"),
                              ["replica_tenant_id"], unique=False)
    # Plain ADD COLUMN on both databases: no copy of these busy tables.
    op.add_column("publications", sa.Column("shared_nationally", sa.Boolean(),
                                            server_default=sa.false(), nullable=False))
    op.add_column("publications", sa.Column("lessons", sa.Text(), server_default="",
                                            nullable=False))
    op.add_column("publications", sa.Column("national_highlight", sa.Boolean(),
                                            server_default=sa.false(), nullable=False))
    op.add_column("tenants", sa.Column("onboarded", sa.JSON(), nullable=True))


def downgrade():
    # Natively (SQLite 3.35+ too): a batch copy of tenants would cascade to its rows.
    for table, column in (("tenants", "onboarded"), ("publications", "national_highlight"),
                          ("publications", "lessons"), ("publications", "shared_nationally")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    with op.batch_alter_table("replications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_replications_replica_tenant_id"))
        batch_op.drop_index("ix_replications_original")
    op.drop_table("replications")
    op.drop_table("national_pages")
    with op.batch_alter_table("national_news", schema=None) as batch_op:
        batch_op.drop_index("ix_national_news_published")
    op.drop_table("national_news")
