"""Moderation of a city: reports, the moderation queue and its decisions, appeals,
blocked members and words to watch."""


def register(app) -> None:
    from upcampus.moderation import models, views  # noqa: F401 - models join the metadata

    app.register_blueprint(views.blueprint)
