"""`upcampus events tick`: send tomorrow's reminders and pass stale waitlist offers on,
now (development, where jobs run inline, or a cron); the worker runs it every hour."""

import click
from flask.cli import AppGroup

from upcampus.events.tasks import city_tick
from upcampus.tenancy.operations import active_tenants

events_cli = AppGroup("events", help="Events: reminders and waitlist offers.")


@events_cli.command("tick")
def tick_command():
    """Reminders for tomorrow's events and stale waitlist offers, in every active city."""
    tenants = [(t.id, t.slug) for t in active_tenants()]
    for i, (tenant_id, slug) in enumerate(tenants, 1):
        done = city_tick(tenant_id)
        click.echo(f"[{i}/{len(tenants)}] {slug}: {done['reminded']} reminded, "
                   f"{done['promoted']} promoted")
