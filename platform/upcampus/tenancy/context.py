"""Which city the current code acts for.

The scope lives in a ContextVar so that requests, CLI commands and jobs share one
mechanism. Reaching across cities is only possible through ``across_tenants()``: grep
for it to find every place that does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    tenant_id: int | None
    across: bool = False


NO_SCOPE = Scope(tenant_id=None)
_scope: ContextVar[Scope] = ContextVar("upcampus_tenant_scope", default=NO_SCOPE)


def current_scope() -> Scope:
    return _scope.get()


def current_tenant_id() -> int | None:
    return _scope.get().tenant_id


def enter_scope(scope: Scope) -> Token:
    _flush_pending()
    previous = _scope.get()
    token = _scope.set(scope)
    if scope != previous:
        _scope_changed(scope)
    return token


def leave_scope(token: Token, *, failed: bool = False) -> None:
    """Leave a scope. Pending writes of a scope left normally are flushed under it; a
    failed one's are dropped. The scope is reset whatever the flush does: a thread that
    serves the next request must never keep a city (sync and threaded workers reuse it)."""
    left = _scope.get()
    try:
        if failed:
            _drop_pending()  # never let another scope flush what this one left half-done
        else:
            _flush_pending()  # pending writes belong to the scope being left
    except BaseException:
        failed = True
        raise
    finally:
        _scope.reset(token)
        if _scope.get() != left:
            _scope_changed(_scope.get(), transaction_may_be_dead=failed)


def reset_scope() -> None:
    """Start from no city at all (the start of every request): whatever a previous
    request on this thread left behind is forgotten, never flushed."""
    _scope.set(NO_SCOPE)


@contextmanager
def _scoped(scope: Scope) -> Iterator[None]:
    token = enter_scope(scope)
    try:
        yield
    except BaseException:
        leave_scope(token, failed=True)
        raise
    leave_scope(token)


def tenant_scope(tenant):
    """Act for one city: every query on its rows is filtered, every insert stamped."""
    return _scoped(Scope(tenant_id=tenant if isinstance(tenant, int) else tenant.id))


def outside_any_city():
    """No city in scope (a job starts so, even when run inline by a city's request)."""
    return _scoped(NO_SCOPE)


def across_tenants():
    """National code only: read and write rows of every city, explicitly."""
    return _scoped(Scope(tenant_id=None, across=True))


def _session():
    from flask import has_app_context

    if not has_app_context():
        return None
    from upcampus.core.db import db

    return db.session()  # the current Session itself, not the scoped proxy


def _flush_pending() -> None:
    session = _session()
    if session is not None and (session.new or session.dirty or session.deleted):
        session.flush()


def _drop_pending() -> None:
    session = _session()
    if session is None:
        return
    from upcampus.tenancy.scoping import mixin_of

    for obj in list(session.new):
        if mixin_of(obj) is not None:
            session.expunge(obj)
    for obj in list(session.dirty) + list(session.deleted):
        if mixin_of(obj) is not None:
            session.expire(obj)


def _scope_changed(scope: Scope, transaction_may_be_dead: bool = False) -> None:
    """Carry the new scope into an open transaction, and forget rows of other cities: a
    session keeps loaded rows in its identity map, where no filter applies."""
    session = _session()
    if session is None:
        return
    if session.in_transaction():
        from sqlalchemy.exc import SQLAlchemyError

        from upcampus.tenancy.rls import apply_scope

        try:
            apply_scope(session.connection(), scope)
        except SQLAlchemyError:
            if not transaction_may_be_dead:
                raise
            # An aborted transaction runs nothing more; the next one is scoped afresh.
    if scope.across:
        return
    from sqlalchemy import inspect

    from upcampus.tenancy.scoping import mixin_of, visible_in

    for obj in list(session.identity_map.values()):
        mixin = mixin_of(obj)
        if mixin is None or obj not in session:  # cascades may have expunged it already
            continue
        # Read what is loaded, never trigger a load: an expired row's city is unknown,
        # so it goes too (get() then asks the database, through the filter).
        loaded = inspect(obj).dict
        if "tenant_id" not in loaded or not visible_in(scope, loaded["tenant_id"], mixin):
            session.expunge(obj)
