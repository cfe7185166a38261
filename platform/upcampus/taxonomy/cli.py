"""`upcampus taxonomy sync`: load the shared themes and skills."""

import click
from flask.cli import AppGroup

from upcampus.taxonomy.operations import sync_shared_taxonomy

taxonomy_cli = AppGroup("taxonomy", help="The shared themes and skills.")


@taxonomy_cli.command("sync")
def sync_command():
    """Create or update the shared taxonomy from taxonomy/shared.toml (idempotent)."""
    changed = sync_shared_taxonomy()
    click.echo(", ".join(f"{n} {k} changed" for k, n in changed.items()))
