"""Benchmark: from a manifest to a live, branded city home with its admin invited.

Against a running gunicorn (loopback) and a database already holding N cities, for each
new city: write its folder (`upcampus tenants new`), onboard it (`upcampus tenants onboard`,
a fresh process, as an operator runs it), invite its first admin (account, admin
membership, an email with a signed link to choose a password on the city's host), then
poll the city's home on the live server until it answers 200 in the city's colours.
Meanwhile a client keeps loading an existing city's home: its latency before and during
tells whether onboarding slows the others down.

    scripts/bench/run onboarding [--cities 200] [--runs 5] [--database-url URL]

Both front doors are measured: the operations called from a running process (as the
console will), and the command line (a fresh Python process per command).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select

from upcampus import create_app
from upcampus.accounts.models import Account, Membership
from upcampus.accounts.operations import request_password_reset
from upcampus.accounts.passwords import hash_password
from upcampus.core.db import db
from upcampus.core.settings import REPO_ROOT
from upcampus.notifications.models import Email
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.operations import onboard
from upcampus.tenancy.scaffold import write_city_folder

sys.path.insert(0, str(Path(__file__).parent))
from hosts import BASE, free_port, populate  # noqa: E402 - the sibling benchmark's helpers


def get(port: int, host: str) -> tuple[int, str, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/", headers={"Host": host})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, body, time.perf_counter() - start


def invite_admin(app, slug: str, email: str) -> None:
    """The city's first admin: an account, an admin membership, and an email whose signed
    link (built from the city's own address) lets them choose a password there."""
    with app.app_context():
        tenant = db.session.scalars(select(Tenant).where(Tenant.slug == slug)).one()
        # A random password nobody knows: the invitee chooses theirs through the link.
        account = Account(email=email, display_name=f"Admin {slug}",
                          password_hash=hash_password(secrets.token_urlsafe(24)))
        db.session.add(account)
        db.session.commit()
        with tenant_scope(tenant):
            db.session.add(Membership(account_id=account.id, role="admin"))
            db.session.commit()
    with app.test_request_context("/", base_url=f"http://{slug}.{BASE}"):
        from flask import g

        from upcampus.tenancy.resolver import CityInfo
        g.city = CityInfo.from_row(db.session.scalars(
            select(Tenant).where(Tenant.slug == slug)).one())
        with tenant_scope(g.city.id):
            request_password_reset(email)


def one_city(app, port: int, tenants_dir: Path, slug: str, env: dict, *,
             cli: bool) -> tuple[float, float, float, float]:
    """Seconds for: the folder, the onboarding, the invitation, the home answering."""
    start = time.perf_counter()
    if cli:  # as an operator types it: a fresh process each
        upcampus("tenants", "new", slug, "--city", slug.title(), env=env)
        t1 = time.perf_counter()
        upcampus("tenants", "onboard", str(tenants_dir / slug), env=env)
    else:  # the same operations, from a running process (the console's front door)
        with app.app_context():
            write_city_folder(tenants_dir, slug, city=slug.title(), name=None,
                              themes_dir=Path(app.config["THEMES_DIR"]),
                              max_logo_bytes=app.config["MAX_LOGO_BYTES"])
            t1 = time.perf_counter()
            onboard(tenants_dir / slug)
    t2 = time.perf_counter()
    invite_admin(app, slug, f"admin@{slug}.example.org")
    t3 = time.perf_counter()
    with app.app_context():
        primary = db.session.scalars(select(Tenant).where(
            Tenant.slug == slug)).one().branding["primary"]
    while True:
        status, body, _ = get(port, f"{slug}.{BASE}")
        if status == 200 and f"--brand-primary: {primary}" in body:
            break
        time.sleep(0.01)
    t4 = time.perf_counter()
    with app.app_context(), across_tenants():
        sent = db.session.scalars(select(Email).where(
            Email.to_address == f"admin@{slug}.example.org")).all()
    assert len(sent) == 1 and f"http://{slug}.{BASE}/" in sent[0].body_text, sent
    return t1 - start, t2 - t1, t3 - t2, t4 - t3


def upcampus(*args: str, env: dict) -> None:
    subprocess.run([str(Path(sys.executable).parent / "upcampus"), *args],  # noqa: S603
                   env=env, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=200, help="cities already there")
    parser.add_argument("--runs", type=int, default=5, help="new cities onboarded")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="upcampus-bench-")
    tenants_dir = Path(tmp) / "tenants"
    tenants_dir.mkdir()
    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    env = {"UPCAMPUS_ENV": "test", "UPCAMPUS_DATABASE_URL": url, "UPCAMPUS_BASE_DOMAIN": BASE,
           "UPCAMPUS_INSTANCE_DIR": tmp, "UPCAMPUS_SECRET_KEY": "bench-only",
           "UPCAMPUS_TENANTS_DIR": str(tenants_dir)}
    os.environ.update(env)
    env = {**os.environ, **env}
    app = create_app()
    with app.app_context():
        upgrade(directory=str(REPO_ROOT / "migrations"))
        populate(args.cities)

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, on loopback
        [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "upcampus:create_app()"], env=env)
    other = f"city-00001.{BASE}"
    watching, before, during = threading.Event(), [], []

    def watch():
        while not watching.is_set():
            (during if busy.is_set() else before).append(get(port, other)[2])

    busy = threading.Event()
    results = {}
    try:
        for _ in range(100):
            try:
                get(port, other)
                break
            except OSError:
                time.sleep(0.1)
        watcher = threading.Thread(target=watch)
        watcher.start()
        time.sleep(2)  # the others' latency, quiet
        for door in ("in-process", "cli"):
            totals, steps = [], {"new": [], "onboard": [], "invite": [], "live": []}
            for run in range(args.runs):
                slug = f"nouvelle-{door[:2]}-{run}"
                busy.set()
                timings = one_city(app, port, tenants_dir, slug, env, cli=door == "cli")
                busy.clear()
                for name, value in zip(steps, timings, strict=True):
                    steps[name].append(value)
                totals.append(sum(timings[1:]))  # from the manifest: its writing aside
                time.sleep(0.5)
            results[door] = (totals, steps)
        watching.set()
        watcher.join()
    finally:
        watching.set()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)

    def ms(values, p=0.5):
        values = sorted(values)
        return values[min(len(values) - 1, int(p * len(values)))] * 1000

    print(f"{args.runs} cities per front door onboarded beside {args.cities}, "
          f"{'PostgreSQL' if 'postgresql' in url else 'SQLite'}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for door, (totals, steps) in results.items():
        print(f"{door}: manifest to live branded home with admin invited: median "
              f"{ms(totals):.0f} ms, max {max(totals) * 1000:.0f} ms; steps (median): "
              + ", ".join(f"{k} {ms(v):.0f} ms" for k, v in steps.items())
              + " (new: writing the folder, not counted)")
    print(f"another city's home meanwhile: p50 {ms(before):.1f} -> {ms(during):.1f} ms, "
          f"p95 {ms(before, 0.95):.1f} -> {ms(during, 0.95):.1f} ms "
          f"({len(before)} / {len(during)} requests), mean "
          f"{statistics.mean(before) * 1000:.1f} -> {statistics.mean(during) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
