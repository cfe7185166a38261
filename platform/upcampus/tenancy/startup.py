"""Production refuses to start on a setup where the walls between cities would not hold.

Messages are for the operator reading the start-up error: each names the problem and
the fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import text

from upcampus.core.settings import DERIVED_ACROSS_KEYS, SettingsError

MIN_ACROSS_KEY = 32


@dataclass(frozen=True)
class RoleFacts:
    """What PostgreSQL says about the role the application connects as."""

    name: str
    superuser: bool
    bypass_rls: bool
    owned_tables: tuple[str, ...]


def settings_problems(config) -> list[str]:
    problems = []
    if not config["DATABASE_URL"].startswith("postgresql"):
        problems.append("DATABASE_URL is not PostgreSQL: SQLite has no row-level security "
                        "and is for development only; set UPCAMPUS_DATABASE_URL.")
    if config["SHOW_OUTBOX"]:
        problems.append("SHOW_OUTBOX is on: /outbox would publish every email (reset links, "
                        "private messages); turn it off in production.")
    if config["PASSWORD_HASH_MEMORY_KIB"] < 19456 or config["PASSWORD_HASH_TIME_COST"] < 2:
        problems.append("PASSWORD_HASH_MEMORY_KIB or PASSWORD_HASH_TIME_COST is below what "
                        "argon2 needs to resist guessing (19456 KiB and 2 passes at least).")
    if not config.get("ACROSS_KEY"):
        problems.append("ACROSS_KEY is not set: national code could not read across cities; "
                        "set UPCAMPUS_ACROSS_KEY (a long random secret) and run "
                        "`upcampus db upgrade` with it.")
    elif config["ACROSS_KEY"] in DERIVED_ACROSS_KEYS:
        problems.append("ACROSS_KEY is a public default of development or test: set "
                        "UPCAMPUS_ACROSS_KEY to a long random secret and run "
                        "`upcampus db upgrade` with it.")
    elif len(config["ACROSS_KEY"]) < MIN_ACROSS_KEY:
        problems.append(f"ACROSS_KEY is shorter than {MIN_ACROSS_KEY} characters: set "
                        "UPCAMPUS_ACROSS_KEY to a long random secret (e.g. `python -c "
                        "'import secrets; print(secrets.token_hex(32))'`) and run "
                        "`upcampus db upgrade` with it.")
    if config["PROXY_HOPS"] == 0 and not config["DIRECT_CLIENTS"]:
        # Behind a proxy, every visitor would share its address: rate limits and the
        # per-address login throttle would hit everyone at once.
        problems.append("PROXY_HOPS is 0: behind a reverse proxy every visitor would share "
                        "its address (rate limits and login throttling would hit everyone). "
                        "Set UPCAMPUS_PROXY_HOPS to the number of proxies in front, or "
                        "UPCAMPUS_DIRECT_CLIENTS=true if visitors reach the app directly.")
    return problems


def across_problems(connection, key: str) -> list[str]:
    """The app's ACROSS_KEY must open this database: a key whose digest the migrations
    never wrote would make every national read fail at its first use."""
    from sqlalchemy.exc import DBAPIError

    try:
        connection.execute(text("SELECT set_config('upcampus.across', :key, true)"),
                           {"key": key})
        opened = connection.execute(text("SELECT upcampus_across()")).scalar()
    except DBAPIError:
        opened = None
    finally:
        connection.rollback()  # the setting lives in this transaction only
    if opened is None:
        return ["the database has no upcampus_across() function: run `upcampus db upgrade` "
                "as the owner role with UPCAMPUS_ACROSS_KEY set."]
    if not opened:
        return ["ACROSS_KEY does not open the database: its digest is not the one the "
                "migrations wrote. Run `upcampus db upgrade` as the owner role with the "
                "same UPCAMPUS_ACROSS_KEY as the app."]
    return []


def role_problems(role: RoleFacts) -> list[str]:
    problems = []
    if role.superuser:
        problems.append(f"the database role {role.name!r} is a superuser: row-level "
                        "security does not apply to it.")
    if role.bypass_rls:
        problems.append(f"the database role {role.name!r} has BYPASSRLS: row-level "
                        "security does not apply to it.")
    if role.owned_tables:
        shown = ", ".join(role.owned_tables[:5]) + (", ..." if len(role.owned_tables) > 5
                                                     else "")
        problems.append(f"the database role {role.name!r} owns tables ({shown}): it could "
                        "lift row-level security. Run migrations as the owner role "
                        "(UPCAMPUS_MIGRATION_DATABASE_URL) and the app as a role with data "
                        "privileges only.")
    return problems


def read_role(connection) -> RoleFacts:
    name, superuser, bypass = connection.execute(text(
        "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles "
        "WHERE rolname = current_user")).one()
    # Owning a table, directly or through a role one is a member of, allows ALTER TABLE.
    owned = connection.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() "
        "AND pg_has_role(current_user, c.relowner, 'MEMBER') ORDER BY c.relname")).scalars()
    return RoleFacts(name, superuser, bypass, tuple(owned))


def refuse_weak_production(app: Flask) -> None:
    """At app creation in production: raise SettingsError naming every problem."""
    problems = settings_problems(app.config)
    if app.config["DATABASE_URL"].startswith("postgresql"):
        from upcampus.core.db import db

        with app.app_context():
            with db.engine.connect() as connection:
                problems += role_problems(read_role(connection))
                if app.config.get("ACROSS_KEY"):
                    problems += across_problems(connection, app.config["ACROSS_KEY"])
            if problems:
                db.engine.dispose()  # an app that does not start keeps no connection
    if problems:
        raise SettingsError("Production refuses to start:\n- " + "\n- ".join(problems))
