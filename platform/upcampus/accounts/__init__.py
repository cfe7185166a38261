"""People: accounts, memberships of a city, sign-in, profiles, the members directory and
the city's member administration."""


def register(app) -> None:
    # api.py: its routes join the /api/v1 blueprint, registered by the api domain last.
    from upcampus.accounts import (  # noqa: F401 - models: their tables join the metadata
        admin_views,
        api,
        cli,
        consent_views,
        directory_views,
        erasure_views,
        export_views,
        handoff_views,
        models,
        profile_views,
        views,
    )
    app.register_blueprint(admin_views.blueprint)
    app.register_blueprint(consent_views.blueprint)
    app.register_blueprint(directory_views.blueprint)
    app.register_blueprint(erasure_views.blueprint)
    app.register_blueprint(export_views.blueprint)
    app.register_blueprint(handoff_views.blueprint)
    app.register_blueprint(profile_views.blueprint)
    app.register_blueprint(views.blueprint)
    app.cli.add_command(cli.accounts_cli)
