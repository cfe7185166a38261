"""Matching: every open need finds the members and organisations of its city who can meet
it, with reasons; members see the projects that need them."""


def register(app) -> None:
    from upcampus.matching import (  # noqa: F401 - models: their tables; tasks: the hooks
        cli,
        models,
        tasks,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.cli.add_command(cli.matching_cli)
