"""A national-size dataset, fast: cities through the ORM (a few hundred rows), then
accounts, memberships, projects with their holder, comments and search documents written
in bulk — PostgreSQL COPY on a superuser connection (row-level security does not apply to
it, and COPY refuses tables under RLS otherwise), or plain bulk inserts city by city in
its scope (SQLite, or a role under RLS: the tests).

Columns the generator does not name take their model default, so a column added later
needs nothing here. Every account has the same password (`PASSWORD`), hashed once.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Table, func, insert, select

from upcampus.accounts.consent import versions_in_force
from upcampus.accounts.models import Account, Consent, Membership
from upcampus.accounts.passwords import hash_password
from upcampus.core.db import db, utcnow
from upcampus.projects.models import Comment, Holder, Publication
from upcampus.search.engines import distinct_words, stemmed_text
from upcampus.search.models import SearchDocument
from upcampus.search.operations import remember_words
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.features import resolved_features
from upcampus.tenancy.models import Tenant

PASSWORD = "load test password"  # noqa: S105 - every generated account's, on purpose
WORDS = ("quartier velo atelier cuisine ecole parc marche association voisin repas musique "
         "theatre livre bibliotheque sport enfant jeune solidarite energie soleil eau arbre "
         "fleur potager compost recyclage reparation couture peinture photo danse chorale "
         "fete brocante entraide numerique patrimoine place rue maison salle budget").split()


@dataclass(frozen=True)
class Sizes:
    cities: int
    accounts: int
    projects: int
    comments: int


SIZES = {"quick": Sizes(10, 5_000, 1_500, 6_000),
         "default": Sizes(200, 200_000, 50_000, 300_000),
         "national": Sizes(1_000, 1_000_000, 500_000, 500_000)}


def model_defaults(table: Table, given: Iterable[str]) -> dict[str, object]:
    """The Python-side defaults of the columns not given (COPY applies none itself)."""
    defaults = {}
    for column in table.columns:
        if column.name in given or column.default is None:
            continue
        default = column.default
        if default.is_scalar:
            defaults[column.name] = default.arg
        elif default.is_callable:
            defaults[column.name] = default.arg(None)
    return defaults


class CopyWriter:
    """COPY into PostgreSQL on a psycopg connection (superuser: RLS does not apply)."""

    def __init__(self, connection):
        self.connection = connection

    def reserve_ids(self, model, count: int) -> list[int]:
        table = model.__table__
        with self.connection.cursor() as cursor:
            last = cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                                  "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                                  (table.name, table.name, count)).fetchone()[0]
        return list(range(last - count + 1, last + 1))

    def write(self, model, rows: Iterator[dict]) -> int:
        from psycopg.types.json import Jsonb

        table, first = model.__table__, next(rows, None)
        if first is None:
            return 0
        defaults = model_defaults(table, first)
        names = [*first, *defaults]
        jsons = {c.name for c in table.columns if c.type.__class__.__name__ in ("JSON", "JSONB")}
        written = 0
        with self.connection.cursor() as cursor, cursor.copy(
                f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for row in itertools.chain([first], rows):
                full = {**defaults, **row}
                copy.write_row([Jsonb(full[n]) if n in jsons else full[n] for n in names])
                written += 1
        self.connection.commit()
        return written


class InsertWriter:
    """Bulk inserts through the app's session, each city's rows in its own scope."""

    def reserve_ids(self, model, count: int) -> list[int]:
        table = model.__table__
        if db.engine.dialect.name == "postgresql":
            return list(db.session.scalars(select(func.nextval(
                func.pg_get_serial_sequence(table.name, "id"))).select_from(
                func.generate_series(1, count))))
        db.session.commit()  # SQLite has no row-level security: the engine reads every city
        with db.engine.connect() as connection:
            start = (connection.scalar(select(func.max(table.c.id))) or 0) + 1
        return list(range(start, start + count))

    def write(self, model, rows: Iterator[dict]) -> int:
        first = next(rows, None)
        if first is None:
            return 0
        defaults, written = model_defaults(model.__table__, first), 0
        by_city = itertools.groupby(itertools.chain([first], rows),
                                    key=lambda row: row.get("tenant_id"))
        for tenant_id, group in by_city:
            chunk = [{**defaults, **row} for row in group]
            if tenant_id is None:
                db.session.execute(insert(model), chunk)
            else:
                with tenant_scope(tenant_id):
                    db.session.execute(insert(model), chunk)
                    db.session.commit()
            written += len(chunk)
        db.session.commit()
        return written


def make_cities(count: int, prefix: str = "load") -> list[int]:
    """`count` active cities <prefix>-<n> (through the ORM: its hooks run); their ids."""
    ids = []
    for n in range(count):
        city = Tenant(slug=f"{prefix}-{n}", name=f"UP Ville {n}", city=f"Ville {n}",
                      subdomain=f"{prefix}-{n}", status="active", status_message={},
                      description={}, default_locale="fr", locales=["fr", "en"],
                      timezone="Europe/Paris", theme="default", features=resolved_features({}),
                      contact={}, branding={"primary": "#1d4f91", "secondary": "#7a3b00",
                                            "font": "system"})
        db.session.add(city)
        db.session.commit()
        ids.append(city.id)
    return ids


def generate(writer, sizes: Sizes, *, prefix: str = "load", seed: int = 17,
             say: Callable[[str], None] = lambda _: None) -> dict:
    """Fill the database; what was made (ids of cities, counts, a project's path per city)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    cities = make_cities(sizes.cities, prefix)
    say(f"{len(cities)} cities")
    now, password_hash = utcnow(), hash_password(PASSWORD)
    sqlite = db.engine.dialect.name == "sqlite"

    account_ids = writer.reserve_ids(Account, sizes.accounts)
    writer.write(Account, ({
        "id": a, "email": f"u{a}@{prefix}.upcampus.org", "display_name": f"Habitant {a}",
        "password_hash": password_hash, "email_verified_at": now, "auth_version": 1,
        "created_at": now} for a in account_ids))
    say(f"{len(account_ids):,} accounts")
    # Each has accepted the documents in force (else every signed-in page asks first).
    accepted = [(a, document, version) for a in account_ids
                for document, version in versions_in_force().items()]
    writer.write(Consent, ({"id": i, "account_id": a, "document": document,
                            "version": version, "accepted_at": now}
                           for i, (a, document, version) in zip(
                               writer.reserve_ids(Consent, len(accepted)), accepted, strict=True)))

    # Account k joins city k mod n; rows are written city after city.
    members_of = {c: account_ids[i::len(cities)] for i, c in enumerate(cities)}
    membership_ids = iter(writer.reserve_ids(Membership, sizes.accounts))
    memberships = {c: [(next(membership_ids), a) for a in accounts]
                   for c, accounts in members_of.items()}
    writer.write(Membership, ({
        "id": m, "tenant_id": c, "account_id": a, "role": "member", "status": "active",
        "visibility": "public", "bio": "Jardin et cuisine", "neighbourhood": "Centre",
        "joined_at": now} for c in cities for m, a in memberships[c]))
    say(f"{sizes.accounts:,} memberships")

    publication_ids = iter(writer.reserve_ids(Publication, sizes.projects))
    projects = {c: [] for c in cities}
    for i in range(sizes.projects):
        city = cities[i % len(cities)]
        words = rng.choices(WORDS, k=24) + (["jardin"] if i % 3 == 0 else [])
        projects[city].append((next(publication_ids), rng.choice(memberships[city])[0],
                               f"Projet {words[0]} {words[1]} {i}", " ".join(words)))
    writer.write(Publication, ({
        "id": p, "tenant_id": c, "kind": "project", "title": title,
        "slug": title.lower().replace(" ", "-"), "description": body, "status": "published",
        "stage": "idea", "author_id": author, "supports_count": p % 7,
        "published_at": now - timedelta(minutes=p), "created_at": now, "updated_at": now}
        for c in cities for p, author, title, body in projects[c]))
    writer.write(Holder, ({"id": h, "tenant_id": c, "publication_id": p,
                                   "membership_id": author}
                                  for h, (c, p, author) in zip(
                                      writer.reserve_ids(Holder, sizes.projects),
                                      ((c, p, a) for c in cities for p, a, _, _ in projects[c]),
                                      strict=True)))
    say(f"{sizes.projects:,} projects with their holder")

    comment_ids = iter(writer.reserve_ids(Comment, sizes.comments))
    per_city = [sizes.comments // len(cities) + (1 if i < sizes.comments % len(cities) else 0)
                for i in range(len(cities))]
    writer.write(Comment, ({
        "id": next(comment_ids), "tenant_id": c, "body": "Bravo, je participe !",
        "publication_id": rng.choice(projects[c])[0] if projects[c] else None,
        "membership_id": rng.choice(memberships[c])[0], "created_at": now}
        for c, count in zip(cities, per_city, strict=True) if projects[c]
        for _ in range(count)))
    say(f"{sizes.comments:,} comments")

    writer.write(SearchDocument, ({
        "tenant_id": c, "kind": "publication", "ref_id": p, "title": title, "body": body,
        "url": f"/projects/{p}-{title.lower().replace(' ', '-')}", "visibility": "public",
        "stemmed": stemmed_text(title, body) if sqlite else "",
        "words": distinct_words(title, body),
        "excerpt": {"fr": {"parts": [body]}, "en": {"parts": [body]}}}
        for c in cities for p, _, title, body in projects[c]))
    for city in cities:  # each city's vocabulary (search suggestions)
        with tenant_scope(city):
            remember_words([*WORDS, "jardin", "projet"])
            db.session.commit()
    say(f"{sizes.projects:,} search documents")
    first = {c: f"/projects/{ps[0][0]}-{ps[0][2].lower().replace(' ', '-')}"
             for c, ps in projects.items() if ps}
    return {"cities": cities, "project_of": first,
            "account_of": {c: f"u{members_of[c][0]}@{prefix}.upcampus.org" for c in cities}}
