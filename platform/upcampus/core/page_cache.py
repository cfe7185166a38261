"""Pages for visitors who are not signed in, kept per (city, host, language, path, query).

Most visitors of a city network are not signed in, and their pages are the same for
everyone in a city and a language. A page is kept only when nothing of the visitor went
into it: no session or remember cookie came in, no cookie goes out, no CSRF token or
flash message was made, the answer is a 200 HTML page to a GET. It is served with an
ETag (304 on If-None-Match) and `Cache-Control: public` with a short s-maxage, so nginx
or a CDN may micro-cache too (`Vary: Cookie, Accept-Language`).

Invalidation is exact: the key holds the city's content generation and the national
one. Every commit that wrote a city's rows replaces that city's generation; national
rows (accounts, the shared taxonomy, national pages...) replace the national one, which
every key holds. A page rendered before a write is stored under the generation read
before it rendered, so it is never found again. Generations live in Redis when REDIS_URL
is set (one MGET per request), else in the process, whose entries then also expire after
PAGE_CACHE_SECONDS (a CLI write in another process is not seen before). Writes made
outside the ORM (raw SQL, COPY) are not seen either: clear with `upcampus cache
clear`.

This file holds the stores and the write side; the request side (keys, keeping, and the
door that answers kept pages before Flask) is core/page_cache_serving.py.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict

from flask import Flask, current_app, g, has_app_context, has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.sql.util import find_tables

from upcampus.tenancy.context import current_scope

log = logging.getLogger("upcampus.page_cache")

NATIONAL = "n"
# The hosts' generation: moved by any change to a city's row or its hosts. A process with
# Redis reads it there to know its host cache is stale (tenancy/resolver.py) instead of
# reading the database's tenant_generation on every request.
HOSTS = "hosts"
HOST_TABLES = frozenset({"tenants", "tenant_domains"})
# The national figures (counted every ten minutes) show on national pages only: their own
# generation, which city pages do not hold, or each count would drop every city's pages.
FIGURES = "figures"
FIGURES_TABLE = "national_figures"
# The national site lists the cities with their members and projects, counted live: a
# generation of its own, moved by those rows in any city, held by national pages only.
DIRECTORY = "directory"
DIRECTORY_TABLES = frozenset({"memberships", "publications"})
# Rows no page shows: writing them (every login, every throttled attempt) keeps pages.
# Private conversations show on no page a visitor sees: reading or writing one keeps them.
# Mail, notifications, tokens, consents, audits and tickets show on no visitor's page
# either; were they shown, every email sent would drop a city's pages.
NEUTRAL_TABLES = frozenset({"auth_sessions", "auth_throttle", "tenant_generation",
                            "api_idempotent_answers", "conversations", "messages",
                            "member_blocks", "emails", "notifications",
                            "notification_digests", "notification_preferences",
                            "match_notices", "match_invitations", "api_tokens", "consents",
                            "handoff_tickets", "console_audit", "data_exports", "demo_runs",
                            "erased_emails", "moderation_reports"})
# Rows that show on no page when they are new, only once another row links them: an
# account appears through its membership (a city's row). Without this every sign-up
# would replace the national generation, and so drop every city's kept pages.
NEUTRAL_WHEN_NEW = frozenset({"accounts"})
# Columns no page shows: a row changed in these only keeps pages (a login stamps its time).
NEUTRAL_COLUMNS = {"accounts": frozenset({"last_login_at", "password_hash"})}
_PENDING = "upcampus_page_cache_scopes"


def _token() -> str:
    return secrets.token_hex(8)


class LocalStore:
    """One process: an LRU of pages, each kept PAGE_CACHE_SECONDS at most."""

    def __init__(self, entries: int, ttl: int):
        self.entries, self.ttl = entries, ttl
        self._pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._generations: dict[str, str] = {}
        self._lock = threading.Lock()

    def generations(self, scopes: tuple[str, ...]) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._generations.setdefault(s, _token()) for s in scopes)

    def bump(self, scopes) -> None:
        with self._lock:
            self._generations.update({s: _token() for s in scopes})

    def get(self, key: str) -> bytes | None:
        with self._lock:
            hit = self._pages.get(key)
            if hit is None or hit[0] < time.monotonic():
                return None
            self._pages.move_to_end(key)
            return hit[1]

    def put(self, key: str, value: bytes) -> None:
        with self._lock:
            self._pages[key] = (time.monotonic() + self.ttl, value)
            self._pages.move_to_end(key)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._generations.clear()


class RedisStore:
    """Every process of a deployment: generations and pages in Redis. A generation that
    is missing (evicted, flushed) is set to a fresh random value, never back to an old
    one, so pages kept under an old value are never found again."""

    def __init__(self, url: str, namespace: str, ttl: int):
        from redis import Redis

        self.redis = Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix, self.ttl = f"upcampus-pages:{namespace}:", ttl

    def _gen_keys(self, scopes) -> list[str]:
        return [f"{self.prefix}g:{s}" for s in scopes]

    def generations(self, scopes: tuple[str, ...]) -> tuple[str, ...]:
        keys = self._gen_keys(scopes)
        values = self.redis.mget(keys)
        if None in values:
            with self.redis.pipeline() as pipe:
                for key, value in zip(keys, values, strict=True):
                    if value is None:
                        pipe.set(key, _token(), nx=True)
                pipe.mget(keys)
                values = pipe.execute()[-1]
        return tuple(v.decode() for v in values)

    def bump(self, scopes) -> None:
        self.redis.mset({key: _token() for key in self._gen_keys(scopes)})

    def get(self, key: str) -> bytes | None:
        return self.redis.get(self.prefix + "p:" + key)

    def put(self, key: str, value: bytes) -> None:
        self.redis.set(self.prefix + "p:" + key, value, ex=self.ttl)

    def clear(self) -> None:
        for key in self.redis.scan_iter(match=self.prefix + "*", count=1000):
            self.redis.delete(key)


def scopes_of(city) -> tuple[str, ...]:
    """The generations a page of this city (a CityInfo, or None: national) depends on."""
    return (str(city.id), NATIONAL) if city else (NATIONAL, FIGURES, DIRECTORY)


def store():
    return current_app.extensions.get("upcampus_page_cache") if has_app_context() else None


# --- the write side: which generations a commit replaces -----------------------------

def _scope_of(obj) -> str | None:
    from upcampus.tenancy.models import Tenant, TenantDomain
    from upcampus.tenancy.scoping import mixin_of

    table = getattr(obj, "__tablename__", None)
    if table in NEUTRAL_TABLES:
        return None
    if table == FIGURES_TABLE:
        return FIGURES
    loaded = inspect(obj).dict
    if isinstance(obj, Tenant):
        return str(loaded.get("id") or NATIONAL)
    if isinstance(obj, TenantDomain) or mixin_of(obj) is not None:
        tenant_id = loaded.get("tenant_id", current_scope().tenant_id)
        return str(tenant_id) if tenant_id is not None else NATIONAL
    return NATIONAL


def _shown_change(session: Session, obj) -> bool:
    neutral = NEUTRAL_COLUMNS.get(getattr(obj, "__tablename__", None))
    if not session.is_modified(obj):
        return False
    if neutral is None:
        return True
    state = inspect(obj)
    return any(attr.history.has_changes() for attr in state.attrs if attr.key not in neutral)


def _note(session: Session, scopes) -> None:
    session.info.setdefault(_PENDING, set()).update(scopes)


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context) -> None:
    from upcampus.tenancy.models import Tenant, TenantDomain

    changed = [*session.new, *session.deleted,
               *(o for o in session.dirty if _shown_change(session, o))]
    scopes = {_scope_of(obj) for obj in changed if not (
        obj in session.new and getattr(obj, "__tablename__", None) in NEUTRAL_WHEN_NEW)}
    scopes.discard(None)
    if any(isinstance(obj, Tenant) for obj in changed):
        scopes.add(NATIONAL)  # the national site lists the cities
    if any(isinstance(obj, Tenant | TenantDomain) for obj in changed):
        scopes.add(HOSTS)
    if any(getattr(obj, "__tablename__", None) in DIRECTORY_TABLES for obj in changed):
        scopes.add(DIRECTORY)
    if scopes:
        _note(session, scopes)


@event.listens_for(Session, "do_orm_execute")
def _note_bulk(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    tables = {t.name for t in find_tables(state.statement, include_crud=True)}
    if tables and tables <= NEUTRAL_TABLES:
        return
    if tables == {FIGURES_TABLE}:
        _note(state.session, {FIGURES})
        return
    scope = current_scope()
    tenant_id = None if scope.across else scope.tenant_id
    _note(state.session, {str(tenant_id) if tenant_id is not None else NATIONAL,
                          *((HOSTS,) if tables & HOST_TABLES else ()),
                          *((DIRECTORY,) if tables & DIRECTORY_TABLES else ())})


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session: Session) -> None:
    scopes = session.info.pop(_PENDING, None)
    pages = store()
    if scopes and has_request_context():
        g.pop("generations", None)  # read again: what this request shows next is new
    if scopes and pages is not None:
        try:
            pages.bump(scopes)
        except Exception:  # noqa: BLE001 - the commit is done; say so loudly
            log.exception("page cache: generations %s not replaced", sorted(scopes))


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost one: nothing was written
        session.info.pop(_PENDING, None)


def init_page_cache(app: Flask) -> None:
    ttl = app.config["PAGE_CACHE_SECONDS"]
    # The store and its generations exist even with pages not kept: the host cache and
    # the values kept per generation (core/memo.py) use them.
    app.extensions["upcampus_page_cache"] = (
        RedisStore(app.config["REDIS_URL"], app.config["JOBS_QUEUE"], ttl)
        if app.config["REDIS_URL"] else LocalStore(app.config["PAGE_CACHE_ENTRIES"], ttl))
    if not app.config["PAGE_CACHE"]:
        return
    from upcampus.core.page_cache_serving import PageCacheDoor, keep_page, serve_from_cache

    app.before_request(serve_from_cache)  # after init_tenancy's hook: the city is known
    # First in the list, so it runs last of the after_request hooks (Flask reverses them).
    app.after_request_funcs.setdefault(None, []).insert(0, keep_page)
    if isinstance(app.extensions["upcampus_page_cache"], RedisStore):
        # Kept pages are answered before Flask (create_app wraps ProxyFix around this).
        # Only with Redis: every process then moves the generations a kept page's key
        # holds, a city suspended by the CLI included; a process on its own knows only
        # its own writes, and Flask's host check (one read of tenant_generation) is what
        # tells it another process changed a city.
        app.wsgi_app = PageCacheDoor(app, app.wsgi_app)
