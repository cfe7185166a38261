"""Fixtures: one migrated database per run (SQLite or PostgreSQL, chosen by
scripts/test), two cities in every test, and clients bound to a host."""

from __future__ import annotations

import contextvars
import os
import re
import socket
from pathlib import Path
from unittest import mock

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import NullPool, create_engine, event, text

from tests.factories import make_member, make_page, make_tenant
from upcampus import create_app
from upcampus.core.db import db
from upcampus.core.settings import REPO_ROOT
from upcampus.taxonomy.operations import sync_shared_taxonomy

BASE_DOMAIN = "upcampus.test"
IN_CI = os.environ.get("CI") == "true"


def pytest_report_header(config):
    url = os.environ.get("UPCAMPUS_TEST_DATABASE_URL", "sqlite (temporary file)")
    return f"UP Campus database: {url.split('@')[-1]}"


def require_service(name: str, url: str | None) -> str:
    """A test needing a real service fails in CI when it is missing, never skips."""
    if url:
        return url
    if IN_CI:
        pytest.fail(f"{name} is required under CI=true; scripts/test starts it")
    pytest.skip(f"{name} not configured (run scripts/test)")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("UPCAMPUS_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def is_postgres(database_url) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture(scope="session")
def owner_url(database_url) -> str:
    """The role that owns the tables and runs migrations (scripts/test makes one); the
    app itself connects as a runtime role with data privileges only."""
    return os.environ.get("UPCAMPUS_TEST_MIGRATION_DATABASE_URL") or database_url


@pytest.fixture(scope="session")
def owner_engine(owner_url):
    engine = create_engine(owner_url, poolclass=NullPool)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def make_app(database_url, owner_url, tmp_path_factory):
    """make_app(**settings). A production app made here skips the start-up checks of
    tenancy/startup.py (the suite runs as no production may); pass
    strict_production=True to run them."""
    instance = tmp_path_factory.mktemp("instance")
    made = []

    def factory(strict_production=False, **overrides):
        settings = {"ENV": "test", "DATABASE_URL": database_url, "BASE_DOMAIN": BASE_DOMAIN,
                    "INSTANCE_DIR": str(instance), "REDIS_URL": "", "TESTING": True}
        settings.update(overrides)
        # The owner migrates the suite's database; another database migrates as its user.
        settings.setdefault("MIGRATION_DATABASE_URL", owner_url if (
            settings["DATABASE_URL"] == database_url) else "")
        if settings["ENV"] == "production" and not strict_production:
            with mock.patch("upcampus.app.refuse_weak_production"):
                made.append(create_app(settings))
        else:
            made.append(create_app(settings))
        made[-1].test_client_class = HostClient
        return made[-1]
    yield factory
    for app in made:  # close pooled connections: unclosed ones warn, and warnings fail
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def app(make_app, is_postgres, owner_engine):
    app = make_app()
    with app.app_context():
        if is_postgres:
            # A rerun on the same database starts from nothing too (as the owner).
            with owner_engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
                conn.execute(text("GRANT USAGE ON SCHEMA public TO PUBLIC"))
        upgrade(directory=str(REPO_ROOT / "migrations"))
        sync_shared_taxonomy()  # shared national data: kept across tests
        db.session.remove()
    return app


SHARED_TABLES = ("tenants", "themes", "skills", "skill_families")


def _empty_tables(is_postgres: bool, owner_engine, across_key: str) -> None:
    """Everything goes but the shared taxonomy, less the cities' own entries."""
    tables = [t.name for t in reversed(db.metadata.sorted_tables)
              if t.name not in SHARED_TABLES]
    with (owner_engine if is_postgres else db.engine).begin() as conn:
        if is_postgres:
            # As the owner: TRUNCATE is not subject to row-level security; DELETE is,
            # even for the owner (FORCE), hence the across key.
            conn.execute(text("SELECT set_config('upcampus.across', :key, true)"),
                         {"key": across_key})
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - our own names
        for table in ("skills", "themes"):
            conn.execute(text(f"DELETE FROM {table} WHERE tenant_id IS NOT NULL"))  # noqa: S608
        conn.execute(text("DELETE FROM tenants"))


@pytest.fixture(autouse=True)
def app_context(app, is_postgres, owner_engine):
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.remove()
        _empty_tables(is_postgres, owner_engine, app.config["ACROSS_KEY"])
        app.extensions["upcampus_resolver"].clear()
        if "upcampus_page_cache" in app.extensions:  # the tables were emptied by raw SQL
            app.extensions["upcampus_page_cache"].clear()


@pytest.fixture
def sceaux(app_context):
    city = make_tenant("sceaux", name="UP Sceaux", city="Sceaux",
                       description={"fr": "Le réseau des Scéens", "en": "The Sceaux network"},
                       branding={"primary": "#1a5e3a", "secondary": "#b3430e",
                                 "font": "humanist"},
                       neighbourhoods=["Centre", "Les Blagis", "Robinson"])
    make_page(city, "a-propos", "fr", "À propos d'UP Sceaux", "Les projets des Scéens.")
    make_page(city, "a-propos", "en", "About UP Sceaux", "The projects of Sceaux.")
    return city


@pytest.fixture
def bourg(app_context):
    city = make_tenant("bourg-la-reine", name="UP Bourg-la-Reine", city="Bourg-la-Reine",
                       description={"fr": "Le réseau de Bourg-la-Reine",
                                    "en": "The Bourg-la-Reine network"},
                       branding={"primary": "#5b2a86", "secondary": "#0b6e75",
                                 "font": "serif"},
                       neighbourhoods=["La Gare", "Le Hameau", "Les Blagis"])
    make_page(city, "secret-de-bourg", "fr", "SECRET-OF-BOURG", "SECRET-OF-BOURG body")
    return city


@pytest.fixture
def two_cities(sceaux, bourg):
    return sceaux, bourg


class HostClient(FlaskClient):
    """A test client whose requests all carry one Host header, each served as in
    production: in an empty context, so it gets its own app context, session and scope
    rather than the test's."""

    host = BASE_DOMAIN

    def open(self, *args, **kwargs):
        if not args or isinstance(args[0], str):
            kwargs.setdefault("base_url", f"http://{self.host}")
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def client_for(app):
    def factory(host_or_city) -> HostClient:
        client = app.test_client()
        if isinstance(host_or_city, str):
            client.host = host_or_city
        else:
            client.host = f"{host_or_city.subdomain}.{BASE_DOMAIN}"
        return client
    return factory


@pytest.fixture
def postgres_only(is_postgres):
    """For row-level security and database roles, which the SQLite run has none of."""
    if not is_postgres:
        pytest.skip("a PostgreSQL feature (row-level security, roles); SQLite has none")


@pytest.fixture
def cli(app):
    """cli("onboard", folder): runs `upcampus tenants ...` and returns click's result."""
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=["tenants", *args], catch_exceptions=False)
    return run


