"""The national site on the base domain (Mouvement UP): the directory of city networks,
the showcase, national news and pages, national search; and replicating a model."""


def register(app) -> None:
    from upcampus.core.page_cache_serving import personal_cookie
    from upcampus.national import (  # noqa: F401 - models: their tables join the metadata
        models,
        replica_views,
        views,
    )

    app.register_blueprint(views.blueprint)
    app.register_blueprint(replica_views.blueprint)
    # The news a visitor dismissed are left out of their city's home page.
    personal_cookie(app, replica_views.DISMISSED_COOKIE)
