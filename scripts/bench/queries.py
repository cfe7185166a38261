"""Benchmark: SQL queries and time per page of a city, with little and with much data.

Builds a throwaway SQLite database (or --database-url), fills one city with N members,
publications (each with a need, a comment and supports) and organisations, then loads
each key page and counts its SQL statements; then N times more data, and again.

    scripts/bench/run queries [--small 10] [--large 500]

With --search-cities N, then fills N more cities with --search-docs search documents each
and the measured city with --big-city-docs (bulk inserts, French words, "jardin" in
about a third), and times /search on the big city: median and p95 over --repeat
requests, and the plan of the search statement on PostgreSQL.

    scripts/bench/run queries --database-url postgresql+psycopg://... \
        --search-cities 200 --search-docs 1000 --big-city-docs 50000
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from benchlib import bench_app, bench_city, counted_get
from sqlalchemy import insert, select, text

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db, utcnow
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Comment, Holder, Need, Publication
from upcampus.search.engines import distinct_words, stemmed_text
from upcampus.search.models import SearchDocument
from upcampus.search.operations import reindex_current_city, remember_words, search
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.features import resolved_features
from upcampus.tenancy.models import Tenant

PAGES = ["/", "/projects", "/projects?sort=supported&needs=open", "PROJECT", "/members",
         "/organisations", "/search?q=jardin"]


def fill(tenant_id: int, start: int, count: int) -> None:
    with tenant_scope(tenant_id):
        accounts = [{"email": f"m{i}@bench.example.org", "display_name": f"Membre {i}",
                     "password_hash": "x", "auth_version": 1, "is_platform_admin": False,
                     "created_at": utcnow()} for i in range(start, start + count)]
        db.session.execute(insert(Account), accounts)
        ids = db.session.scalars(select(Account.id).where(
            Account.email.like("%@bench.example.org")).order_by(Account.id)).all()[start:]
        db.session.execute(insert(Membership), [
            {"tenant_id": tenant_id, "account_id": a, "role": "member", "status": "active",
             "visibility": "public", "bio": "Jardin et cuisine", "neighbourhood": "Centre",
             "offers": "", "joined_at": utcnow()} for a in ids])
        members = db.session.scalars(select(Membership.id).order_by(Membership.id)).all()
        for i in range(start, start + count):
            author = members[i % len(members)]
            publication = Publication(kind="project", title=f"Projet de jardin {i}",
                                      slug=f"projet-de-jardin-{i}", status="published",
                                      stage="idea", author_id=author, published_at=utcnow(),
                                      description="Un jardin partagé " * 20,
                                      open_needs_count=1, supports_count=i % 7)
            publication.holders.append(Holder(membership_id=author))
            publication.needs.append(Need(kind="resource", resource="premises", text="Local"))
            db.session.add(publication)
            db.session.add(Organisation(name=f"Association {i}", slug=f"association-{i}",
                                        kind="association", description="Jardins"))
        db.session.flush()
        for publication_id in db.session.scalars(select(Publication.id)).all()[start:]:
            db.session.add(Comment(publication_id=publication_id, membership_id=members[0],
                                   body="Bravo"))
        db.session.commit()
        reindex_current_city()


WORDS = ("quartier velo atelier cuisine ecole parc marche association voisin repas musique "
         "theatre livre bibliotheque sport enfant jeune aine solidarite energie soleil eau "
         "arbre fleur potager compost recyclage reparation couture peinture photo danse "
         "chorale randonnee fete brocante entraide numerique code robot science histoire "
         "patrimoine eglise place rue maison local salle mairie budget projet idee besoin "
         "benevole competence outil terrain toit mur fresque banc fontaine").split()


def fill_search(tenant_id: int, count: int, seed: int) -> None:
    """`count` search documents of one city, straight into the table (no publications),
    and the city's vocabulary. PostgreSQL computes its vector itself; the stemmed words
    (pure-Python Snowball, ~6 ms a document) are for SQLite only."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    sqlite = db.engine.dialect.name == "sqlite"
    rows = []
    for i in range(count):
        words = rng.choices(WORDS, k=30)
        if rng.random() < 0.33:
            words[rng.randrange(30)] = "jardin"
        title, body = f"Document {i} {words[0]} {words[1]}", " ".join(words)
        rows.append({"tenant_id": tenant_id, "kind": "publication", "ref_id": 10**6 + i,
                     "title": title, "body": body, "url": f"/projects/{i + 1}",
                     "visibility": "public",
                     "stemmed": stemmed_text(title, body) if sqlite else "",
                     "words": distinct_words(title, body),
                     "excerpt": {"fr": {"title": title, "parts": [body]}}})
    with tenant_scope(tenant_id):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(SearchDocument), rows[start:start + 5000])
        remember_words(" ".join(row["words"] for row in rows).split())
        db.session.commit()


