"""Themes and skills: the shared list and each city's own."""


def register(app) -> None:
    # api.py: its routes join the /api/v1 blueprint, registered by the api domain last.
    from upcampus.taxonomy import (  # noqa: F401 - models: their tables join the metadata
        api,
        cli,
        models,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.cli.add_command(cli.taxonomy_cli)
