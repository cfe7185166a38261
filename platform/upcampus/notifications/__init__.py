"""Emails: the outbox, its delivery job and the development outbox page."""


def register(app) -> None:
    from upcampus.notifications import (  # noqa: F401 - models: their tables join the metadata
        cli,
        models,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.cli.add_command(cli.outbox_cli)
    app.cli.add_command(cli.notifications_cli)
