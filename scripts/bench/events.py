"""Benchmark: SQL queries and time of the agenda, an event's page and the city feed, with
a few events and with many (default 5,000 events, 500 registrations on the first one).

    scripts/bench/run events [--small 10] [--large 5000] [--registrations 500]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import timedelta

from flask_migrate import upgrade
from sqlalchemy import event, insert, select, text

from upcampus import create_app
from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db, utcnow
from upcampus.core.settings import REPO_ROOT
from upcampus.events.models import Event, EventTheme, Registration
from upcampus.taxonomy.models import Theme
from upcampus.taxonomy.operations import sync_shared_taxonomy
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.features import resolved_features
from upcampus.tenancy.models import Tenant

PAGES = ["/", "/events", "/events?when=past", "/events?kind=workshop&theme=ecology",
         "EVENT", "/events.ics"]


def fill(tenant_id: int, start: int, count: int) -> None:
    now = utcnow()
    with tenant_scope(tenant_id):
        theme = db.session.scalar(select(Theme.id).where(Theme.code == "ecology"))
        db.session.execute(insert(Event), [
            {"tenant_id": tenant_id, "title": f"Événement {i}", "slug": f"evenement-{i}",
             "description": "Une rencontre " * 30, "kind": ("conference", "workshop")[i % 2],
             "status": "published", "starts_at": now + timedelta(hours=i - count // 2),
             "ends_at": now + timedelta(hours=i - count // 2 + 2), "place_name": "Salle",
             "address": "1 rue Houdan", "online_url": "", "accessibility": "",
             "capacity": None, "seats_taken": 0, "created_at": now, "updated_at": now}
            for i in range(start, start + count)])
        ids = db.session.scalars(select(Event.id).order_by(Event.id)).all()[start:]
        db.session.execute(insert(EventTheme), [
            {"tenant_id": tenant_id, "event_id": e, "theme_id": theme} for e in ids])
        db.session.commit()


def register(tenant_id: int, event_id: int, start: int, count: int) -> None:
    with tenant_scope(tenant_id):
        db.session.execute(insert(Account), [
            {"email": f"r{i}@bench.example.org", "display_name": f"Personne {i}",
             "password_hash": "x", "auth_version": 1, "is_platform_admin": False,
             "created_at": utcnow()} for i in range(start, start + count)])
        accounts = db.session.scalars(select(Account.id).where(
            Account.email.like("r%@bench.example.org")).order_by(Account.id)).all()[start:]
        db.session.execute(insert(Membership), [
            {"tenant_id": tenant_id, "account_id": a, "role": "member", "status": "active",
             "visibility": "public", "bio": "", "neighbourhood": "", "offers": "",
             "joined_at": utcnow()} for a in accounts])
        members = db.session.scalars(select(Membership.id).order_by(Membership.id)).all()
        db.session.execute(insert(Registration), [
            {"tenant_id": tenant_id, "event_id": event_id, "membership_id": m,
             "state": "confirmed", "guest_name": "", "created_at": utcnow()}
            for m in members[start:]])
        db.session.get(Event, event_id).seats_taken = len(members)
        db.session.commit()


def measure(app, host: str, page_of_event: str) -> dict[str, tuple[int, float]]:
    client = app.test_client()
    results = {}
    for page in PAGES:
        path = page_of_event if page == "EVENT" else page
        client.get(path, base_url=f"http://{host}")  # warm caches
        seen: list[str] = []
        with app.app_context():
            listener = lambda *a, seen=seen: seen.append(a[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            started = time.perf_counter()
            response = client.get(path, base_url=f"http://{host}")
            elapsed = (time.perf_counter() - started) * 1000
            event.remove(db.engine, "before_cursor_execute", listener)
        assert response.status_code == 200, (path, response.status_code)
        results[page] = (len([s for s in seen if "set_config" not in s]), elapsed)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--registrations", type=int, default=500)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="upcampus-bench-")
    os.environ.update({"UPCAMPUS_ENV": "test", "UPCAMPUS_INSTANCE_DIR": tmp,
                       "UPCAMPUS_DATABASE_URL": args.database_url
                       or f"sqlite:///{tmp}/bench.sqlite3",
                       "UPCAMPUS_BASE_DOMAIN": "bench.test"})
    app = create_app()
    with app.app_context():
        upgrade(directory=str(REPO_ROOT / "migrations"))
        sync_shared_taxonomy()
        tenant = Tenant(slug="ville", name="UP Ville", city="Ville", subdomain="ville",
                        status="active", status_message={}, description={},
                        default_locale="fr", locales=["fr", "en"], timezone="Europe/Paris",
                        theme="default", features=resolved_features({}), contact={},
                        branding={"primary": "#1d4f91", "secondary": "#7a3b00",
                                  "font": "system"})
        db.session.add(tenant)
        db.session.commit()
        tenant_id = tenant.id
        fill(tenant_id, 0, args.small)
        with tenant_scope(tenant_id):
            first = db.session.scalars(select(Event).order_by(Event.id)).first()
            page_of_event, first_id = f"/events/{first.id}-{first.slug}", first.id
        register(tenant_id, first_id, 0, args.small)
    small = measure(app, "ville.bench.test", page_of_event)
    with app.app_context():
        fill(tenant_id, args.small, args.large - args.small)
        register(tenant_id, first_id, args.small, args.registrations - args.small)
        if db.engine.dialect.name == "postgresql":  # as autovacuum would, after a bulk load
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE " + ", ".join(db.metadata.tables)))
                conn.commit()
    large = measure(app, "ville.bench.test", page_of_event)
    print(f"{'page':<40} {'queries':>16} {'ms':>18}")
    print(f"{'':<40} {args.small:>7} {args.large:>8} {args.small:>8} {args.large:>9}")
    for page in PAGES:
        (q1, t1), (q2, t2) = small[page], large[page]
        print(f"{page:<40} {q1:>7} {q2:>8} {t1:>8.1f} {t2:>9.1f}")


if __name__ == "__main__":
    main()
