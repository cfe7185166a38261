"""City networks: resolving a host to a city, scoping every query to it, manifests,
branding and the city's own settings."""


def register(app) -> None:
    from upcampus.tenancy import (  # noqa: F401 - models: their tables join the metadata
        admin_views,
        cli,
        keys,
        models,
        views,
    )
    app.register_blueprint(admin_views.blueprint)
    app.register_blueprint(views.blueprint)
    app.cli.add_command(cli.tenants_cli)
