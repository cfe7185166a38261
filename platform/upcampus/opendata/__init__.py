"""Open data: what each city made public, as CSV and JSON under Licence Ouverte / Etalab
2.0, Atom feeds, and the national aggregate on the base domain (downloads and API)."""


def register(app) -> None:
    from upcampus.opendata import (  # noqa: F401 - models: their tables join the metadata
        api,
        cli,
        models,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.register_blueprint(api.blueprint)  # the national API, on the base domain
    app.cli.add_command(cli.opendata_cli)
