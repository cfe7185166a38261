"""`upcampus outbox retry`: enqueue again what was not delivered."""

import click
from flask.cli import AppGroup

from upcampus.notifications.operations import requeue_undelivered

outbox_cli = AppGroup("outbox", help="Email outbox.")


@outbox_cli.command("retry")
@click.option("--older-than", default=10, show_default=True, help="Minutes.")
def retry_command(older_than):
    """Enqueue again every email still queued or failed."""
    click.echo(f"{requeue_undelivered(older_than)} emails enqueued again")
