"""The ORM wall for statements that write many rows at once, which no flush sees:
`session.execute(insert(Model), [...])`, `insert(Model).values(...)`, bulk UPDATE or
DELETE by primary key, Core DML on a city table, and `bulk_save_objects` & co.
An UPDATE may not set `tenant_id` (in `.values()` or in the parameters given to
execute()), and an INSERT may not carry ON CONFLICT DO UPDATE (it rewrites whichever row
it collides with); both outside `across_tenants()`.

Inserts are stamped with the current city or refused when they name another; writes
whose rows' city cannot be told from the statement (by primary key, from a SELECT, Core
tables) are refused outside `across_tenants()`. On SQLite this is the only wall.
"""

from __future__ import annotations

from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.sql.elements import BindParameter, ClauseElement

from upcampus.tenancy.context import current_scope
from upcampus.tenancy.scoping import (
    TenantOwned,
    TenantScopeError,
    _scoped_tables,
    mixin_of,
)

_UNKNOWN = object()  # a SQL expression: its city cannot be known before it runs


def _key(column) -> str:
    return column if isinstance(column, str) else getattr(column, "key", str(column))


def _literal(value):
    if isinstance(value, BindParameter):
        return value.effective_value if value.callable else value.value
    return _UNKNOWN if isinstance(value, ClauseElement) else value


def _allowed(scope, tenant_id, mixin) -> bool:
    if tenant_id is _UNKNOWN:
        return False
    if tenant_id is None and mixin is TenantOwned:
        return False
    # Writes: a city writes its own rows only, national code national ones only.
    return scope.across or tenant_id == scope.tenant_id


def check_bulk_statement(state: ORMExecuteState) -> None:
    """do_orm_execute hook for INSERT, UPDATE and DELETE statements."""
    statement = state.statement
    table = getattr(statement, "table", None)
    mixin = _scoped_tables().get(getattr(table, "name", None))
    if mixin is None:
        return
    scope = current_scope()
    name = table.name
    if not state.is_orm_statement:
        if not scope.across:
            raise TenantScopeError(f"Core {_verb(state)} on {name}: use the ORM model, "
                                   "or across_tenants() in national code")
        return
    if state.is_insert:
        _check_insert(state, scope, mixin, name)
        return
    if scope.across:
        return
    if state.is_executemany:
        raise TenantScopeError(f"bulk {_verb(state)} by primary key on {name} outside "
                               "across_tenants(): the rows' city cannot be checked")
    values = dict(getattr(statement, "_values", None) or {})
    # A parameter dict passed to execute() becomes the SET clause of an UPDATE too.
    params = state.parameters
    param_rows = params if isinstance(params, list) else ([params] if params else [])
    if state.is_update and (any(_key(column) == "tenant_id" for column in values)
                            or any("tenant_id" in row for row in param_rows)):
        raise TenantScopeError(f"UPDATE of {name}.tenant_id: a row never changes city")


def _check_insert(state: ORMExecuteState, scope, mixin, name: str) -> None:
    statement = state.statement
    upsert = getattr(statement, "_post_values_clause", None)
    if upsert is not None and not scope.across and not _does_nothing(upsert):
        # ON CONFLICT DO UPDATE rewrites the existing row it collides with, whichever
        # city owns it: the stamp on the new row says nothing about that one.
        raise TenantScopeError(f"INSERT ... ON CONFLICT DO UPDATE into {name} outside "
                               "across_tenants(): the row it would change may be another "
                               "city's")
    if getattr(statement, "_select_names", None):
        if not scope.across:
            raise TenantScopeError(f"INSERT ... SELECT into {name} outside across_tenants()")
        return
    stamp = scope.tenant_id if not scope.across else None
    values = {_key(c): _literal(v) for c, v in (getattr(statement, "_values", None) or {}).items()}
    rows = []
    for batch in getattr(statement, "_multi_values", None) or ():  # one per .values([...])
        for row in batch:
            pairs = row.items() if isinstance(row, dict) else zip(statement.table.c, row,
                                                                   strict=False)
            rows.append({_key(c): _literal(v) for c, v in pairs})
    params = state.parameters
    param_rows = params if isinstance(params, list) else ([params] if params else [])
    if "tenant_id" in values:
        _refuse_unless(scope, values["tenant_id"], mixin, name)
    elif stamp is not None and not rows:
        statement = statement.values(tenant_id=stamp)
        state.statement = statement
        values["tenant_id"] = stamp
    for row in rows:
        _refuse_unless(scope, row.get("tenant_id", values.get("tenant_id")), mixin, name)
    stamped = []
    for row in param_rows:
        row = dict(row)
        if "tenant_id" not in row and "tenant_id" not in values and stamp is not None:
            row["tenant_id"] = stamp
        _refuse_unless(scope, row.get("tenant_id", values.get("tenant_id")), mixin, name)
        stamped.append(row)
    if isinstance(params, list):
        state.parameters = stamped
    elif params:
        state.parameters = stamped[0]
    elif not rows and "tenant_id" not in values:
        _refuse_unless(scope, None, mixin, name)


