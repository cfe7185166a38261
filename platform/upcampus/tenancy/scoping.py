"""Row-level isolation, enforced once: every ORM statement on a tenant-owned model is
filtered to the current city, every insert is stamped with it, and any write outside
it raises. PostgreSQL row-level security (see migrations) is the second wall."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import ForeignKey, event, inspect, or_
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)
from sqlalchemy.sql.util import find_tables

from upcampus.tenancy.context import current_scope


class TenantScopeError(RuntimeError):
    """Code touched a city's rows outside that city's scope."""


class TenantOwned:
    """Mixin for every city-owned model: a non-null, indexed tenant_id."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:  # noqa: N805 - declared_attr receives the class
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"),
                             nullable=False, index=True)


class SharedOrLocal:
    """Mixin for shared national data a city may extend with entries of its own (the
    taxonomy): tenant_id is NULL for shared rows, a city's id for its local ones. A city
    sees shared rows and its own, and writes only its own; national code (no city in
    scope) sees and writes shared rows only."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"),
                             nullable=True, index=True)


class CityOrNational:
    """Mixin for rows sent for one city or for the national site (emails): tenant_id is a
    city's id or NULL. A city sees and writes only its own rows; national code (no city
    in scope) only the national ones; across_tenants() every row. The model declares
    its own index starting with tenant_id."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), nullable=True)


SCOPED_MIXINS = (TenantOwned, SharedOrLocal, CityOrNational)


def visible_in(scope, tenant_id, mixin) -> bool:
    """Whether a row of `mixin` with this tenant_id belongs to the scope."""
    if scope.across:
        return True
    if mixin is SharedOrLocal:
        return tenant_id is None or tenant_id == scope.tenant_id
    if mixin is TenantOwned and tenant_id is None:
        return False
    return tenant_id == scope.tenant_id


def mixin_of(obj_or_class):
    cls = obj_or_class if isinstance(obj_or_class, type) else type(obj_or_class)
    return _mixin_of_class(cls)


@lru_cache(maxsize=1024)
def _mixin_of_class(cls):
    return next((m for m in SCOPED_MIXINS if issubclass(cls, m)), None)


def _tenant_tables(statement) -> list[str]:
    """Names of the tenant-owned tables a statement reads or writes."""
    owned = {name for name, mixin in _scoped_tables().items() if mixin is TenantOwned}
    return sorted({t.name for t in find_tables(statement, include_crud=True)
                   if t.name in owned})


def _scoped_tables() -> dict[str, type]:
    """Table name -> the scoping mixin of its model (do not change the dict: it is made
    once per set of models, and every statement of a national request asks for it)."""
    from upcampus.core.db import db

    registry = db.Model.registry
    return _scoped_tables_of(registry, len(registry._managers))  # noqa: SLF001 - O(1) count


@lru_cache(maxsize=4)
def _scoped_tables_of(registry, _model_count: int) -> dict[str, type]:
    return {m.local_table.name: mixin_of(m.class_) for m in registry.mappers
            if mixin_of(m.class_) is not None}


