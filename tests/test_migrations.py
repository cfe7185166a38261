"""The migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from upcampus.core.db import db, include_in_autogenerate
from upcampus.core.settings import REPO_ROOT
from upcampus.taxonomy.operations import sync_shared_taxonomy

MIGRATIONS = str(REPO_ROOT / "migrations")


def schema_differences():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "include_object": include_in_autogenerate})
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(app_context):
    assert schema_differences() == []


def test_migrations_go_down_and_up_again(app_context):
    db.session.remove()
    downgrade(directory=MIGRATIONS, revision="base")
    upgrade(directory=MIGRATIONS)
    assert schema_differences() == []
    sync_shared_taxonomy()  # the suite's other tests rely on it


def test_migration_files_sort_by_date():
    names = sorted(p.name for p in (REPO_ROOT / "migrations" / "versions").glob("*.py"))
    assert names and all(n[:8].isdigit() and n[8] == "_" for n in names)
