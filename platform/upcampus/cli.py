"""The `upcampus` command: Flask's CLI on our app factory, plus each domain's groups."""

import click
from flask.cli import FlaskGroup

from upcampus.app import create_app
from upcampus.core.settings import describe


def _make_app():
    return create_app()


@click.group(cls=FlaskGroup, create_app=_make_app, load_dotenv=False,
             add_version_option=False)
def main():
    """UP Campus: run and manage the platform and its city networks."""


@main.command("settings")
def settings_command():
    """List every setting with its default and purpose."""
    for name, default, description in describe():
        click.echo(f"UPCAMPUS_{name:<22} default {default!r:<28} {description}")
