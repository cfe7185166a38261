"""Organisations of a city: associations, businesses, services, partners; their
members, join requests and offers."""


def register(app) -> None:
    from upcampus.organisations import (  # noqa: F401 - models: their tables join the metadata
        models,
        views,
    )
    app.register_blueprint(views.blueprint)
