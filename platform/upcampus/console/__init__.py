"""The platform console at /console on the national host: cities, their figures and
switches, national roles, the shared taxonomy, and the audit log of it all; and the
invitation a city's first administrator accepts on the city's own host."""


def register(app) -> None:
    from upcampus.console import (  # noqa: F401 - models: their tables join the metadata
        block_views,
        invitation_views,
        models,
        operations_views,
        taxonomy_views,
        views,
    )
    app.register_blueprint(views.blueprint)
    app.register_blueprint(block_views.blueprint)
    app.register_blueprint(taxonomy_views.blueprint)
    app.register_blueprint(invitation_views.blueprint)
    app.register_blueprint(operations_views.blueprint)
