"""Issue 8, the database walls in production: the runtime role cannot lift row-level
security, the across key is nobody's but the app's, and production refuses a weak setup."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from upcampus.core.db import db
from upcampus.tenancy.context import (
    across_tenants,
    tenant_scope,
)

# --- 6. the runtime role cannot lift the wall; production refuses a weak setup ---------

def test_the_runtime_role_cannot_lift_row_level_security(two_cities, postgres_only):
    for statement in ("ALTER TABLE pages NO FORCE ROW LEVEL SECURITY",
                      "ALTER TABLE pages DISABLE ROW LEVEL SECURITY",
                      "DROP POLICY tenant_isolation ON pages",
                      "CREATE OR REPLACE FUNCTION upcampus_across() RETURNS boolean "
                      "LANGUAGE sql AS $$ SELECT true $$"):
        with pytest.raises(DBAPIError, match="must be owner|permission denied"):
            db.session.execute(text(statement))
        db.session.rollback()


def test_setting_across_to_on_opens_nothing(two_cities, postgres_only):
    sceaux, _ = two_cities
    with tenant_scope(sceaux):
        db.session.execute(text("SELECT set_config('upcampus.across', 'on', true)"))
        assert db.session.execute(text("SELECT count(*) FROM pages")).scalar() == 2
        assert db.session.execute(text("SELECT count(DISTINCT tenant_id) FROM pages")).scalar() == 1
    db.session.rollback()
    db.session.execute(text("SELECT set_config('upcampus.across', 'on', false)"))
    assert db.session.execute(text("SELECT count(*) FROM pages")).scalar() == 0
    db.session.execute(text("SELECT set_config('upcampus.across', '', false)"))
    db.session.rollback()
    with across_tenants():  # the key the app holds still opens it, for national code
        assert db.session.execute(text("SELECT count(*) FROM pages")).scalar() == 3
    db.session.rollback()


def test_the_across_key_never_appears_in_the_function(app, postgres_only):
    source = db.session.execute(text(
        "SELECT prosrc FROM pg_proc WHERE proname = 'upcampus_across'")).scalar()
    assert app.config["ACROSS_KEY"] not in source and "sha256" in source
    db.session.rollback()


def test_the_start_check_accepts_the_runtime_role_and_refuses_the_owner(
        app, postgres_only, owner_engine):
    from upcampus.tenancy.startup import read_role, role_problems

    with db.engine.connect() as runtime:
        assert role_problems(read_role(runtime)) == []
    with owner_engine.connect() as owner:
        [problem] = role_problems(read_role(owner))
    assert "owns tables" in problem and "accounts" in problem


def test_the_start_check_names_a_superuser_or_bypassrls_role():
    from upcampus.tenancy.startup import RoleFacts, role_problems

    assert "is a superuser" in role_problems(RoleFacts("postgres", True, False, ()))[0]
    assert "has BYPASSRLS" in role_problems(RoleFacts("app", False, True, ()))[0]


@pytest.mark.parametrize(("settings", "message"), [
    ({"DATABASE_URL": "sqlite:////tmp/upcampus-prod.sqlite3"}, "is not PostgreSQL"),
    ({"SHOW_OUTBOX": True}, "SHOW_OUTBOX is on"),
    ({"ACROSS_KEY": ""}, "ACROSS_KEY is not set"),
])
def test_production_refuses_to_start_on_a_weak_setup(make_app, settings, message):
    from upcampus.core.settings import SettingsError

    base = {"ENV": "production", "SECRET_KEY": "s" * 40, "ACROSS_KEY": "k" * 40}
    with pytest.raises(SettingsError, match=message):
        make_app(strict_production=True, **{**base, **settings})


def test_production_starts_as_the_runtime_role(app, make_app, postgres_only):
    # The key scripts/test gave the migrations: it opens the database.
    started = make_app(strict_production=True, ENV="production", SECRET_KEY="s" * 40,
                       ACROSS_KEY=app.config["ACROSS_KEY"], PROXY_HOPS=1)
    assert started.config["ENV"] == "production"


def test_production_refuses_to_start_as_the_owner(make_app, owner_url, postgres_only):
    from upcampus.core.settings import SettingsError

    with pytest.raises(SettingsError, match="owns tables"):
        make_app(strict_production=True, ENV="production", SECRET_KEY="s" * 40,
                 ACROSS_KEY="k" * 40, DATABASE_URL=owner_url)


# --- 9. no public across key reaches a database; production checks its own -------------

PRODUCTION = {"ENV": "production", "SECRET_KEY": "s" * 40, "PROXY_HOPS": 1}


@pytest.mark.parametrize(("key", "message"), [
    ("upcampus-development-across-key", "public default"),
    ("upcampus-test-across-key", "public default"),
    ("short-but-secret", "shorter than 32 characters"),
])
def test_production_refuses_a_weak_across_key(make_app, key, message):
    from upcampus.core.settings import SettingsError

    with pytest.raises(SettingsError, match=message):
        make_app(strict_production=True, ACROSS_KEY=key, **PRODUCTION)


def test_production_refuses_an_across_key_that_does_not_open_the_database(
        make_app, postgres_only):
    from upcampus.core.settings import SettingsError

    with pytest.raises(SettingsError, match="does not open the database"):
        make_app(strict_production=True, ACROSS_KEY="another-long-secret-" + "x" * 30,
                 **PRODUCTION)


def test_the_public_default_key_is_only_derived_and_never_explicit():
    from upcampus.core.settings import across_key_is_explicit, load_settings

    derived = load_settings(environ={"UPCAMPUS_ENV": "test"})["ACROSS_KEY"]
    assert derived and not across_key_is_explicit(derived)
    given = load_settings(environ={"UPCAMPUS_ENV": "test", "UPCAMPUS_ACROSS_KEY": "k" * 40})
    assert across_key_is_explicit(given["ACROSS_KEY"])


def _opens(connection, key) -> bool:
    connection.execute(text("SELECT set_config('upcampus.across', :key, true)"), {"key": key})
    return connection.execute(text("SELECT upcampus_across()")).scalar()


def test_an_upgrade_without_an_explicit_key_leaves_the_digest_alone(
        app, make_app, owner_engine, postgres_only):
    """An operator who forgets UPCAMPUS_ENV=production runs with the public development
    key: the upgrade must not make it open the database."""
    from flask_migrate import upgrade

    from upcampus.core.settings import REPO_ROOT
    from upcampus.tenancy.rls import install_across_function

    public = "upcampus-development-across-key"
    forgetful = make_app(ACROSS_KEY=public)
    try:
        with forgetful.app_context():
            upgrade(directory=str(REPO_ROOT / "migrations"))
        with owner_engine.connect() as connection:
            assert not _opens(connection, public)
            assert _opens(connection, app.config["ACROSS_KEY"])
            connection.rollback()
    finally:  # put the suite's key back whatever happened
        with owner_engine.begin() as connection:
            install_across_function(connection, app.config["ACROSS_KEY"])


def test_a_fresh_function_without_an_explicit_key_opens_nothing(owner_engine, postgres_only):
    from upcampus.tenancy.rls import install_across_function

    with owner_engine.connect() as connection:
        connection.exec_driver_sql("DROP FUNCTION upcampus_across() CASCADE")  # rolled back
        install_across_function(connection, "upcampus-test-across-key")
        assert not _opens(connection, "upcampus-test-across-key")
        assert not _opens(connection, "")
        connection.rollback()


# --- 10. production behind a proxy says so ---------------------------------------------

def test_production_refuses_proxy_hops_zero_without_direct_clients(make_app):
    from upcampus.core.settings import SettingsError

    with pytest.raises(SettingsError, match="PROXY_HOPS is 0.*UPCAMPUS_DIRECT_CLIENTS=true"):
        make_app(strict_production=True, **{**PRODUCTION, "PROXY_HOPS": 0},
                 ACROSS_KEY="k" * 40)


@pytest.mark.parametrize("settings", [{"PROXY_HOPS": 1}, {"PROXY_HOPS": 0,
                                                           "DIRECT_CLIENTS": True}])
def test_production_accepts_a_proxy_or_direct_clients(settings):
    from upcampus.tenancy.startup import settings_problems

    config = {"DATABASE_URL": "postgresql://db/x", "SHOW_OUTBOX": False,
              "PASSWORD_HASH_MEMORY_KIB": 65536, "PASSWORD_HASH_TIME_COST": 3,
              "ACROSS_KEY": "k" * 40, "DIRECT_CLIENTS": False, **settings}
    assert settings_problems(config) == []