@pytest.fixture
def national(client_for):
    return client_for(BASE_DOMAIN)


@pytest.fixture
def count_queries(app):
    """Counts SQL statements run inside the `with` block: `with count_queries() as n:`."""
    class Counter:
        def __init__(self):
            self.statements: list[str] = []

        def __enter__(self):
            # Counts are of pages rendered: start from an empty page cache.
            if "upcampus_page_cache" in app.extensions:
                app.extensions["upcampus_page_cache"].clear()
            event.listen(db.engine, "before_cursor_execute", self._record)
            return self

        def __exit__(self, *exc):
            event.remove(db.engine, "before_cursor_execute", self._record)

        def _record(self, _conn, _cursor, statement, *_args):
            self.statements.append(statement)

        @property
        def count(self) -> int:
            return len([s for s in self.statements if "set_config('upcampus" not in s])

    return Counter


@pytest.fixture
def redis_url() -> str:
    return require_service("Redis", os.environ.get("UPCAMPUS_TEST_REDIS_URL"))


@pytest.fixture
def tenants_dir() -> Path:
    return REPO_ROOT / "tenants"


@pytest.fixture(autouse=True)
def _outbox_shown(app):
    app.config["SHOW_OUTBOX"] = True


@pytest.fixture
def member_of(app_context):
    """member_of(city, role="member", **profile) -> Membership with a verified account."""
    def factory(city, role="member", email=None, **profile):
        return make_member(city, role=role, email=email, **profile)
    return factory


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client, path: str, data: dict, page: str | None = None, **kwargs):
    """Post a form as a browser would: fetch the page first for its CSRF token."""
    token = csrf_from(client.get(page or path).text)
    return client.post(path, data={"csrf_token": token, **data}, **kwargs)


def log_in(client, email: str, password: str = "correct horse battery", remember=False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = post_form(client, "/login", data)
    assert response.status_code == 302, response.text
    return response


class SmtpSink:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list = []
        sink = self

        class Handler:
            async def handle_DATA(self, _server, _session, envelope):  # noqa: N802
                import email

                sink.messages.append(email.message_from_bytes(envelope.content))
                return "250 OK"

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.url = f"smtp://127.0.0.1:{self.port}"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


@pytest.fixture
def smtp_sink():
    with SmtpSink() as sink:
        yield sink


def outbox(city=None):
    """Emails the platform queued, newest first (every city's: read across them)."""
    from sqlalchemy import select

    from upcampus.notifications.models import Email
    from upcampus.tenancy.context import across_tenants

    statement = select(Email).order_by(Email.id.desc())
    if city is not None:
        statement = statement.where(Email.tenant_id == city.id)
    with across_tenants():
        emails = list(db.session.scalars(statement))
        for email in emails:
            db.session.expunge(email)  # kept as read, whatever scope the test is in
        db.session.rollback()
    return emails


def link_in(email, path_prefix: str) -> str:
    match = re.search(r"https?://[^\s/]+(" + re.escape(path_prefix) + r"[^\s]+)",
                      email.body_text)
    assert match, email.body_text
    return match.group(1)


def multipart(fields: dict) -> tuple[bytes, str]:
    """A multipart/form-data body built in memory (the test client would spool a large
    upload to a temporary file it never closes). Values are str or (bytes, filename)."""
    boundary = "upcampus-test-boundary"
    parts = []
    for name, value in fields.items():
        if isinstance(value, tuple):
            content, filename = value
            head = (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n").encode()
        else:
            content = str(value).encode()
            head = f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        parts.append(b"--" + boundary.encode() + b"\r\n" + head + content + b"\r\n")
    body = b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary}"


def upload(client, path: str, page: str, fields: dict):
    body, content_type = multipart({"csrf_token": csrf_from(client.get(page).text), **fields})
    return client.post(path, data=body, content_type=content_type)
