"""Open data: what each city made public, as CSV and JSON under Licence Ouverte / Etalab
2.0, Atom feeds of new projects, and the national aggregate on the base domain."""


def register(app) -> None:
    from upcampus.opendata import (  # noqa: F401 - models: their tables join the metadata
        cli,
        models,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.cli.add_command(cli.opendata_cli)
