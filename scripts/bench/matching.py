"""Benchmark: matching in a big city. Fills one city of a throwaway database (or
--database-url) with N members (skills, bios, neighbourhoods; a third of them gardeners,
the worst case of one skill everybody has), organisations and M open needs, then times a
full recomputation of its index and the suggestions (with their reasons) for needs.

    scripts/bench/run matching [--members 20000] [--needs 2000]

Prints `recompute_s: …` and `suggest_ms: …` (median over 20 needs; the slowest, a
gardening need, as suggest_ms_max)."""

from __future__ import annotations

import argparse
import random
import statistics
import time

from benchlib import bench_app, bench_city
from sqlalchemy import insert, select, text

from upcampus.accounts.models import Account, Membership, MembershipSkill
from upcampus.core.db import db, utcnow
from upcampus.matching.index import recompute_city
from upcampus.matching.operations import suggestions
from upcampus.matching.reasons import explain, need_words
from upcampus.matching.tasks import BUSY
from upcampus.organisations.models import OFFER_KINDS, ORGANISATION_KINDS, Organisation
from upcampus.projects.models import RESOURCES, Holder, Need, Publication
from upcampus.taxonomy.models import Skill
from upcampus.tenancy.context import tenant_scope

PLACES = ["Centre", "Les Blagis", "Robinson", "Les Chéneaux", "Petit-Chambord"]
NOISE = "retraitée disponible le week-end j'aime mon quartier nouveau ici parent".split()


def fill(tenant_id: int, members: int, needs: int, rng: random.Random) -> None:
    skills = {s.code: (s.id, s.keywords) for s in db.session.scalars(select(Skill))}
    codes = sorted(skills)
    with tenant_scope(tenant_id):
        db.session.execute(insert(Account), [
            {"email": f"m{i}@bench.example.org", "display_name": f"Membre {i}",
             "password_hash": "x", "auth_version": 1, "is_platform_admin": False,
             "created_at": utcnow(), "last_login_at": utcnow() if i % 4 == 0 else None}
            for i in range(members)])
        accounts = db.session.scalars(select(Account.id).order_by(Account.id)).all()
        chosen = [("gardening" if i % 3 == 0 else rng.choice(codes)) for i in range(members)]
        db.session.execute(insert(Membership), [
            {"tenant_id": tenant_id, "account_id": a, "role": "member", "status": "active",
             "visibility": "members", "suggestable": True, "joined_at": utcnow(),
             "neighbourhood": rng.choice(PLACES), "offers": "",
             "bio": " ".join(rng.sample(skills[chosen[i]][1]["fr"], 2) + rng.sample(NOISE, 3))}
            for i, a in enumerate(accounts)])
        ids = db.session.scalars(select(Membership.id).order_by(Membership.id)).all()
        db.session.execute(insert(MembershipSkill), [
            {"tenant_id": tenant_id, "membership_id": m, "skill_id": skills[chosen[i]][0]}
            for i, m in enumerate(ids) if i % 2 == 0])
        db.session.execute(insert(Organisation), [
            {"tenant_id": tenant_id, "name": f"Organisation {i}", "slug": f"o{i}",
             "kind": rng.choice(ORGANISATION_KINDS), "description": "On aide les projets",
             "offers": rng.sample(OFFER_KINDS, 2), "offer_details": "",
             "neighbourhood": rng.choice(PLACES), "website": "", "created_at": utcnow()}
            for i in range(max(1, members // 100))])
        for i in range(needs):
            author = ids[i % len(ids)]
            publication = Publication(kind="project", title=f"Projet {i}", slug=f"p{i}",
                                      status="published", author_id=author,
                                      published_at=utcnow(), neighbourhood=rng.choice(PLACES),
                                      description="Un projet pour le quartier.")
            publication.holders.append(Holder(membership_id=author))
            if i % 4 == 3:
                need = Need(kind="resource", resource=rng.choice(RESOURCES), text="")
            else:
                code = "gardening" if i == 0 else rng.choice(codes)
                need = Need(kind="skill", skill_id=skills[code][0],
                            text=" ".join(rng.sample(skills[code][1]["fr"], 2)))
            publication.needs.append(need)
            db.session.add(publication)
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--needs", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    app = bench_app(args.database_url, REDIS_URL="")
    with app.app_context():
        tenant_id = bench_city(neighbourhoods=PLACES)
        db.session.info[BUSY] = True  # the load writes rows only; the index is timed below
        started = time.perf_counter()
        fill(tenant_id, args.members, args.needs, random.Random(13))  # noqa: S311 - data
        db.session.info[BUSY] = False
        print(f"filled in {time.perf_counter() - started:.1f} s: {args.members} members, "
              f"{args.needs} open needs")
        with tenant_scope(tenant_id):
            started = time.perf_counter()
            terms = recompute_city()
            recompute = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":  # as autovacuum would, after a bulk load
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE " + ", ".join(db.metadata.tables)))
                conn.commit()
        timings = []
        with app.test_request_context(base_url="http://ville.bench.test"), \
                tenant_scope(tenant_id):
            need_ids = db.session.scalars(select(Need.id).order_by(Need.id).limit(20)).all()
            for need_id in need_ids:
                db.session.expire_all()
                started = time.perf_counter()
                need = db.session.get(Need, need_id)
                found = suggestions(need)
                words, places = need_words(need)
                explain(found, "fr", words=words, places=places)
                timings.append((time.perf_counter() - started) * 1000)
            assert found and all(m.reasons for m in found), "no suggestion: the bench is broken"
    print(f"terms: {terms}")
    print(f"recompute_s: {recompute:.1f}")
    print(f"suggest_ms: {statistics.median(timings):.1f}")
    print(f"suggest_ms_max: {max(timings):.1f}")


if __name__ == "__main__":
    main()
