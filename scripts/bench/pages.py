"""Benchmark: server time of key pages in process, and where it goes (cProfile).

Fills one city as `queries` does (SQLite in a throwaway folder, or --database-url), signs
a member in, then requests each page N times with the test client: median and p95 of
the time spent in the app, then a profile of the same N requests, top lines by own time.
The page cache is off (rendering is what is measured) unless --page-cache.

    scripts/bench/run pages [--requests 200] [--publications 200] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import bench_app, bench_city  # noqa: E402
from queries import fill  # noqa: E402 - the same city as the queries benchmark

from upcampus.accounts.consent import record as record_consent  # noqa: E402
from upcampus.accounts.models import Account  # noqa: E402
from upcampus.accounts.passwords import hash_password  # noqa: E402
from upcampus.core.db import db  # noqa: E402
from upcampus.projects.models import Publication  # noqa: E402
from upcampus.tenancy.context import tenant_scope  # noqa: E402

HOST = "ville.bench.test"


def build(app, publications: int) -> str:
    """UP Ville filled like `queries` does, its first member's password known; the path
    of a project page."""
    with app.app_context():
        tenant_id = bench_city()
        fill(tenant_id, 0, publications)
        account = db.session.scalars(select(Account).order_by(Account.id)).first()
        account.password_hash = hash_password("bench password")
        account.email_verified_at = account.created_at
        record_consent(account.id, tenant_id, accepted=True)  # else pages ask for it first
        db.session.commit()
        with tenant_scope(tenant_id):
            first = db.session.scalars(select(Publication).order_by(Publication.id)).first()
            return f"/projects/{first.id}-{first.slug}"


def signed_in(app):
    return signed_in_as(app, f"http://{HOST}", "m0@bench.example.org", "bench password")


def signed_in_as(app, base_url: str, email: str, password: str):
    """A test client with a session opened through the login form."""
    client = app.test_client()
    page = client.get("/login", base_url=base_url).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = client.post("/login", base_url=base_url, data={
        "csrf_token": token, "email": email, "password": password})
    assert answer.status_code == 302, answer.text[:500]
    return client


def timings(client, path: str, count: int) -> tuple[list[float], list[float]]:
    """Wall time and this process's CPU time per request (the latter holds still on a
    machine whose other processes want the same cores)."""
    client.get(path, base_url=f"http://{HOST}")  # warm caches
    wall, cpu = [], []
    for _ in range(count):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, base_url=f"http://{HOST}")
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return sorted(wall), sorted(cpu)


def profile(client, path: str, count: int, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        client.get(path, base_url=f"http://{HOST}")
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"\.html|views|queries|operations", top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--publications", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--page-cache", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    app = bench_app(args.database_url, PAGE_CACHE="true" if args.page_cache else "false")
    project = build(app, args.publications)
    member, visitor = signed_in(app), app.test_client()
    pages = [("signed-in project page", member, project), ("signed-in /account", member,
             "/account"), ("visitor city home", visitor, "/"),
             ("visitor project page", visitor, project)]
    print(f"{args.requests} requests each, {args.publications} publications, "
          f"{app.config['DATABASE_URL'].split(':')[0]}")
    print(f"{'page':<28} {'CPU median':>10} {'CPU p95':>8} {'wall median':>12} {'wall p95':>9}")
    for name, client, path in pages:
        wall, cpu = timings(client, path, args.requests)
        p95 = int(len(wall) * 0.95) - 1
        print(f"{name:<28} {statistics.median(cpu):>10.2f} {cpu[p95]:>8.2f} "
              f"{statistics.median(wall):>12.2f} {wall[p95]:>9.2f}")
    if not args.no_profile:
        for name, client, path in pages[:3]:
            print(f"\n== {name} ({path}), by own time\n")
            print(profile(client, path, args.requests, args.top))


if __name__ == "__main__":
    main()
