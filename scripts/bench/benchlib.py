"""What the benchmarks share: a throwaway app on its own database, one city to fill, and a
page fetched with its SQL statements counted and its time taken."""

from __future__ import annotations

import os
import tempfile
import time

from flask_migrate import upgrade
from sqlalchemy import event

from upcampus import create_app
from upcampus.core.db import db
from upcampus.core.settings import REPO_ROOT
from upcampus.taxonomy.operations import sync_shared_taxonomy
from upcampus.tenancy.features import resolved_features
from upcampus.tenancy.models import Tenant


def bench_app(database_url: str = "", **settings: str):
    """An app on `database_url` (else a temporary SQLite file), migrated, with the shared
    taxonomy; `settings` become UPCAMPUS_<NAME> variables. The page cache is off unless
    asked for: rendering is what a benchmark measures."""
    settings = {"PAGE_CACHE": "false", **settings}
    tmp = tempfile.mkdtemp(prefix="upcampus-bench-")
    os.environ.update({"UPCAMPUS_ENV": "test", "UPCAMPUS_INSTANCE_DIR": tmp,
                       "UPCAMPUS_DATABASE_URL": database_url or f"sqlite:///{tmp}/bench.sqlite3",
                       "UPCAMPUS_BASE_DOMAIN": "bench.test",
                       **{f"UPCAMPUS_{name}": value for name, value in settings.items()}})
    app = create_app()
    with app.app_context():
        upgrade(directory=str(REPO_ROOT / "migrations"))
        sync_shared_taxonomy()
    return app


def bench_city(**fields) -> int:
    """The city every benchmark fills, UP Ville at ville.bench.test; its id."""
    tenant = Tenant(**{
        "slug": "ville", "name": "UP Ville", "city": "Ville", "subdomain": "ville",
        "status": "active", "status_message": {}, "description": {}, "default_locale": "fr",
        "locales": ["fr", "en"], "timezone": "Europe/Paris", "theme": "default",
        "features": resolved_features({}), "contact": {},
        "branding": {"primary": "#1d4f91", "secondary": "#7a3b00", "font": "system"},
        **fields})
    db.session.add(tenant)
    db.session.commit()
    return tenant.id


def counted_get(app, client, path: str, base_url: str) -> tuple[int, float]:
    """(SQL statements, milliseconds) of one request, which must answer 200."""
    seen: list[str] = []
    with app.app_context():
        listener = lambda *a, seen=seen: seen.append(a[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        started = time.perf_counter()
        response = client.get(path, base_url=base_url)
        elapsed = (time.perf_counter() - started) * 1000
        event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200, (path, response.status_code)
    return len([s for s in seen if "set_config" not in s]), elapsed
