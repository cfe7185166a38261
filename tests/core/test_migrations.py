"""The migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from upcampus.core.db import db, include_in_autogenerate
from upcampus.core.settings import REPO_ROOT
from upcampus.search.operations import index_document
from upcampus.taxonomy.operations import sync_shared_taxonomy
from upcampus.tenancy.context import tenant_scope

MIGRATIONS = str(REPO_ROOT / "migrations")
BEFORE_SEARCH_WORDS = "5e3a9c1d7b24"  # 3767d8379f31's parent


def schema_differences():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "include_object": include_in_autogenerate})
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(app_context):
    assert schema_differences() == []


def test_migrations_go_down_and_up_again(two_cities, member_of):
    # With data in place, as on a real database: a city, members, search documents.
    for city in two_cities:
        member_of(city)
        with tenant_scope(city):
            index_document("project", 1, title="Jardin partagé", url="/projects/1",
                           body="Des planches de potager.")
            db.session.commit()
    db.session.remove()
    # The search-words migration alone first: its downgrade keeps the cities.
    downgrade(directory=MIGRATIONS, revision=BEFORE_SEARCH_WORDS)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM tenants")).scalar() == 2
        if conn.dialect.name == "sqlite":  # PostgreSQL's policies hide pages here
            # Copying `tenants` with foreign keys on would have cascaded to its pages.
            assert conn.execute(text("SELECT count(*) FROM pages")).scalar() == 3
    downgrade(directory=MIGRATIONS, revision="base")
    upgrade(directory=MIGRATIONS)
    assert schema_differences() == []
    sync_shared_taxonomy()  # the suite's other tests rely on it


def test_migration_files_sort_by_date():
    names = sorted(p.name for p in (REPO_ROOT / "migrations" / "versions").glob("*.py"))
    assert names and all(n[:8].isdigit() and n[8] == "_" for n in names)