@event.listens_for(Session, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        from upcampus.tenancy.bulk import check_bulk_statement

        check_bulk_statement(state)
    if not (state.is_select or state.is_update or state.is_delete) or state.is_column_load:
        return  # inserts are checked above and at flush; a column load refreshes a checked row
    scope = current_scope()
    if scope.across:
        return
    if scope.tenant_id is None:
        names = _tenant_tables(state.statement)
        if names:
            raise TenantScopeError(f"query on {', '.join(names)} with no city in scope")
        state.statement = state.statement.options(*_national_criteria())
        return
    # Applies to every tenant-owned entity of the statement (FROM, joins, relationship
    # loads); statements without one are unaffected.
    state.statement = state.statement.options(*_city_criteria(scope.tenant_id))


@lru_cache(maxsize=1)
def _national_criteria() -> tuple:
    return (with_loader_criteria(SharedOrLocal, lambda cls: cls.tenant_id.is_(None),
                                 include_aliases=True),
            with_loader_criteria(CityOrNational, lambda cls: cls.tenant_id.is_(None),
                                 include_aliases=True))


@lru_cache(maxsize=4096)
def _city_criteria(tenant_id: int) -> tuple:
    """The options that scope a statement to one city, made once per city and process
    (every statement of every request needs them)."""
    return (
        with_loader_criteria(TenantOwned, lambda cls: cls.tenant_id == tenant_id,
                             include_aliases=True),
        with_loader_criteria(SharedOrLocal, lambda cls: or_(cls.tenant_id.is_(None),
                                                            cls.tenant_id == tenant_id),
                             include_aliases=True),
        with_loader_criteria(CityOrNational, lambda cls: cls.tenant_id == tenant_id,
                             include_aliases=True),
    )


@event.listens_for(TenantOwned, "refresh", propagate=True)
@event.listens_for(TenantOwned, "load", propagate=True)
def _check_loaded_row(target, _context, *_attrs) -> None:
    # Catches rows that reach the ORM by paths no filter sees (from_statement, text()).
    scope = current_scope()
    if not scope.across and target.tenant_id != scope.tenant_id:
        raise TenantScopeError(f"{type(target).__name__} of another city loaded")


@event.listens_for(SharedOrLocal, "refresh", propagate=True)
@event.listens_for(SharedOrLocal, "load", propagate=True)
def _check_loaded_shared_row(target, _context, *_attrs) -> None:
    scope = current_scope()
    if not scope.across and target.tenant_id not in (None, scope.tenant_id):
        raise TenantScopeError(f"{type(target).__name__} of another city loaded")


@event.listens_for(CityOrNational, "refresh", propagate=True)
@event.listens_for(CityOrNational, "load", propagate=True)
def _check_loaded_city_or_national_row(target, _context, *_attrs) -> None:
    if not visible_in(current_scope(), target.tenant_id, CityOrNational):
        raise TenantScopeError(f"{type(target).__name__} of another city loaded")


@event.listens_for(Session, "before_flush")
def _check_writes(session: Session, _flush_context, _instances) -> None:
    scope = current_scope()
    for obj in session.new:
        if not isinstance(obj, TenantOwned):
            continue
        if scope.across:
            if obj.tenant_id is None:
                raise TenantScopeError(f"new {type(obj).__name__} across cities needs a tenant_id")
        elif scope.tenant_id is None:
            raise TenantScopeError(f"new {type(obj).__name__} with no city in scope")
        elif obj.tenant_id is None:
            obj.tenant_id = scope.tenant_id
        elif obj.tenant_id != scope.tenant_id:
            raise TenantScopeError(f"new {type(obj).__name__} for another city")
    _check_shared_or_local_writes(session, scope)
    _check_city_or_national_writes(session, scope)
    if scope.across:
        return
    _refuse_foreign_changes(session, scope, TenantOwned)


def _refuse_foreign_changes(session: Session, scope, mixin) -> None:
    """A changed or deleted row must be this scope's, and stay so (no move of city)."""
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, mixin):
            continue
        moved = inspect(obj).attrs.tenant_id.history.has_changes()
        if moved or obj.tenant_id != scope.tenant_id:
            raise TenantScopeError(f"{type(obj).__name__} of another city written")


def _check_shared_or_local_writes(session: Session, scope) -> None:
    if scope.across:
        return
    for obj in session.new:
        if isinstance(obj, SharedOrLocal) and scope.tenant_id is not None:
            if obj.tenant_id is None:
                obj.tenant_id = scope.tenant_id  # a city's entry is always its own
            elif obj.tenant_id != scope.tenant_id:
                raise TenantScopeError(f"new {type(obj).__name__} for another city")
        elif isinstance(obj, SharedOrLocal) and obj.tenant_id is not None:
            raise TenantScopeError(f"new {type(obj).__name__} for a city, no city in scope")
    _refuse_foreign_changes(session, scope, SharedOrLocal)


def _check_city_or_national_writes(session: Session, scope) -> None:
    if scope.across:
        return
    for obj in session.new:
        if isinstance(obj, CityOrNational):
            if obj.tenant_id is None:
                obj.tenant_id = scope.tenant_id  # a city's row is its own, else national
            elif obj.tenant_id != scope.tenant_id:
                raise TenantScopeError(f"new {type(obj).__name__} outside this scope")
    _refuse_foreign_changes(session, scope, CityOrNational)
