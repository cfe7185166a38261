"""PostgreSQL row-level security: the second wall behind the ORM's scoping.

Each transaction carries the current scope in two settings, `upcampus.tenant_id` and
`upcampus.across`; a policy on every tenant-owned table shows and accepts only the rows
of that city. The application's database role must not be a superuser nor have
BYPASSRLS, or PostgreSQL skips the policies.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from upcampus.tenancy.context import Scope, current_scope

POLICY_CONDITION = (
    "current_setting('upcampus.across', true) = 'on' OR "
    "tenant_id = nullif(current_setting('upcampus.tenant_id', true), '')::integer"
)


_CURRENT = "nullif(current_setting('upcampus.tenant_id', true), '')::integer"
_ACROSS = "current_setting('upcampus.across', true) = 'on'"
# SharedOrLocal tables: shared rows (tenant_id NULL) are read by all, written nationally.
SHARED_READ = f"{_ACROSS} OR tenant_id IS NULL OR tenant_id = {_CURRENT}"
SHARED_WRITE = (f"{_ACROSS} OR tenant_id = {_CURRENT} "
                f"OR (tenant_id IS NULL AND {_CURRENT} IS NULL)")


def enable_row_level_security(table: str, *, shared: bool = False) -> None:
    """For migrations: put the isolation policy on a TenantOwned table, or with
    shared=True on a SharedOrLocal one (PostgreSQL only)."""
    from alembic import op

    if op.get_bind().dialect.name != "postgresql":
        return
    read, write = (SHARED_READ, SHARED_WRITE) if shared else (POLICY_CONDITION,) * 2
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({read}) WITH CHECK ({write})")


def apply_scope(connection: Connection, scope: Scope) -> None:
    """Tell PostgreSQL which city this transaction acts for."""
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(
        "SELECT set_config('upcampus.tenant_id', %(tenant)s, true), "
        "set_config('upcampus.across', %(across)s, true)",
        {"tenant": str(scope.tenant_id or ""), "across": "on" if scope.across else "off"})


@event.listens_for(Session, "after_begin")
def _scope_new_transaction(_session, _transaction, connection: Connection) -> None:
    apply_scope(connection, current_scope())
