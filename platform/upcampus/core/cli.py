"""`upcampus i18n ...`: the catalog workflow, wrapping pybabel."""

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from flask.cli import AppGroup

from upcampus.core.i18n import TRANSLATIONS_DIR
from upcampus.core.settings import REPO_ROOT, effective

i18n_cli = AppGroup("i18n", help="Extract, update and compile translation catalogs.")
PACKAGE_DIR = Path(__file__).resolve().parents[1]
POT = TRANSLATIONS_DIR / "messages.pot"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


@i18n_cli.command("extract")
def extract():
    """Collect every marked string of the platform and themes into messages.pot."""
    _pybabel("extract", "-F", str(PACKAGE_DIR / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
             "--no-location", "--sort-output", "--omit-header", "-w", "100", "-o", str(POT),
             str(PACKAGE_DIR), str(REPO_ROOT / "themes"))
    click.echo(f"extracted to {POT}")


@i18n_cli.command("update")
def update():
    """Merge messages.pot into each language's catalog."""
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS_DIR), "--no-fuzzy-matching",
             "--ignore-obsolete", "-w", "100")


@i18n_cli.command("compile")
def compile_catalogs():
    """Build the .mo files the platform reads (not committed; the setup runs this): the
    core's, each theme's and each city's own."""
    from flask import current_app

    folders = [TRANSLATIONS_DIR]
    for root in (current_app.config["THEMES_DIR"], current_app.config["TENANTS_DIR"]):
        folders += sorted(p for p in Path(root).glob("*/translations") if p.is_dir())
    for folder in folders:
        _pybabel("compile", "-d", str(folder), "--use-fuzzy")
    click.echo(f"catalogs compiled in {len(folders)} folders")


@click.command("settings")
def settings_command():
    """List every setting: the value in effect (secrets masked), where it came from
    (default, config/<env>.toml or the environment) and what it is for."""
    from flask import current_app

    for name, value, source, description in effective(current_app.config):
        click.echo(f"UPCAMPUS_{name:<22} {value:<40} [{source}]\n{'':<31}{description}")


jobs_cli = AppGroup("jobs", help="Background jobs (rq on Redis).")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@click.option("--maintenance-interval", type=int, default=600, show_default=True,
              help="Seconds between registry clean-ups, which hand the job of a worker "
                   "that died mid-job to the queue again.")
def worker_command(burst, maintenance_interval):
    """Run an rq worker for this site's queue."""
    from flask import current_app
    from rq import Worker

    from upcampus.core.jobs import queue, set_worker_app

    if not current_app.config["REDIS_URL"]:
        raise click.ClickException("UPCAMPUS_REDIS_URL is not set: jobs run inline.")
    from upcampus.events.tasks import schedule_hourly
    from upcampus.matching.tasks import schedule_weekly
    from upcampus.notifications.digest import schedule_hourly as schedule_digests
    from upcampus.opendata.tasks import schedule_daily

    set_worker_app(current_app._get_current_object())
    jobs_queue = queue()
    schedule_daily(jobs_queue)  # the nightly open-data refresh; once whatever the workers
    schedule_hourly(jobs_queue)  # events: reminders, waitlist offers passing on
    schedule_weekly(jobs_queue)  # the weekly matching digest, likewise
    schedule_digests(jobs_queue)  # notification digests, each city at its local hour
    # An idle worker wakes (its dequeue times out) every worker_ttl - 15 s, and only then
    # cleans up or takes over the scheduler: a short interval needs a short ttl too.
    Worker([jobs_queue], connection=jobs_queue.connection,
           maintenance_interval=maintenance_interval,
           worker_ttl=min(420, maintenance_interval + 20)).work(
        burst=burst, with_scheduler=True, logging_level="WARNING")


@click.command("create-database")
def create_database_command():
    """Create the database the platform's settings name, if it does not exist yet (a
    SQLite file, or a PostgreSQL database the migration role may create); then run
    `upcampus db upgrade`. Idempotent."""
    from flask import current_app
    from sqlalchemy.engine import make_url
    from sqlalchemy_utils import create_database, database_exists

    url = make_url(current_app.config.get("MIGRATION_DATABASE_URL")
                   or current_app.config["SQLALCHEMY_DATABASE_URI"])
    shown = url.render_as_string(hide_password=True)
    if database_exists(url):
        click.echo(f"{shown}: exists")
        return
    create_database(url)
    click.echo(f"{shown}: created")


cache_cli = AppGroup("cache", help="The page cache of visitors who are not signed in.")


@cache_cli.command("clear")
def clear_cache_command():
    """Forget every kept page, after writes made outside the platform (raw SQL, COPY)."""
    from upcampus.core.page_cache import store

    pages = store()
    if pages is None:
        raise click.ClickException("UPCAMPUS_PAGE_CACHE is off.")
    pages.clear()
    click.echo("page cache cleared")
