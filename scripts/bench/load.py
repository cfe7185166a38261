"""Benchmark: a national-size dataset, then the key pages load-tested through the stack.

Needs `scripts/stack up` (it reads $STACK_DIR/stack.env, default /tmp/upcampus-stack) and
wrk. Generates the dataset with COPY (dataset.py; default 200 cities, 200,000 accounts,
50,000 projects, 300,000 comments; --national 1,000 / 1,000,000 / 500,000 / 500,000;
--quick a small one), then runs wrk at 20 and 50 connections on each page through nginx
and both gunicorn instances, and prints per page: requests/s, p50, p95, p99, errors, SQL
statements per request and the median server time of each page rendered in process
(page cache off: what a rendered page costs), and the ratio to the bare Flask page
served by the same stack in the same run.

    scripts/stack up && scripts/bench/run load [--quick|--national] [--duration 10]
    scripts/bench/run load --no-generate   # measure again on the data already loaded
    scripts/bench/run load --no-generate --connections "" --profile "project page (signed in)"
                                           # where a page's time goes, without wrk
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, '
    .. '"errors": %d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def stack_settings() -> dict[str, str]:
    """The stack's environment, from the file `scripts/stack up` wrote."""
    folder = os.environ.get("STACK_DIR", "/tmp/upcampus-stack")  # noqa: S108 - as scripts/stack
    env_file = Path(folder) / "stack.env"
    if not env_file.exists():
        sys.exit(f"!! no stack at {env_file.parent}: run `scripts/stack up` first.")
    if not shutil.which("wrk"):
        sys.exit("!! wrk is missing: install it first (Debian: `apt-get install wrk`).")
    values = {}
    for line in env_file.read_text().splitlines():
        for name, value in re.findall(r"(\w+)=(\S+)", line.removeprefix("export ")):
            values[name] = value
    return values


def wrk(url: str, host: str, connections: int, duration: int, cookie: str = "") -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "-s", script.name, "-H", f"Host: {host}", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True,  # noqa: S603
                         check=True).stdout
    os.unlink(script.name)
    figures = json.loads(out.strip().splitlines()[-1])
    figures["rate"] = figures["requests"] / figures["seconds"]
    return figures


def login_through_nginx(port: int, host: str, email: str, password: str) -> str:
    """The cookie header of a session opened through nginx."""
    cookies: dict[str, str] = {}

    def call(method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": host, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key] = rest.split(";", 1)[0]
        return response.status, data

    _, page = call("GET", "/login")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    status, _ = call("POST", "/login", f"csrf_token={token.decode()}&email="
                     f"{email.replace('@', '%40')}&password={password.replace(' ', '+')}")
    assert status == 302, f"login through nginx answered {status}"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def generate(app, superuser_url: str, sizes) -> None:
    import psycopg
    from dataset import CopyWriter
    from dataset import generate as fill

    from upcampus.core.page_cache import store
    from upcampus.national.summary import refresh_figures_job

    started = time.perf_counter()
    with psycopg.connect(superuser_url) as connection, app.app_context():
        made = fill(CopyWriter(connection), sizes, say=lambda what: print(
            f"    {time.perf_counter() - started:6.1f} s  {what}", flush=True))
        connection.autocommit = True
        connection.execute("ANALYZE")  # as autovacuum would after a bulk load
        refresh_figures_job()
        if (pages := store()) is not None:
            pages.clear()  # COPY passes by the session hooks that bump generations
    print(f"==> dataset made in {time.perf_counter() - started:.0f} s "
          f"({len(made['cities'])} cities)")


def in_process(pages, email: str, password: str, requests: int = 40,
               profiled: tuple[str, ...] = ()) -> dict:
    """Per page rendered in process on the same database and Redis, page cache off (what
    a rendered page costs): SQL statements, and the median server time (CPU of this
    process, and wall) of `requests` requests."""
    import statistics

    from benchlib import counted_get

    from pages import signed_in_as
    from upcampus import create_app

    app = create_app({"PAGE_CACHE": False})
    visitor, member = app.test_client(), None
    costs = {}
    for name, host, path, signed in pages:
        if name == "bare page":
            continue
        if signed and member is None:
            member = signed_in_as(app, f"http://{host}", email, password)
        client = member if signed else visitor
        client.get(path, base_url=f"http://{host}")  # warm caches
        count = counted_get(app, client, path, f"http://{host}")[0]
        cpu, wall = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path, base_url=f"http://{host}")
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        costs[name] = (count, statistics.median(cpu), statistics.median(wall))
        if name in profiled:
            print(f"==> profile of {name} ({path}), {requests} requests")
            print(profile(client, path, f"http://{host}", requests))
    return costs


