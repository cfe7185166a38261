"""Search in a city: one document per searchable thing, full-text on both databases."""


def register(app) -> None:
    from upcampus.search import (  # noqa: F401 - models: their tables join the metadata
        cli,
        models,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.cli.add_command(cli.search_cli)
