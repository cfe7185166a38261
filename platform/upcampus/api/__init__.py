"""The JSON door of a city: personal API tokens and /api/v1/ (read-mostly)."""


def register(app) -> None:
    from upcampus.api import (  # noqa: F401 - models: their tables join the metadata
        models,
        token_views,
        views,
    )
    app.register_blueprint(token_views.blueprint)
    app.register_blueprint(views.blueprint)
