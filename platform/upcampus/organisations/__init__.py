"""Organisations of a city: associations, businesses, services, partners; their
members, join requests and offers."""


def register(app) -> None:
    # api.py: its routes join the /api/v1 blueprint, registered by the api domain last.
    from upcampus.organisations import (  # noqa: F401 - models: their tables join the metadata
        api,
        models,
        views,
    )
    app.register_blueprint(views.blueprint)