def _does_nothing(clause) -> bool:
    """ON CONFLICT DO NOTHING (PostgreSQL or SQLite) leaves every existing row as it is."""
    from sqlalchemy.dialects.postgresql.dml import OnConflictDoNothing as PgNothing
    from sqlalchemy.dialects.sqlite.dml import OnConflictDoNothing as SqliteNothing

    return isinstance(clause, PgNothing | SqliteNothing)


def _refuse_unless(scope, tenant_id, mixin, name: str) -> None:
    if not _allowed(scope, tenant_id, mixin):
        raise TenantScopeError(f"INSERT into {name} for another city (tenant_id={tenant_id!r})"
                               if tenant_id is not _UNKNOWN else
                               f"INSERT into {name} with a computed tenant_id")


def _verb(state: ORMExecuteState) -> str:
    return "INSERT" if state.is_insert else "UPDATE" if state.is_update else "DELETE"


def check_bulk_objects(mapper, objects_or_mappings, *, update: bool, mappings: bool) -> list:
    """For Session.bulk_save_objects / bulk_insert_mappings / bulk_update_mappings, which
    no event sees: stamp and check inserts; refuse updates outside across_tenants()."""
    mixin = mixin_of(mapper.class_)
    if mixin is None:
        return list(objects_or_mappings)
    scope = current_scope()
    name = mapper.local_table.name
    if update and not scope.across:
        raise TenantScopeError(f"bulk update of {name} outside across_tenants(): "
                               "load the rows and change them instead")
    checked = []
    for item in objects_or_mappings:
        tenant_id = item.get("tenant_id") if mappings else item.tenant_id
        if tenant_id is None and not scope.across and scope.tenant_id is not None:
            tenant_id = scope.tenant_id
            if mappings:
                item = {**item, "tenant_id": tenant_id}
            else:
                item.tenant_id = tenant_id
        _refuse_unless(scope, tenant_id, mixin, name)
        checked.append(item)
    return checked


class ScopedBulkMixin:
    """Session methods that write without a flush or an execute event, checked here."""

    def bulk_save_objects(self, objects, *args, **kwargs):
        from sqlalchemy import inspect

        objects = list(objects)
        for mapper in {inspect(o).mapper for o in objects}:
            mine = [o for o in objects if inspect(o).mapper is mapper]
            if any(inspect(o).key is not None for o in mine):
                check_bulk_objects(mapper, mine, update=True, mappings=False)
            check_bulk_objects(mapper, mine, update=False, mappings=False)
        return super().bulk_save_objects(objects, *args, **kwargs)

    def bulk_insert_mappings(self, mapper, mappings, *args, **kwargs):
        from sqlalchemy import inspect

        checked = check_bulk_objects(inspect(mapper), mappings, update=False, mappings=True)
        return super().bulk_insert_mappings(mapper, checked, *args, **kwargs)

    def bulk_update_mappings(self, mapper, mappings, *args, **kwargs):
        from sqlalchemy import inspect

        check_bulk_objects(inspect(mapper), mappings, update=True, mappings=True)
        return super().bulk_update_mappings(mapper, mappings, *args, **kwargs)
