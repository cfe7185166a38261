"""Factories for test data: cities, pages and manifest folders."""

from __future__ import annotations

import copy
from pathlib import Path

import tomli_w

from upcampus.accounts import consent
from upcampus.accounts.models import Account, Membership
from upcampus.accounts.passwords import hash_password
from upcampus.core.db import db, utcnow
from upcampus.pages.models import Page
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.features import resolved_features
from upcampus.tenancy.models import Tenant, TenantDomain


def make_tenant(slug: str, *, domains: tuple[str, ...] = (), **fields) -> Tenant:
    values = {
        "name": f"UP {slug.title()}", "city": slug.title(), "subdomain": slug,
        "status": "active", "status_message": {}, "description": {"fr": "", "en": ""},
        "default_locale": "fr", "locales": ["fr", "en"], "timezone": "Europe/Paris",
        "theme": "default", "features": resolved_features({}), "contact": {},
        "branding": {"primary": "#1d4f91", "secondary": "#7a3b00", "font": "system"},
    }
    values.update(fields)
    tenant = Tenant(slug=slug, **values)
    tenant.domains = [TenantDomain(host=h) for h in domains]
    db.session.add(tenant)
    db.session.commit()
    return tenant


def make_page(tenant: Tenant, slug: str, locale: str, title: str, body: str = "") -> Page:
    with tenant_scope(tenant):
        page = Page(slug=slug, locale=locale, title=title, body=body)
        db.session.add(page)
        db.session.commit()
        return page


MANIFEST = {
    "slug": "antony",
    "name": "UP Antony",
    "city": "Antony",
    "status": "active",
    "theme": "default",
    "timezone": "Europe/Paris",
    "locales": {"default": "fr", "enabled": ["fr", "en"]},
    "description": {"fr": "Le réseau d'Antony", "en": "The Antony network"},
    "branding": {"logo": "logo.svg", "primary": "#12466b", "secondary": "#8a3300",
                 "font": "system"},
    "features": {"api": False},
    "contact": {"email": "up@antony.example"},
}
LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        b'<rect width="10" height="10" fill="#12466b"/></svg>')


def write_manifest(folder: Path, changes: dict | None = None, *, logo: bytes = LOGO,
                   pages: dict[str, str] | None = None, remove: tuple[str, ...] = ()) -> Path:
    """A manifest folder like tenants/<slug>; `changes` merges into MANIFEST one level
    deep, `remove` drops top-level keys."""
    data = copy.deepcopy(MANIFEST)
    for key, value in (changes or {}).items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    for key in remove:
        data.pop(key, None)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tenant.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    (folder / "logo.svg").write_bytes(logo)
    if pages:
        (folder / "pages").mkdir(exist_ok=True)
        for name, text in pages.items():
            (folder / "pages" / name).write_text(text, encoding="utf-8")
    return folder


PASSWORD = "correct horse battery"
_HASHES: dict[str, str] = {}


def password_hash() -> str:
    """One hash for the suite, made at the cost the test settings give argon2."""
    if "hash" not in _HASHES:
        _HASHES["hash"] = hash_password(PASSWORD)
    return _HASHES["hash"]


def make_account(email: str, name: str | None = None, *, verified: bool = True,
                 consented: bool = True, **fields) -> Account:
    account = Account(email=email, display_name=name or email.split("@")[0].title(),
                      password_hash=password_hash(),
                      email_verified_at=utcnow() if verified else None,
                      **fields)
    db.session.add(account)
    db.session.flush()
    if consented:  # as every sign-up does: the charter and terms in force accepted
        consent.record(account.id, None, accepted=True)
    db.session.commit()
    return account


def make_member(tenant: Tenant, role: str = "member", email: str | None = None,
                account: Account | None = None, **profile) -> Membership:
    if account is None:
        email = email or f"{role}-{tenant.slug}-{utcnow().timestamp()}@test.example.org"
        account = make_account(email)
    with tenant_scope(tenant):
        membership = Membership(account_id=account.id, role=role, **profile)
        db.session.add(membership)
        db.session.commit()
        db.session.refresh(membership)
        assert membership.account  # loaded now: the row is detached once the scope ends
        return membership
