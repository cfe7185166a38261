"""From a Host header to a city (or the national site), once per request, cached.

The cache holds plain snapshots, never ORM objects, so it is safe across requests and
threads. It is cleared in this process whenever a tenant row is committed, and other
processes trust an entry for TENANT_CACHE_SECONDS at most.
"""

from __future__ import annotations

import re
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from upcampus.core.db import db
from upcampus.tenancy.models import Tenant, TenantDomain

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_RE = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")
_CACHE_SIZE = 4096


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
                   locales=tuple(row.locales or ()), timezone=row.timezone, theme=row.theme,
                   branding=dict(row.branding or {}), features=dict(row.features or {}),
                   contact=dict(row.contact or {}), logo_hash=row.logo_hash,
                   terms=dict(row.terms or {}),
                   neighbourhoods=tuple(row.neighbourhoods or ()))

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
    host = host.rstrip(".")
    if len(host) > 253 or not _HOST_RE.match(host):
        raise BadHost(raw)
    return host


class TenantResolver:
    def __init__(self, base_domain: str, ttl_seconds: int):
        self.base_domain = base_domain.lower().rstrip(".")
        self.ttl = ttl_seconds
        self._cache: OrderedDict[str, tuple[float, Resolution]] = OrderedDict()
        self._lock = threading.Lock()

    def resolve(self, host: str) -> Resolution:
        now = time.monotonic()
        with self._lock:
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

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

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


_resolvers: weakref.WeakSet[TenantResolver] = weakref.WeakSet()


def make_resolver(base_domain: str, ttl_seconds: int) -> TenantResolver:
    resolver = TenantResolver(base_domain, ttl_seconds)
    _resolvers.add(resolver)
    return resolver


def city_url(city: CityInfo, base_domain: str, scheme: str, port: int | None) -> str:
    """The address of a city's home page on its subdomain."""
    host = f"{city.subdomain}.{base_domain}"
    return f"{scheme}://{host}{f':{port}' if port else ''}/"


@event.listens_for(Session, "after_flush")
def _note_tenant_changes(session: Session, _context) -> None:
    changed = (session.new | session.dirty | session.deleted)
    if any(isinstance(obj, Tenant | TenantDomain) for obj in changed):
        session.info["tenants_changed"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_tenant_changes(state) -> None:
    if (state.is_update or state.is_delete) and any(
            m.class_ in (Tenant, TenantDomain) for m in state.all_mappers):
        state.session.info["tenants_changed"] = True


@event.listens_for(Session, "after_commit")
def _clear_caches_on_commit(session: Session) -> None:
    if session.info.pop("tenants_changed", False):
        for resolver in _resolvers:
            resolver.clear()


@event.listens_for(Session, "after_rollback")
def _forget_uncommitted_changes(session: Session) -> None:
    session.info.pop("tenants_changed", None)
