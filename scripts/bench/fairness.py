"""Benchmark: how long a small city's password-reset email waits while a big city's
digest is being sent (default 2,000 members), through a real Redis, a real rq worker
(`upcampus jobs worker`) and a real SMTP sink (aiosmtpd) on loopback.

    scripts/bench/run fairness [--members 2000] [--database-url URL] [--redis-url URL]

Without --redis-url it starts a throwaway redis-server on a free port (and stops it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import bench_app, bench_city
from sqlalchemy import insert, select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.operations import request_password_reset
from upcampus.core.db import db, utcnow
from upcampus.core.jobs import BULK, enqueue
from upcampus.core.links import public_base_url
from upcampus.notifications.digest import city_digests_job
from upcampus.notifications.models import Notification
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.resolver import CityInfo

NO_PASSWORD = "!"  # noqa: S105 - nobody signs in during the benchmark


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fill(tenant_id: int, count: int) -> None:
    now = utcnow()
    db.session.execute(insert(Account), [
        {"email": f"reader{n}@ville.example.org", "display_name": f"R{n}",
         "password_hash": NO_PASSWORD, "email_verified_at": now} for n in range(count)])
    ids = db.session.scalars(select(Account.id)).all()
    db.session.commit()
    with tenant_scope(tenant_id):
        db.session.execute(insert(Membership), [
            {"tenant_id": tenant_id, "account_id": a} for a in ids])
        members = db.session.scalars(select(Membership.id)).all()
        db.session.execute(insert(Notification), [
            {"tenant_id": tenant_id, "membership_id": m, "kind": "comment", "verb": "comment",
             "title": "Un jardin partagé", "url": "http://x.example/1", "created_at": now}
            for m in members])
        db.session.commit()


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    args = parser.parse_args()
    from aiosmtpd.controller import Controller

    received: list[tuple[float, bytes]] = []

    class Sink:
        async def handle_DATA(self, _server, _session, envelope):  # noqa: N802
            received.append((time.monotonic(), envelope.content))
            return "250 OK"

    redis_dir = None
    redis_url = args.redis_url
    if not redis_url:
        if not shutil.which("redis-server"):
            raise SystemExit("redis-server is needed (or --redis-url)")
        redis_dir, port = tempfile.mkdtemp(prefix="bench-redis-"), free_port()
        subprocess.run(["redis-server", "--port", str(port), "--bind", "127.0.0.1",  # noqa: S603,S607
                        "--save", "", "--daemonize", "yes", "--dir", redis_dir,
                        "--pidfile", f"{redis_dir}/redis.pid"], check=True)
        redis_url = f"redis://127.0.0.1:{port}/0"
        wait_for(lambda: Path(f"{redis_dir}/redis.pid").exists(), 10, "redis")
    smtp_port = free_port()
    sink = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
    sink.start()
    app = bench_app(args.database_url, REDIS_URL=redis_url, JOBS_QUEUE=f"bench-{os.getpid()}",
                    SMTP_URL=f"smtp://127.0.0.1:{smtp_port}")
    worker = None
    try:
        with app.app_context():
            big = bench_city()
            small = bench_city(slug="petite", name="UP Petite", city="Petite",
                               subdomain="petite")
            fill(big, args.members)
            db.session.add(Account(email="jeanne@petite.example.org", display_name="Jeanne",
                                   password_hash=NO_PASSWORD, email_verified_at=utcnow()))
            db.session.commit()
        command = Path(sys.executable).with_name("upcampus")
        worker = subprocess.Popen([str(command), "jobs", "worker", "--no-fork"],  # noqa: S603
                                  start_new_session=True)
        with app.app_context():
            started_digest = time.monotonic()
            enqueue(city_digests_job, big, 0, True, queue_name=BULK)
        wait_for(lambda: len(received) >= 20, 300, "the digest to be under way")
        with app.app_context():
            city = CityInfo.load(small)
            asked, before = time.monotonic(), len(received)
            request_password_reset("jeanne@petite.example.org", city, locale="fr",
                                   base_url=public_base_url(city))
        wait_for(lambda: any(b"jeanne@petite" in c for _t, c in received), 120, "the reset")
        latency = time.monotonic() - asked
        at_reset = len(received) - 1
        wait_for(lambda: len(received) >= args.members + 1, 3600, "the whole digest")
        digest_seconds = time.monotonic() - started_digest
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        sink.stop()
        if redis_dir:
            pid = int(Path(f"{redis_dir}/redis.pid").read_text())
            os.kill(pid, signal.SIGTERM)
    print(f"big city digest: {args.members} members, {digest_seconds:.1f} s in all")
    print(f"small city's reset email: delivered {latency:.2f} s after it was asked for,")
    print(f"  with {at_reset} of {args.members} digests sent ({at_reset - before} while "
          f"it waited)")


if __name__ == "__main__":
    main()
