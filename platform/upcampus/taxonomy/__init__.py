"""Themes and skills: the shared list and each city's own."""


def register(app) -> None:
    from upcampus.taxonomy import (  # noqa: F401 - models: their tables join the metadata
        cli,
        models,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.cli.add_command(cli.taxonomy_cli)
