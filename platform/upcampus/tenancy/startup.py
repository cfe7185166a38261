"""Production refuses to start on a setup where the walls between cities would not hold.

Messages are for the operator reading the start-up error: each names the problem and
the fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import text

from upcampus.core.settings import SettingsError


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
    return problems


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
            if problems:
                db.engine.dispose()  # an app that does not start keeps no connection
    if problems:
        raise SettingsError("Production refuses to start:\n- " + "\n- ".join(problems))
