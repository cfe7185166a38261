"""From a Host header to a city (or the national site), once per request, cached.

The cache holds plain snapshots, never ORM objects, so it is safe across requests and
threads. Any change to a city or its hosts through the ORM bumps the one-row
`tenant_generation` in the same transaction; each request reads that number (one
primary-key read) and a process that sees it move drops its cache, so a city onboarded
or suspended by one process is served so by every other at once. Changes made outside
the ORM (raw SQL) are trusted for TENANT_CACHE_SECONDS at most.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from upcampus.core.db import db
from upcampus.tenancy.models import Tenant, TenantDomain, TenantGeneration

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_RE = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
_CACHE_SIZE = 4096
log = logging.getLogger("upcampus.tenancy")


class BadHost(ValueError):  # noqa: N818 - reads as "bad host", what it is
    """The Host header is not a host name at all."""


@dataclass(frozen=True)
class CityInfo:
    """What a request needs to know of its city, detached from any session."""

    id: int
    slug: str
    name: str
    city: str
    subdomain: str
    status: str
    status_message: dict = field(hash=False)
    description: dict = field(hash=False)
    default_locale: str = "fr"
    locales: tuple[str, ...] = ("fr", "en")
    timezone: str = "Europe/Paris"
    theme: str = "default"
    branding: dict = field(default_factory=dict, hash=False)
    features: dict = field(default_factory=dict, hash=False)
    contact: dict = field(default_factory=dict, hash=False)
    logo_hash: str | None = None
    terms: dict = field(default_factory=dict, hash=False)
    neighbourhoods: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: Tenant) -> CityInfo:
        return cls(id=row.id, slug=row.slug, name=row.name, city=row.city,
                   subdomain=row.subdomain, status=row.status,
                   status_message=dict(row.status_message or {}),
                   description=dict(row.description or {}), default_locale=row.default_locale,
                   locales=tuple(row.locales or ()), timezone=str(row.timezone), theme=row.theme,
                   branding=dict(row.branding or {}), features=dict(row.features or {}),
                   contact=dict(row.contact or {}), logo_hash=row.logo_hash,
                   terms=dict(row.terms or {}),
                   neighbourhoods=tuple(row.neighbourhoods or ()))

    @classmethod
    def load(cls, tenant_id: int) -> CityInfo | None:
        """The city of a tenant id (a job or the CLI has ids, not a request's city)."""
        row = db.session.get(Tenant, tenant_id)
        return cls.from_row(row) if row is not None else None

    @cached_property
    def fingerprint(self) -> str:
        """A digest of everything this snapshot holds: pages kept for the city change key
        when the city's row does, even by raw SQL (seen when the host cache refreshes)."""
        return hashlib.blake2b(repr(self).encode(), digest_size=8).hexdigest()

    def text(self, texts: dict, locale: str) -> str:
        """A per-locale text in `locale`, else the city's default language."""
        return texts.get(locale) or texts.get(self.default_locale) or ""


@dataclass(frozen=True)
class Resolution:
    kind: str  # "national", "city" or "unknown"
    city: CityInfo | None = None


NATIONAL = Resolution("national")
UNKNOWN = Resolution("unknown")


def parse_host(raw: str | None) -> str:
    """The lower-case host name of a Host header, without port; BadHost if malformed."""
    if not raw or len(raw) > 300:
        raise BadHost(raw)
    host, _, port = raw.strip().lower().rpartition(":") if ":" in raw else (raw.lower(), "", "")
    if port and (not (port.isascii() and port.isdigit()) or int(port) > 65535):
        raise BadHost(raw)
    host = host.removesuffix(".")  # one: the root of DNS; "a.b.." is no host name
    if len(host) > 253 or not _HOST_RE.match(host):
        raise BadHost(raw)
    return host


class TenantResolver:
    def __init__(self, base_domain: str, ttl_seconds: int):
        self.base_domain = base_domain.lower().rstrip(".")
        self.ttl = ttl_seconds
        self._cache: OrderedDict[str, tuple[float, Resolution]] = OrderedDict()
        self._lock = threading.Lock()
        self._generation: int | None = None

    def resolve(self, host: str) -> Resolution:
        now = time.monotonic()
        generation = hosts_generation()
        with self._lock:
            if generation != self._generation:  # a city changed somewhere: forget all
                self._cache.clear()
                self._generation = generation
            hit = self._cache.get(host)
            if hit and hit[0] > now:
                self._cache.move_to_end(host)
                return hit[1]
        resolution = self._lookup(host)
        with self._lock:
            self._cache[host] = (now + self.ttl, resolution)
            self._cache.move_to_end(host)
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return resolution

    def peek(self, host: str) -> Resolution | None:
        """The cached resolution of `host`, without reading the database (None when not
        cached or expired). For the page cache's door only: a kept page's key holds the
        city's generation, which any change to the city or its hosts replaces, so a stale
        resolution finds no page and the request goes on to `resolve`."""
        hit = self._cache.get(host)
        return hit[1] if hit and hit[0] > time.monotonic() else None

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._generation = None

    def _lookup(self, host: str) -> Resolution:
        if host == self.base_domain:
            return NATIONAL
        suffix = "." + self.base_domain
        if host.endswith(suffix) and "." not in host[: -len(suffix)]:
            query = select(Tenant).where(Tenant.subdomain == host[: -len(suffix)])
        else:
            query = select(Tenant).join(TenantDomain).where(TenantDomain.host == host)
        row = db.session.scalars(query).first()
        if row is None or row.status == "archived":
            return UNKNOWN
        return Resolution("city", CityInfo.from_row(row))


def make_resolver(base_domain: str, ttl_seconds: int) -> TenantResolver:
    return TenantResolver(base_domain, ttl_seconds)


def hosts_generation() -> int | str:
    """What tells a process that a city or a host changed somewhere: with Redis, the hosts'
    generation there (a commit that changed one moves it, core/page_cache.py: no SQL per
    request); without, the database's tenant_generation."""
    from upcampus.core.page_cache import HOSTS, RedisStore, store

    shared = store()
    if isinstance(shared, RedisStore):
        try:
            return shared.generations((HOSTS,))[0]
        except Exception:  # noqa: BLE001 - Redis down: the database still knows
            log.exception("hosts' generation unavailable in Redis")
    return current_generation()


def current_generation() -> int:
    """The tenants' generation in the database (0 before the first change)."""
    return db.session.scalar(select(TenantGeneration.value).where(
        TenantGeneration.id == 1)) or 0


def bump_generation(connection: Connection) -> None:
    """+1 on the generation, on the connection (and so in the transaction) of the change;
    the row is created if missing."""
    table = TenantGeneration.__table__
    dialect = {"postgresql": postgresql, "sqlite": sqlite}.get(connection.dialect.name)
    if dialect is None:
        if not connection.execute(update(table).values(value=table.c.value + 1)).rowcount:
            connection.execute(table.insert().values(id=1, value=1))
        return
    connection.execute(dialect.insert(table).values(id=1, value=1).on_conflict_do_update(
        index_elements=[table.c.id], set_={"value": table.c.value + 1}))


def city_url(city: CityInfo, base_domain: str, scheme: str, port: int | None) -> str:
    """The address of a city's home page on its subdomain."""
    host = f"{city.subdomain}.{base_domain}"
    return f"{scheme}://{host}{f':{port}' if port else ''}/"


@event.listens_for(Session, "before_flush")
def _note_tenant_changes(session: Session, _context, _instances) -> None:
    # Before the rows it changes: every writer takes the generation's lock first, so two
    # transactions never wait on each other's tenant rows in opposite orders.
    changed = [*session.new, *session.deleted,
               *(o for o in session.dirty if session.is_modified(o))]
    if any(isinstance(obj, Tenant | TenantDomain) for obj in changed):
        bump_generation(session.connection())


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_tenant_changes(state) -> None:
    if (state.is_update or state.is_delete or state.is_insert) and any(
            m.class_ in (Tenant, TenantDomain) for m in state.all_mappers):
        bump_generation(state.session.connection())