def profile(client, path: str, base_url: str, count: int, top: int = 30) -> str:
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        client.get(path, base_url=base_url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"\.html|views|queries|operations", top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="10 cities, 5,000 accounts...")
    size.add_argument("--national", action="store_true",
                      help="1,000 cities, 1,000,000 accounts, 500,000 projects")
    parser.add_argument("--no-generate", action="store_true")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", default="20,50")
    parser.add_argument("--profile", action="append", default=[], metavar="PAGE",
                        help="also profile this page in process (a name of the table, "
                             "e.g. 'project page (signed in)'); repeatable")
    args = parser.parse_args()
    os.environ.update(stack_settings())

    from dataset import PASSWORD, SIZES
    from sqlalchemy import select

    from upcampus import create_app
    from upcampus.accounts.models import Account, Membership
    from upcampus.core.db import db
    from upcampus.projects.models import Publication
    from upcampus.tenancy.context import tenant_scope
    from upcampus.tenancy.models import Tenant

    sizes = SIZES["quick" if args.quick else "national" if args.national else "default"]
    app = create_app()
    if not args.no_generate:
        print(f"==> generating {sizes}")
        generate(app, os.environ["STACK_SUPERUSER_URL"], sizes)
    base, port = os.environ["STACK_BASE_DOMAIN"], int(os.environ["STACK_PORT"])
    with app.app_context():
        city = db.session.scalars(select(Tenant).where(Tenant.slug.like("load-%"))
                                  .order_by(Tenant.id)).first()
        assert city is not None, "no generated city: run without --no-generate"
        with tenant_scope(city.id):
            project = db.session.scalars(select(Publication).order_by(Publication.id)).first()
            email = db.session.scalar(select(Account.email).join(Membership)
                                      .order_by(Membership.id).limit(1))
        project_path, host = f"/projects/{project.id}-{project.slug}", f"{city.subdomain}.{base}"
    pages = [("bare page", host, "/__bare/", False), ("national home", base, "/", False),
             ("city home", host, "/", False), ("/projects", host, "/projects", False),
             ("project page", host, project_path, False),
             ("/search?q=jardin", host, "/search?q=jardin", False),
             ("agenda", host, "/events", False),
             ("/account (signed in)", host, "/account", True),
             ("project page (signed in)", host, project_path, True)]
    cookie = login_through_nginx(port, f"{host}:{port}", email, PASSWORD)
    costs = in_process(pages, email, PASSWORD, profiled=tuple(args.profile))
    print("==> in process (page cache off), median of 40 requests")
    print(f"{'page':<26} {'SQL':>4} {'CPU ms':>7} {'wall ms':>8}")
    for name, (count, cpu, wall) in costs.items():
        print(f"{name:<26} {count:>4} {cpu:>7.1f} {wall:>8.1f}")
    print(f"==> wrk through nginx :{port}, {args.duration} s per page; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for connections in [int(c) for c in args.connections.split(",") if c]:
        print(f"\n{connections} connections")
        print(f"{'page':<26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'errors':>7} {'SQL':>4} {'of bare':>8}")
        bare = None
        for name, page_host, path, signed in pages:
            figures = wrk(f"http://127.0.0.1:{port}{path}", f"{page_host}:{port}",
                          connections, args.duration, cookie if signed else "")
            bare = bare or figures["rate"]
            print(f"{name:<26} {figures['rate']:>8.0f} {figures['p50']:>8.1f} "
                  f"{figures['p95']:>8.1f} {figures['p99']:>8.1f} {figures['errors']:>7} "
                  f"{costs.get(name, ('-',))[0]:>4} {figures['rate'] / bare:>7.1%}", flush=True)


if __name__ == "__main__":
    main()
