"""`upcampus demo load`: development demo content, once per city."""

import click
from flask import current_app
from flask.cli import AppGroup

from upcampus.demo.operations import load_demo_content

demo_cli = AppGroup("demo", help="Demo content for development.")


@demo_cli.command("load")
def load_command():
    """Load demo content into each city that has none yet (never in production)."""
    if current_app.config["ENV"] == "production":
        raise click.ClickException("Demo content is for development only.")
    done = load_demo_content(progress=lambda line: click.echo(line, err=True))
    for line in done:
        click.echo(line)
    if not done:
        click.echo("demo content already loaded; nothing to do")