def national_search(app, args, tenant_id: int) -> None:
    with app.app_context():
        started = time.perf_counter()
        for n in range(args.search_cities):
            city = Tenant(slug=f"ville-{n}", name=f"UP Ville {n}", city=f"Ville {n}",
                          subdomain=f"ville-{n}", status="active", status_message={},
                          description={}, default_locale="fr", locales=["fr", "en"],
                          timezone="Europe/Paris", theme="default",
                          features=resolved_features({}), contact={}, branding={
                              "primary": "#1d4f91", "secondary": "#7a3b00", "font": "system"})
            db.session.add(city)
            db.session.commit()
            fill_search(city.id, args.search_docs, seed=n)
        fill_search(tenant_id, args.big_city_docs, seed=-1)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE search_documents"))
                conn.commit()
        total = args.search_cities * args.search_docs + args.big_city_docs + args.large
        print(f"\nsearch: {total:,} documents in {args.search_cities + 1} cities, "
              f"{args.big_city_docs + args.large:,} of them in the measured one "
              f"(built in {time.perf_counter() - started:.0f} s)")
    client = app.test_client()
    for path in ("/search?q=jardin", "/search?q=jardin+potager", "/search?q=fontaine",
                 "/search?q=jardn", "/search?q=jardin&page=3"):
        client.get(path, base_url="http://ville.bench.test")
        spent = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(path, base_url="http://ville.bench.test")
            spent.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        spent.sort()
        query = path.split("q=")[1].split("&")[0].replace("+", " ")
        alone = []  # the search itself, in process: its statements and their rows
        with app.app_context(), tenant_scope(tenant_id):
            for _ in range(args.repeat):
                started = time.perf_counter()
                search(query, member=False)
                alone.append((time.perf_counter() - started) * 1000)
        print(f"{path:<40} page median {statistics.median(spent):6.1f} ms, "
              f"p95 {spent[int(len(spent) * 0.95) - 1]:6.1f} ms; "
              f"search() median {statistics.median(alone):5.1f} ms")


def measure(app, host: str, project: str) -> dict[str, tuple[int, float]]:
    client = app.test_client()
    results = {}
    for page in PAGES:
        path = project if page == "PROJECT" else page
        client.get(path, base_url=f"http://{host}")  # warm caches
        results[page] = counted_get(app, client, path, f"http://{host}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=500)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--search-cities", type=int, default=0)
    parser.add_argument("--search-docs", type=int, default=1000)
    parser.add_argument("--big-city-docs", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    app = bench_app(args.database_url)
    with app.app_context():
        tenant_id = bench_city()
        fill(tenant_id, 0, args.small)
        with tenant_scope(tenant_id):
            first = db.session.scalars(select(Publication).order_by(Publication.id)).first()
            project = f"/projects/{first.id}-{first.slug}"
    small = measure(app, "ville.bench.test", project)
    with app.app_context():
        fill(tenant_id, args.small, args.large - args.small)
        if db.engine.dialect.name == "postgresql":  # as autovacuum would, after a bulk load
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE " + ", ".join(db.metadata.tables)))
                conn.commit()
    large = measure(app, "ville.bench.test", project)
    print(f"{'page':<40} {'queries':>16} {'ms':>18}")
    print(f"{'':<40} {args.small:>7} {args.large:>8} {args.small:>8} {args.large:>9}")
    for page in PAGES:
        (q1, t1), (q2, t2) = small[page], large[page]
        print(f"{page:<40} {q1:>7} {q2:>8} {t1:>8.1f} {t2:>9.1f}")
    if args.search_cities:
        national_search(app, args, tenant_id)


if __name__ == "__main__":
    main()
