"""Matching: every open need finds the members and organisations of its city who can meet
it, with reasons; members see the projects that need them."""


def register(app) -> None:
    # api.py: its routes join the /api/v1 blueprint, registered by the api domain last.
    from upcampus.matching import (  # noqa: F401 - models: their tables; tasks: the hooks
        api,
        cli,
        models,
        tasks,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.cli.add_command(cli.matching_cli)
