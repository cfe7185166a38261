"""Rules for city networks: onboarding from a manifest, listing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.core.rules import RuleError
from upcampus.pages.operations import sync_pages
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.features import resolved_features
from upcampus.tenancy.manifest import Manifest, ManifestError, load_manifest
from upcampus.tenancy.models import Tenant, TenantDomain

MAX_NEIGHBOURHOODS = 100


@dataclass
class OnboardReport:
    slug: str
    created: bool = False
    changes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.created:
            return f"{self.slug}: created ({len(self.changes)} items)"
        if not self.changes:
            return f"{self.slug}: unchanged"
        return f"{self.slug}: updated: " + ", ".join(self.changes)


def read_manifest(folder: str | Path) -> Manifest:
    return load_manifest(Path(folder), themes_dir=Path(current_app.config["THEMES_DIR"]),
                         max_logo_bytes=current_app.config["MAX_LOGO_BYTES"])


def onboard(folder: str | Path) -> OnboardReport:
    """Create or update a city from its manifest folder, in one transaction.

    Running it twice changes nothing; an invalid manifest raises ManifestError and writes
    nothing."""
    manifest = read_manifest(folder)
    try:
        report = _apply(manifest)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


def _apply(manifest: Manifest) -> OnboardReport:
    data = manifest.data
    _check_hosts_are_free(manifest)
    tenant = db.session.scalars(select(Tenant).where(Tenant.slug == data["slug"])).first()
    report = OnboardReport(slug=data["slug"], created=tenant is None)
    if tenant is None:
        tenant = Tenant(slug=data["slug"])
        db.session.add(tenant)
    wanted = {
        "name": data["name"], "city": data["city"], "subdomain": data["subdomain"],
        "status": data["status"], "status_message": data["status_message"],
        "description": data["description"], "default_locale": data["locales"]["default"],
        "locales": data["locales"]["enabled"], "timezone": data["timezone"],
        "theme": data["theme"],
        "branding": {k: data["branding"][k] for k in ("primary", "secondary", "font")},
        "features": resolved_features(data["features"]),
        "contact": {k: v for k, v in data["contact"].items() if v},
        "logo_type": manifest.logo_type, "logo_hash": manifest.logo_hash,
    }
    if data.get("neighbourhoods") is not None:
        wanted["neighbourhoods"] = clean_neighbourhoods(data["neighbourhoods"])
    for name, value in wanted.items():
        if getattr(tenant, name) != value:
            setattr(tenant, name, value)
            report.changes.append(name)
    if "logo_hash" in report.changes:
        tenant.logo = manifest.logo
    current = {d.host for d in tenant.domains}
    if current != set(data["custom_domains"]):
        tenant.domains = [d for d in tenant.domains if d.host in data["custom_domains"]]
        tenant.domains += [TenantDomain(host=h) for h in data["custom_domains"]
                           if h not in current]
        report.changes.append("custom_domains")
    db.session.flush()
    with tenant_scope(tenant.id):
        report.changes += sync_pages(manifest.pages)
    return report


def _check_hosts_are_free(manifest: Manifest) -> None:
    data = manifest.data
    taken = db.session.scalars(select(Tenant).where(
        Tenant.subdomain == data["subdomain"], Tenant.slug != data["slug"])).first()
    errors = {}
    if taken:
        errors["subdomain"] = [f"Already used by {taken.slug}."]
    base = current_app.config["BASE_DOMAIN"]
    for i, host in enumerate(data["custom_domains"]):
        if host == base or host.endswith("." + base):
            errors[f"custom_domains.{i}"] = [f"{host} is under the platform's own domain."]
            continue
        owner = db.session.scalars(select(Tenant).join(TenantDomain).where(
            TenantDomain.host == host, Tenant.slug != data["slug"])).first()
        if owner:
            errors[f"custom_domains.{i}"] = [f"{host} already belongs to {owner.slug}."]
    if errors:
        raise ManifestError(manifest.path, errors)


def onboard_all(tenants_dir: str | Path) -> list[OnboardReport]:
    """Onboard every city folder under tenants_dir, in name order."""
    folders = sorted(p for p in Path(tenants_dir).iterdir() if (p / "tenant.toml").is_file())
    return [onboard(folder) for folder in folders]


def list_tenants() -> list[Tenant]:
    return list(db.session.scalars(select(Tenant).order_by(Tenant.slug)))


def active_tenants() -> list[Tenant]:
    return list(db.session.scalars(
        select(Tenant).where(Tenant.status == "active").order_by(Tenant.name)))


def update_branding(tenant_id: int, *, primary: str, secondary: str, font: str,
                    logo: bytes | None = None) -> None:
    """New colours, font and maybe logo for a city, checked for contrast and content."""
    from upcampus.tenancy.branding import check_colours, logo_digest, logo_type
    from upcampus.tenancy.manifest import FONTS

    check_colours(primary, secondary)
    if font not in FONTS:
        raise RuleError("font", _l("Choose a font from the list."))
    tenant = db.session.get(Tenant, tenant_id)
    tenant.branding = {"primary": primary.lower(), "secondary": secondary.lower(),
                       "font": font}
    if logo:
        tenant.logo_type = logo_type(logo, current_app.config["MAX_LOGO_BYTES"])
        tenant.logo, tenant.logo_hash = logo, logo_digest(logo)
    db.session.commit()


def clean_neighbourhoods(names) -> list[str]:
    """Trimmed, one line each, without repeats, in the city's order."""
    cleaned = (" ".join("".join(c for c in name if c.isprintable()).split())[:80]
               for name in names)
    return list(dict.fromkeys(name for name in cleaned if name))


def update_neighbourhoods(tenant_id: int, names: list[str]) -> list[str]:
    """The city's list of neighbourhoods: the only choices and filters offered."""
    names = clean_neighbourhoods(names)
    if len(names) > MAX_NEIGHBOURHOODS:
        raise RuleError("neighbourhoods", _l("Name %(count)d neighbourhoods at most.",
                                             count=MAX_NEIGHBOURHOODS))
    tenant = db.session.get(Tenant, tenant_id)
    tenant.neighbourhoods = names
    db.session.commit()
    return names


def update_terms(tenant_id: int, terms: dict[str, dict[str, str]]) -> None:
    """The city's own words for the key terms, per language; blank means the default."""
    from upcampus.tenancy.branding import KEY_TERMS

    cleaned = {locale: {msgid: text.strip()[:80] for msgid, text in words.items()
                        if msgid in KEY_TERMS and text and text.strip()}
               for locale, words in terms.items()}
    tenant = db.session.get(Tenant, tenant_id)
    tenant.terms = {locale: words for locale, words in cleaned.items() if words}
    db.session.commit()
