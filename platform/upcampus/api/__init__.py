"""The JSON door of a city: personal API tokens, and /api/v1/ — authentication, problems,
cursors, ETags and the OpenAPI document here; each domain's routes in its own api.py."""


def register(app) -> None:
    # Last among the domains (see app.DOMAINS): theirs have added their routes by now.
    from upcampus.api import (  # noqa: F401 - models: their tables join the metadata
        door,
        models,
        token_views,
        views,
    )
    app.register_blueprint(token_views.blueprint)
    app.register_blueprint(door.blueprint)
