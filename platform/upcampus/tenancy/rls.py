"""PostgreSQL row-level security: the second wall behind the ORM's scoping.

Each transaction carries the current scope in two settings, `upcampus.tenant_id` and
`upcampus.across`; a policy on every tenant-owned table shows and accepts only the rows
of that city.

Reading across cities must not be something any SQL on the application's connection can
switch on: `upcampus.across` counts only when it holds the ACROSS_KEY secret, checked by
the function `upcampus_across()`, which compares its SHA-256 with a digest written by the
migration role (`upcampus db upgrade`). The runtime role cannot change the function nor
the policies (it owns nothing), and a digest does not give the key back.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from upcampus.core.settings import across_key_is_explicit
from upcampus.tenancy.context import Scope, current_scope

ACROSS_FUNCTION = "upcampus_across"
_CURRENT = "nullif(current_setting('upcampus.tenant_id', true), '')::integer"
# In a sub-select, the function runs once per statement, not once per row.
_ACROSS = f"(SELECT {ACROSS_FUNCTION}())"
POLICY_CONDITION = f"{_ACROSS} OR tenant_id = {_CURRENT}"
# SharedOrLocal tables: shared rows (tenant_id NULL) are read by all, written nationally.
SHARED_READ = f"{_ACROSS} OR tenant_id IS NULL OR tenant_id = {_CURRENT}"
# CityOrNational tables (emails), and writes of SharedOrLocal ones: a city's own rows, or
# the national ones when no city is in scope.
OWN_OR_NATIONAL = (f"{_ACROSS} OR tenant_id = {_CURRENT} "
                   f"OR (tenant_id IS NULL AND {_CURRENT} IS NULL)")
SHARED_WRITE = OWN_OR_NATIONAL

# The policies before the across key (down-migrations restore them).
_LEGACY_ACROSS = "current_setting('upcampus.across', true) = 'on'"
LEGACY = {
    "owned": (f"{_LEGACY_ACROSS} OR tenant_id = {_CURRENT}",) * 2,
    "shared": (f"{_LEGACY_ACROSS} OR tenant_id IS NULL OR tenant_id = {_CURRENT}",
               f"{_LEGACY_ACROSS} OR tenant_id = {_CURRENT} "
               f"OR (tenant_id IS NULL AND {_CURRENT} IS NULL)"),
}
CONDITIONS = {"owned": (POLICY_CONDITION,) * 2, "shared": (SHARED_READ, SHARED_WRITE),
              "national": (OWN_OR_NATIONAL,) * 2}


def across_key() -> str:
    return current_app.config.get("ACROSS_KEY", "") if has_app_context() else ""


def across_function_sql(key: str) -> str:
    """The function that says whether this transaction holds the across key. Without a
    key, a random digest: nothing opens the wall."""
    digest = hashlib.sha256((key or secrets.token_hex(32)).encode()).hexdigest()
    return (f"CREATE OR REPLACE FUNCTION {ACROSS_FUNCTION}() RETURNS boolean "
            "LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$ "
            "SELECT coalesce(sha256(convert_to(current_setting('upcampus.across', true), "
            f"'UTF8')) = '\\x{digest}'::bytea, false) $$")


def install_across_function(connection: Connection, key: str | None = None) -> None:
    """Write the digest of ACROSS_KEY (migrations, run as the owner role), only when the
    key was given explicitly: a public default (UPCAMPUS_ENV left unset on a production
    upgrade) leaves an existing function as it is, and a new one opens nothing."""
    if connection.dialect.name != "postgresql":
        return
    key = across_key() if key is None else key
    if across_key_is_explicit(key):
        connection.exec_driver_sql(across_function_sql(key))
    elif not has_across_function(connection):
        connection.exec_driver_sql(across_function_sql(""))


def has_across_function(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql" and connection.exec_driver_sql(
        f"SELECT to_regprocedure('{ACROSS_FUNCTION}()') IS NOT NULL").scalar()


def enable_row_level_security(table: str, *, shared: bool = False,
                              national: bool = False) -> None:
    """For migrations: put the isolation policy on a TenantOwned table, with shared=True
    on a SharedOrLocal one, with national=True on a CityOrNational one (PostgreSQL)."""
    from alembic import op

    if op.get_bind().dialect.name != "postgresql":
        return
    install_across_function(op.get_bind())
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    set_policy(table, "national" if national else "shared" if shared else "owned")


def set_policy(table: str, kind: str, *, legacy: bool = False) -> None:
    from alembic import op

    read, write = (LEGACY if legacy else CONDITIONS)[kind]
    op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
    op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({read}) WITH CHECK ({write})")


def apply_scope(connection: Connection, scope: Scope) -> None:
    """Tell PostgreSQL which city this transaction acts for (bound parameters: the key
    never appears in a statement's text)."""
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(
        "SELECT set_config('upcampus.tenant_id', %(tenant)s, true), "
        "set_config('upcampus.across', %(across)s, true)",
        {"tenant": str(scope.tenant_id or ""),
         "across": across_key() if scope.across else ""})


@event.listens_for(Session, "after_begin")
def _scope_new_transaction(_session, _transaction, connection: Connection) -> None:
    apply_scope(connection, current_scope())
