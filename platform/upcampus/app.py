"""The application factory: settings, extensions in a fixed order, then every domain's
models, blueprints and commands, each domain registering its own."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from flask_migrate import Migrate
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import configure_mappers
from werkzeug.middleware.proxy_fix import ProxyFix

from upcampus import (
    accounts,
    api,
    console,
    conversations,
    core,
    demo,
    events,
    facilitation,
    matching,
    moderation,
    national,
    notifications,
    opendata,
    organisations,
    pages,
    projects,
    search,
    taxonomy,
    tenancy,
)
from upcampus.accounts import passwords
from upcampus.accounts.demo import refuse_demo_accounts
from upcampus.accounts.sessions import init_sessions
from upcampus.core.db import db, include_in_autogenerate
from upcampus.core.errors import init_errors
from upcampus.core.i18n import init_i18n
from upcampus.core.limits import init_limits
from upcampus.core.links import PublicLinksFlask
from upcampus.core.markdown import render_markdown
from upcampus.core.page_cache import init_page_cache
from upcampus.core.settings import REPO_ROOT, load_settings
from upcampus.core.templating import init_templating
from upcampus.core.web import DatabaseId
from upcampus.tenancy import rls  # noqa: F401 - registers the transaction hook
from upcampus.tenancy.startup import refuse_weak_production
from upcampus.tenancy.web import init_tenancy

migrate = Migrate()

# Alphabetical, as before (a blueprint registered first wins a template of the same name),
# but the API last: the other domains add their routes to its blueprint as they register.
DOMAINS = (accounts, console, conversations, core, demo, events, facilitation, matching,
           moderation, national, notifications, opendata, organisations, pages, projects, search,
           taxonomy, tenancy, api)


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
    init_page_cache(app)  # after the city, language and session hooks
    if settings["PROXY_HOPS"]:
        # Behind a reverse proxy: the client's address (login throttling) and scheme
        # (links in emails) come from its headers. The Host header passes through as is.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings["PROXY_HOPS"],
                                x_proto=settings["PROXY_HOPS"])
    _register_domains(app)
    init_limits(app)  # after _register_domains: limits attach to the registered endpoints
    if settings["ENV"] == "production":
        refuse_weak_production(app)  # SQLite, the outbox, a role that can lift the walls
        refuse_demo_accounts(app)
    return app


def _register_domains(app: Flask) -> None:
    """Each domain lists its own tables, pages and commands in its `register`; a module is
    registered because it is named there, never because of its file name."""
    for domain in DOMAINS:
        domain.register(app)
    # Every table known: relationships settle, then city keys turn composite (tenancy/keys.py).
    configure_mappers()
