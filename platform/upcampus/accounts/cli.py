"""`upcampus accounts retention`: warn inactive accounts, delete those warned long enough
ago, purge old emails with sign-in links (accounts/retention.py); idempotent."""

from datetime import datetime

import click
from flask.cli import AppGroup

from upcampus.accounts.retention import run
from upcampus.core.db import utcnow

accounts_cli = AppGroup("accounts", help="Accounts: retention of inactive accounts.")


@accounts_cli.command("retention")
@click.option("--now", "now", default=None,
              help="The moment to act as of (ISO 8601, UTC); default: now.")
def retention_command(now):
    """Warn, delete and purge as the RETENTION_* settings say."""
    moment = utcnow()
    if now:
        try:
            moment = datetime.fromisoformat(now)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--now") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=utcnow().tzinfo)
    done = run(moment)
    click.echo(", ".join(f"{key}: {value}" for key, value in done.items()))
