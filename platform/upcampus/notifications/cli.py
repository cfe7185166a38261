"""`upcampus outbox retry`: enqueue again what was not delivered;
`upcampus notifications digest`: send the notification digests now."""

import click
from flask.cli import AppGroup

from upcampus.notifications.operations import requeue_undelivered

outbox_cli = AppGroup("outbox", help="Email outbox.")
notifications_cli = AppGroup("notifications", help="In-app notifications and digests.")


@outbox_cli.command("retry")
@click.option("--older-than", default=10, show_default=True, help="Minutes.")
def retry_command(older_than):
    """Enqueue again every email still queued or failed."""
    click.echo(f"{requeue_undelivered(older_than)} emails enqueued again")


@notifications_cli.command("digest")
@click.option("--city", "slug", help="One city (its slug); every active city otherwise.")
@click.option("--on-schedule", is_flag=True,
              help="Only the cities whose local digest hour it is (as the worker does).")
def digest_command(slug, on_schedule):
    """Send the daily and weekly digests due now (development, cron)."""
    from upcampus.notifications.digest import city_digests
    from upcampus.tenancy.operations import active_tenants

    tenants = [t for t in active_tenants() if slug is None or t.slug == slug]
    if slug and not tenants:
        raise click.ClickException(f"No active city {slug!r}.")
    with click.progressbar(tenants, label="Cities") as cities:
        sent = sum(city_digests(t.id, force=not on_schedule) for t in cities)
    click.echo(f"{sent} digests sent")
