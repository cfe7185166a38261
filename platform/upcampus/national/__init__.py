"""The national site on the base domain (Mouvement UP)."""


def register(app) -> None:
    from upcampus.national import views
    app.register_blueprint(views.blueprint)
