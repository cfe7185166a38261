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
@click.option("--burst", is_flag=True, help="Stop once the queues are empty.")
@click.option("--fork/--no-fork", default=True, show_default=True,
              help="A work horse process per job (isolation) or jobs in the worker itself "
                   "(faster; what a killed job leaves is the same: its row's lease).")
@click.option("--maintenance-interval", type=int, default=600, show_default=True,
              help="Seconds between registry clean-ups, which hand the job of a worker "
                   "that died mid-job to the queue again.")
def worker_command(burst, fork, maintenance_interval):
    """Run an rq worker on this site's queues: urgent, then default, then bulk. It also
    moves due retries and scheduled jobs to their queue."""
    from flask import current_app
    from rq import SimpleWorker, Worker

    from upcampus.core.jobs import queues, set_worker_app

    if not current_app.config["REDIS_URL"]:
        raise click.ClickException("UPCAMPUS_REDIS_URL is not set: jobs run inline.")
    set_worker_app(current_app._get_current_object())
    listened = queues()
    # An idle worker wakes (its dequeue times out) every worker_ttl - 15 s, and only then
    # cleans up or takes over the scheduler: a short interval needs a short ttl too.
    (Worker if fork else SimpleWorker)(
        listened, connection=listened[0].connection,
        maintenance_interval=maintenance_interval,
        worker_ttl=min(420, maintenance_interval + 20)).work(
        burst=burst, with_scheduler=True, logging_level="WARNING")


@jobs_cli.command("scheduler")
def scheduler_command():
    """Run the periodic work (digests, event reminders, matching digests, open data,
    emails not delivered): rq's cron scheduler with Redis (run one), a loop running
    them inline without (development)."""
    from flask import current_app

    from upcampus.core.scheduler import PERIODIC, cron_scheduler, run_inline

    app = current_app._get_current_object()
    for job in PERIODIC:
        click.echo(f"{job.name:<16} {job.cron:<14} {job.path}")
    if not app.config["REDIS_URL"]:
        click.echo("UPCAMPUS_REDIS_URL is not set: running them inline in this process.")
        run_inline(app)
        return
    cron_scheduler(app).start()


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

    store().clear()  # the generations too, with pages kept or not
    click.echo("page cache cleared")
