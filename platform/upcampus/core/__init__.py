"""What every domain shares: the database, settings, forms, rules, errors, jobs, i18n."""


def register(app) -> None:
    from upcampus.core import cli, markdown_views, styleguide_views, views
    from upcampus.core.look import register_look
    app.register_blueprint(views.blueprint)
    app.register_blueprint(markdown_views.blueprint)  # the live preview of Markdown fields
    register_look(app)
    app.register_blueprint(styleguide_views.blueprint)  # answers in development only
    app.cli.add_command(cli.i18n_cli)
    app.cli.add_command(cli.settings_command)
    app.cli.add_command(cli.create_database_command)
    app.cli.add_command(cli.jobs_cli)
    app.cli.add_command(cli.cache_cli)
