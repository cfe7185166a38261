"""Private conversations between two members of a city (or a member and an
organisation's admins): from a help offer, an accompaniment, an organisation's page or a
member's profile. Messages never leave their city."""


def register(app) -> None:
    from upcampus.conversations import models, views  # noqa: F401 - models join the metadata

    app.register_blueprint(views.blueprint)
