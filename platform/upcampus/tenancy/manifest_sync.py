"""Cities stay code: a manifest and the database are compared field by field, and a city
is written back out as a `tenants/<slug>/` folder that `tenants onboard` reads unchanged.

A city remembers what its last onboard applied (`Tenant.onboarded`). When the database no
longer matches that, the city was changed since (on the web, from the console):
- the manifest is the same as last time: nothing is applied, the differences are told;
- the manifest changed too: refused, every differing field named, unless --force.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import tomli_w
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.pages.models import Page
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant

PAGE = "page "
LOGO_FILES = {"image/svg+xml": "logo.svg", "image/png": "logo.png", "image/jpeg": "logo.jpg",
              "image/webp": "logo.webp"}


def _plain(value):
    """A value as JSON stores it: lists, not tuples; plain dicts."""
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def _page_digest(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()


def manifest_state(columns: dict, custom_domains: list[str], pages) -> dict:
    """What a manifest asks for, flat: column values, hosts, one digest per page."""
    state = {name: _plain(value) for name, value in columns.items()}
    state["custom_domains"] = sorted(custom_domains)
    for page in pages:
        state[f"{PAGE}{page.slug}.{page.locale}"] = _page_digest(page.title, page.body)
    return state


def database_state(tenant: Tenant, names) -> dict:
    """The same fields as the database holds them now (every page of the city)."""
    state = {name: _plain(getattr(tenant, name)) for name in names
             if name != "custom_domains" and not name.startswith(PAGE)}
    state["custom_domains"] = sorted(d.host for d in tenant.domains)
    with tenant_scope(tenant.id):
        for page in db.session.scalars(select(Page)):
            state[f"{PAGE}{page.slug}.{page.locale}"] = _page_digest(page.title, page.body)
    return state


@dataclass
class Difference:
    field: str
    database: object
    manifest: object

    def __str__(self) -> str:
        if self.field.startswith(PAGE):
            return f"{self.field}: {_side(self.database)} ≠ {_side(self.manifest)}"
        return f"{self.field}: {_short(self.database)} ≠ {_short(self.manifest)}"


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def _side(digest) -> str:
    return "-" if digest is None else digest[:8]


def differences(wanted: dict, current: dict) -> list[Difference]:
    keys = sorted(set(wanted) | {k for k in current if k.startswith(PAGE)})
    return [Difference(k, current.get(k), wanted.get(k)) for k in keys
            if wanted.get(k) != current.get(k)]


class ManifestDriftError(ValueError):
    """The city changed in the database since its last onboard, and so did its manifest."""

    def __init__(self, slug: str, found: list[Difference]):
        self.slug = slug
        self.differences = found
        super().__init__(f"{slug}: " + "; ".join(str(d) for d in found))


def decide(tenant: Tenant | None, wanted: dict, *, force: bool) -> tuple[str, list]:
    """("apply" | "keep", differences): what onboard should do with this city."""
    if tenant is None:
        return "apply", []
    current = database_state(tenant, wanted)
    found = differences(wanted, current)
    applied = tenant.onboarded
    if not found or force or applied is None:  # no record: as before, the manifest rules
        return "apply", found
    if not _changed_here(current, applied, wanted):
        return "apply", found
    if wanted == applied:
        return "keep", found  # the manifest did not move: the web's changes stay
    raise ManifestDriftError(tenant.slug, found)


def _changed_here(current: dict, applied: dict, wanted: dict) -> bool:
    """Whether the database moved away from what the last onboard applied; a field the
    manifest takes up for the first time counts when the database holds something else
    (say, neighbourhoods set on the web): applying would lose it."""
    pages = {k for k in current if k.startswith(PAGE)}
    if any(current.get(k) != applied.get(k) for k in set(applied) | pages
           if k in wanted or k.startswith(PAGE)):
        return True
    return any(current.get(k) != value for k, value in wanted.items()
               if k not in applied and not k.startswith(PAGE))


# Writing a city out ------------------------------------------------------------------------

def manifest_of(tenant: Tenant) -> dict:
    """The city's manifest as `tenants onboard` reads it back (see manifest.py)."""
    data = {
        "slug": tenant.slug, "name": tenant.name, "city": tenant.city,
        "subdomain": tenant.subdomain,
        "custom_domains": sorted(d.host for d in tenant.domains),
        "status": tenant.status, "theme": tenant.theme, "timezone": str(tenant.timezone),
        "locales": {"default": tenant.default_locale, "enabled": list(tenant.locales)},
        "status_message": dict(tenant.status_message or {}),
        "description": dict(tenant.description or {}),
        "branding": {k: (tenant.branding or {}).get(k) for k in ("primary", "secondary", "font")},
        "features": dict(tenant.features or {}),
        "contact": dict(tenant.contact or {}),
        "neighbourhoods": list(tenant.neighbourhoods or []),
    }
    if tenant.logo_hash:
        data["branding"]["logo"] = LOGO_FILES[tenant.logo_type]
    return data


def write_city_manifest(tenant: Tenant, tenants_dir: Path) -> Path:
    """Write `tenants_dir/<slug>/`: tenant.toml, the logo and the pages. A city's own
    words and templates there are left as they are; pages no longer in the database go."""
    folder = Path(tenants_dir) / tenant.slug
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    data = manifest_of(tenant)
    header = (f"# {tenant.name}: written from the database by `upcampus tenants export "
              f"{tenant.slug} --manifest`.\n")
    (folder / "tenant.toml").write_text(header + tomli_w.dumps(data), encoding="utf-8")
    for name in LOGO_FILES.values():
        (folder / name).unlink(missing_ok=True)
    if tenant.logo_hash:
        logo = db.session.scalar(select(Tenant.logo).where(Tenant.id == tenant.id))
        (folder / data["branding"]["logo"]).write_bytes(logo)
    with tenant_scope(tenant.id):
        pages = list(db.session.scalars(select(Page).order_by(Page.slug, Page.locale)))
        wanted = {f"{p.slug}.{p.locale}.md": f"# {p.title}\n\n{p.body}\n" for p in pages}
    for old in (folder / "pages").glob("*.md"):
        if old.name not in wanted:
            old.unlink()
    for name, text in wanted.items():
        (folder / "pages" / name).write_text(text, encoding="utf-8")
    return folder
