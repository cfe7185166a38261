"""Ideas, projects and wishes: their needs, help offers, comments, supports, follows
and news."""


def register(app) -> None:
    # api.py: its routes join the /api/v1 blueprint, registered by the api domain last.
    from upcampus.projects import (  # noqa: F401 - models: their tables join the metadata
        activity_views,
        api,
        leaving,
        mine_views,
        models,
        publish_views,
        views,
    )
    app.register_blueprint(activity_views.blueprint)
    app.register_blueprint(views.blueprint)
    app.register_blueprint(publish_views.blueprint)
    app.register_blueprint(mine_views.blueprint)
