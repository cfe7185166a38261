"""The application factory: settings, extensions in a fixed order, then every domain's
models, blueprint and commands, discovered rather than listed."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from pathlib import Path

import click
from flask import Blueprint, Flask
from flask_migrate import Migrate
from flask_wtf.csrf import generate_csrf
from werkzeug.middleware.proxy_fix import ProxyFix

import upcampus
from upcampus.accounts import passwords
from upcampus.accounts.demo import refuse_demo_accounts
from upcampus.accounts.sessions import init_sessions
from upcampus.core.db import db, include_in_autogenerate
from upcampus.core.errors import init_errors
from upcampus.core.i18n import init_i18n
from upcampus.core.limits import init_limits
from upcampus.core.links import PublicLinksFlask
from upcampus.core.markdown import render_markdown
from upcampus.core.settings import REPO_ROOT, load_settings
from upcampus.core.templating import init_templating
from upcampus.core.web import DatabaseId
from upcampus.tenancy import rls  # noqa: F401 - registers the transaction hook
from upcampus.tenancy.startup import refuse_weak_production
from upcampus.tenancy.web import init_tenancy

migrate = Migrate()


def create_app(config_overrides: dict | None = None) -> Flask:
    settings = load_settings(config_overrides)
    themes_dir = Path(settings["THEMES_DIR"])
    app = PublicLinksFlask("upcampus", static_folder=str(themes_dir / "default" / "static"),
                      instance_path=settings["INSTANCE_DIR"], instance_relative_config=False)
    app.config.update(settings)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", settings["DATABASE_URL"])
    app.config.setdefault("SQLALCHEMY_ECHO", settings["SQL_ECHO"])
    passwords.configure(settings["PASSWORD_HASH_TIME_COST"], settings["PASSWORD_HASH_MEMORY_KIB"])
    # Flask already holds this key (as None): set it, or any body is read in full.
    app.config["MAX_CONTENT_LENGTH"] = settings["MAX_REQUEST_BYTES"]
    # Cookies stay on the host that set them: a session on one city is not one on another.
    app.config.update(SESSION_COOKIE_DOMAIN=False, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax")
    logging.getLogger("upcampus").setLevel(settings["LOG_LEVEL"])
    if settings["DATABASE_URL"].startswith("sqlite:///"):
        Path(settings["DATABASE_URL"][len("sqlite:///"):]).parent.mkdir(parents=True,
                                                                        exist_ok=True)

    if settings["PROXY_HOPS"]:
        # Behind a reverse proxy: the client's address (login throttling) and scheme
        # (links in emails) come from its headers. The Host header passes through as is.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings["PROXY_HOPS"],
                                x_proto=settings["PROXY_HOPS"])
    app.url_map.converters["int"] = DatabaseId
    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"), render_as_batch=True,
                     compare_type=True, include_object=include_in_autogenerate)
    init_i18n(app)
    init_templating(app)
    app.jinja_env.filters["markdown"] = render_markdown
    init_tenancy(app)
    init_sessions(app)
    app.jinja_env.globals["csrf_token"] = generate_csrf
    init_errors(app)
    _discover(app)
    init_limits(app)  # after _discover: limits attach to the registered endpoints
    if settings["ENV"] == "production":
        refuse_weak_production(app)  # SQLite, the outbox, a role that can lift the walls
        refuse_demo_accounts(app)
    return app


def _discover(app: Flask) -> None:
    """Import each domain's models, register its blueprint and CLI groups."""
    for module in pkgutil.iter_modules(upcampus.__path__):
        if not module.ispkg:
            continue
        package = importlib.import_module(f"upcampus.{module.name}")
        names = sorted(m.name for m in pkgutil.iter_modules(package.__path__))
        parts = [n for n in names if n == "models"] + [
            n for n in names if n == "views" or n.endswith("_views") or n == "cli"]
        for part in parts:
            name = f"upcampus.{module.name}.{part}"
            loaded = importlib.import_module(name)
            values = list(vars(loaded).values())
            nested = {id(c) for v in values if isinstance(v, click.Group)
                      for c in v.commands.values()}
            for value in values:
                if isinstance(value, Blueprint) and part != "cli" and value.import_name == name:
                    app.register_blueprint(value)
                elif (isinstance(value, click.Command) and part == "cli"
                      and id(value) not in nested):
                    app.cli.add_command(value)
