"""The national site on the base domain (Mouvement UP)."""


def register(app) -> None:
    from upcampus.national import models, views  # noqa: F401 - models: their tables
    app.register_blueprint(views.blueprint)
