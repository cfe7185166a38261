"""Benchmark: SQL queries and time of the agenda, an event's page and the city feed, with
a few events and with many (default 5,000 events, 500 registrations on the first one).

    scripts/bench/run events [--small 10] [--large 5000] [--registrations 500]
"""

from __future__ import annotations

import argparse
from datetime import timedelta

from benchlib import bench_app, bench_city, counted_get
from sqlalchemy import insert, select, text

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event, EventTheme, Registration
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import tenant_scope

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
        results[page] = counted_get(app, client, path, f"http://{host}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--registrations", type=int, default=500)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    app = bench_app(args.database_url)
    with app.app_context():
        tenant_id = bench_city()
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
