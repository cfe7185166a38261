"""Benchmark: serving city home pages across many cities.

Builds a throwaway database with N cities (5 pages each), measures the SQL queries of a
city page in-process, then starts gunicorn on loopback and sends a bounded number of
requests spread over every city's host. Prints throughput and latency percentiles.

    scripts/bench/run hosts [--cities 1000] [--requests 3000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, insert

from upcampus import create_app
from upcampus.core.db import db
from upcampus.core.settings import REPO_ROOT
from upcampus.pages.models import Page
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.features import resolved_features
from upcampus.tenancy.models import Tenant

BASE = "bench.test"


def populate(cities: int) -> None:
    rows = [{"slug": f"city-{i:05d}", "name": f"UP Ville {i}", "city": f"Ville {i}",
             "subdomain": f"city-{i:05d}", "status": "active", "status_message": {},
             "description": {"fr": f"Le réseau de la ville {i}", "en": f"Network {i}"},
             "default_locale": "fr", "locales": ["fr", "en"], "timezone": "Europe/Paris",
             "theme": "default", "features": resolved_features({}), "contact": {},
             "branding": {"primary": "#1d4f91", "secondary": "#7a3b00", "font": "system"}}
            for i in range(cities)]
    db.session.execute(insert(Tenant), rows)
    ids = [t.id for t in db.session.query(Tenant.id)]
    with across_tenants():
        db.session.execute(insert(Page), [
            {"tenant_id": tid, "slug": f"page-{j}", "locale": "fr", "title": f"Page {j}",
             "body": "Texte " * 100} for tid in ids for j in range(5)])
    db.session.commit()


def queries_per_page(app) -> int:
    client = app.test_client()
    client.get("/", base_url=f"http://city-00001.{BASE}")
    seen: list[str] = []
    with app.app_context():
        listener = lambda *a: seen.append(a[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        client.get("/", base_url=f"http://city-00001.{BASE}")
        event.remove(db.engine, "before_cursor_execute", listener)
    return len([s for s in seen if "set_config" not in s])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hit(port: int, host: str) -> float:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/", headers={"Host": host})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{host}: HTTP {response.status}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="upcampus-bench-")
    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    env = {"UPCAMPUS_ENV": "test", "UPCAMPUS_DATABASE_URL": url,
           "UPCAMPUS_BASE_DOMAIN": BASE, "UPCAMPUS_INSTANCE_DIR": tmp,
           "UPCAMPUS_SECRET_KEY": "bench-only"}
    os.environ.update(env)
    app = create_app()
    with app.app_context():
        upgrade(directory=str(REPO_ROOT / "migrations"))
        started = time.perf_counter()
        populate(args.cities)
        print(f"populated {args.cities} cities in {time.perf_counter() - started:.1f}s",
              file=sys.stderr)
    print(f"SQL queries for a city home page: {queries_per_page(app)}")

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, on loopback
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(args.workers),
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "upcampus:create_app()"],
        env={**os.environ, **env})
    try:
        for _ in range(100):
            try:
                hit(port, f"city-00000.{BASE}")
                break
            except OSError:
                time.sleep(0.1)
        hosts = [f"city-{random.randrange(args.cities):05d}.{BASE}"  # noqa: S311
                 for _ in range(args.requests)]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.workers * 2) as pool:
            latencies = sorted(pool.map(lambda h: hit(port, h), hosts))
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    print(f"{args.requests} requests over {args.cities} city hosts, gunicorn "
          f"{args.workers} workers, {args.workers * 2} client threads")
    print(f"throughput {args.requests / elapsed:.0f} req/s; latency p50 {pct(0.5):.1f} ms, "
          f"p95 {pct(0.95):.1f} ms, p99 {pct(0.99):.1f} ms, "
          f"mean {statistics.mean(latencies) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
