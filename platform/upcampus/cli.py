"""The `upcampus` command: Flask's CLI on our app factory, plus each domain's groups."""

import click
from flask.cli import FlaskGroup

from upcampus.app import create_app


def _make_app():
    return create_app()


@click.group(cls=FlaskGroup, create_app=_make_app, load_dotenv=False,
             add_version_option=False)
def main():
    """UP Campus: run and manage the platform and its city networks."""
