"""A city's own pages (about, legal notice...), written in its folder."""


def register(app) -> None:
    from upcampus.pages import models, views  # noqa: F401 - models: their tables join the metadata
    app.register_blueprint(views.blueprint)
