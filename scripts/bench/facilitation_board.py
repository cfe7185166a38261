"""Benchmark: the facilitation board of a city with many followed projects.

Builds a throwaway SQLite database (or --database-url), fills one city with N published
projects (holders, open needs, a track at every step, referents, accompaniments), logs a
facilitator in and loads the board, its filters and one step's page; prints the SQL
statements and the time of each (median of --runs, warm caches).

    scripts/bench/run facilitation_board [--projects 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from datetime import timedelta

from benchlib import bench_app, bench_city, counted_get
from sqlalchemy import insert, select, text

from upcampus.accounts.consent import record as record_consent
from upcampus.accounts.models import Account, Membership
from upcampus.accounts.passwords import hash_password
from upcampus.core.db import db, utcnow
from upcampus.facilitation.models import STEPS, Accompaniment, Partner, Track
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Holder, Publication
from upcampus.tenancy.context import tenant_scope

PAGES = ["/facilitation", "/facilitation?referent=me", "/facilitation?needs=open&age=30",
         "/facilitation?step=qualified&page=3", "/desk"]
PASSWORD = "bench-password-long-enough"  # noqa: S105 - a throwaway database


def fill(tenant_id: int, count: int) -> None:
    now = utcnow()
    with tenant_scope(tenant_id):
        db.session.execute(insert(Account), [
            {"email": f"m{i}@bench.example.org", "display_name": f"Membre {i}",
             "password_hash": "x", "auth_version": 1, "is_platform_admin": False,
             "created_at": now} for i in range(max(count // 10, 1))])
        accounts = db.session.scalars(select(Account.id).where(
            Account.email.like("%@bench.example.org")).order_by(Account.id)).all()
        db.session.execute(insert(Membership), [
            {"tenant_id": tenant_id, "account_id": a, "role": "member", "status": "active",
             "visibility": "public", "bio": "", "neighbourhood": "Centre", "offers": "",
             "joined_at": now} for a in accounts])
        members = db.session.scalars(select(Membership.id).where(
            Membership.role == "member").order_by(Membership.id)).all()
        facilitator = db.session.scalar(select(Membership.id).where(
            Membership.role == "facilitator"))
        organisation = Organisation(name="Couveuse", slug="couveuse", kind="support")
        db.session.add(organisation)
        db.session.flush()
        partner = Partner(organisation_id=organisation.id, brings=["advice"])
        db.session.add(partner)
        db.session.flush()
        db.session.execute(insert(Publication), [
            {"tenant_id": tenant_id, "kind": "project", "title": f"Projet {i}",
             "slug": f"projet-{i}", "description": "", "neighbourhood": "Centre",
             "address": "", "stage": "idea", "status": "published", "featured": False,
             "supports_count": 0, "open_needs_count": i % 3, "created_at": now,
             "updated_at": now, "published_at": now, "author_id": members[i % len(members)]}
            for i in range(count)])
        publications = db.session.scalars(select(Publication.id).order_by(
            Publication.id)).all()
        db.session.execute(insert(Holder), [
            {"tenant_id": tenant_id, "publication_id": p,
             "membership_id": members[i % len(members)]} for i, p in enumerate(publications)])
        db.session.execute(insert(Track), [
            {"tenant_id": tenant_id, "publication_id": p, "step": STEPS[i % 4],
             "step_since": now - timedelta(days=i % 120), "spotted_at": now,
             "interest": "", "local_need": "", "aside_reason": "", "city_shows": False,
             "holder_shows": False, "referent_id": facilitator if i % 5 == 0 else None}
            for i, p in enumerate(publications)])
        db.session.execute(insert(Accompaniment), [
            {"tenant_id": tenant_id, "publication_id": p, "partner_id": partner.id,
             "kind": "advice", "brief": "", "status": "active", "answer": "", "outcome": "",
             "created_at": now, "last_news_at": now}
            for i, p in enumerate(publications) if i % 4 >= 2])
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    app = bench_app(args.database_url)
    with app.app_context():
        tenant_id = bench_city()
        account = Account(email="facilitator@team.example.org", display_name="Animatrice",
                          password_hash=hash_password(PASSWORD), email_verified_at=utcnow())
        db.session.add(account)
        db.session.commit()
        record_consent(account.id, tenant_id, accepted=True)  # else the desk asks for it first
        db.session.commit()
        with tenant_scope(tenant_id):
            db.session.add(Membership(account_id=account.id, role="facilitator"))
            db.session.commit()
        started = time.perf_counter()
        fill(tenant_id, args.projects)
        print(f"filled {args.projects} projects in {time.perf_counter() - started:.1f} s")
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE " + ", ".join(db.metadata.tables)))
                conn.commit()
    client = app.test_client()
    base = "http://ville.bench.test"
    page = client.get("/login", base_url=base).text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = client.post("/login", base_url=base, data={
        "csrf_token": token, "email": "facilitator@team.example.org", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    print(f"{'page':<42} {'queries':>8} {'median ms':>10}")
    for path in PAGES:
        client.get(path, base_url=base)  # warm
        times, counts = [], []
        for _ in range(args.runs):
            count, elapsed = counted_get(app, client, path, base)
            counts.append(count)
            times.append(elapsed)
        print(f"{path:<42} {max(counts):>8} {statistics.median(times):>10.1f}")


if __name__ == "__main__":
    main()
