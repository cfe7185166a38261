"""Rules for city networks: onboarding from a manifest, listing."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.core.rules import validated
from upcampus.pages.operations import sync_pages
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.features import resolved_features
from upcampus.tenancy.manifest import Manifest, ManifestError, load_manifest
from upcampus.tenancy.manifest_sync import ManifestDriftError, decide, manifest_state
from upcampus.tenancy.models import Tenant, TenantDomain
from upcampus.tenancy.schemas import BrandingSchema, NeighbourhoodsSchema, TermsSchema


@dataclass
class OnboardReport:
    slug: str
    created: bool = False
    changes: list[str] = field(default_factory=list)
    # The manifest did not move but the database did (web, console): kept, and told.
    kept: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.created:
            return f"{self.slug}: created ({len(self.changes)} items)"
        if not self.changes:
            if self.kept:
                return (f"{self.slug}: unchanged (the database differs from the manifest, "
                        "kept; --force applies the manifest): "
                        + "; ".join(str(d) for d in self.kept))
            return f"{self.slug}: unchanged"
        return f"{self.slug}: updated: " + ", ".join(self.changes)


def read_manifest(folder: str | Path, *, locale: str = "fr") -> Manifest:
    """The checked manifest of a city folder; ManifestError lists every fault at once, in
    `locale`."""
    with force_locale(locale):
        return load_manifest(Path(folder), themes_dir=Path(current_app.config["THEMES_DIR"]),
                             max_logo_bytes=current_app.config["MAX_LOGO_BYTES"],
                             host_problems=_host_problems)


def check_city(raw: dict, *, locale: str = "fr", new_only: bool = True) -> Manifest:
    """A city described by a dict of the manifest's shape (the console's form), checked by
    the manifest's own rules and messages; a placeholder logo and the `a-propos` pages of
    `tenants new` when it brings none. `new_only`: a slug already used is refused."""
    from upcampus.tenancy.branding import checked_logo
    from upcampus.tenancy.manifest import Page, check_manifest, declared_slug
    from upcampus.tenancy.scaffold import city_pages, placeholder_logo

    raw = {**raw, "branding": {"logo": "logo.svg", **raw.get("branding", {})}}

    def logo(_name):
        branding = raw["branding"]
        svg = placeholder_logo(str(raw.get("name", "")), str(raw.get("city", "")),
                               str(branding.get("primary") or "#1d4f91"))
        return checked_logo(svg, current_app.config["MAX_LOGO_BYTES"])

    def pages(locales):
        found = city_pages(str(raw.get("name", "")), str(raw.get("city", "")))
        return [Page(slug, page_locale, title, body)
                for (slug, page_locale), (title, body) in found.items()
                if page_locale in locales]

    def hosts(data):
        problems = _host_problems(data)
        if new_only and data.get("slug") and db.session.scalar(
                select(Tenant.id).where(Tenant.slug == data["slug"])):
            problems["slug"] = [gettext("This slug is already taken by another city.")]
        return problems

    with force_locale(locale):
        return check_manifest(raw, path=Path("console"), slug_of=declared_slug,
                              read_logo=logo, read_pages=pages,
                              themes_dir=Path(current_app.config["THEMES_DIR"]),
                              host_problems=hosts)


def onboard_city(raw: dict, *, locale: str = "fr") -> OnboardReport:
    """The console's front door to onboarding: the same rules, messages and writes as a
    manifest folder, from a dict. A new city only."""
    return _apply_all([check_city(raw, locale=locale)])[0]


def onboard(folder: str | Path, *, locale: str = "fr", force: bool = False) -> OnboardReport:
    """Create or update a city from its manifest folder, in one transaction.

    Running it twice changes nothing; an invalid manifest raises ManifestError and writes
    nothing; a city changed in the database since its last onboard whose manifest changed
    too raises ManifestDriftsError (each differing field) unless `force`."""
    return _apply_all([read_manifest(folder, locale=locale)], force=force)[0]


def onboard_all(tenants_dir: str | Path, *, locale: str = "fr",
                force: bool = False) -> list[OnboardReport]:
    """Onboard every city folder under tenants_dir, in name order, in one transaction:
    if any folder is faulty or two folders claim one host, ManifestBatchError names them
    all and nothing is written."""
    folders = sorted(p for p in Path(tenants_dir).iterdir() if (p / "tenant.toml").is_file())
    manifests, refused = [], []
    for folder in folders:
        try:
            manifests.append(read_manifest(folder, locale=locale))
        except ManifestError as exc:
            refused.append(exc)
    with force_locale(locale):
        refused += _clashes_between(manifests)
    if refused:
        raise ManifestBatchError(refused)
    return _apply_all(manifests, force=force)


class ManifestBatchError(ValueError):
    """Several folders refused together (onboard --all)."""

    def __init__(self, errors: list[ManifestError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class ManifestDriftsError(ValueError):
    """Cities whose database and manifest both changed since their last onboard."""

    def __init__(self, drifts: list[ManifestDriftError]):
        self.drifts = drifts
        super().__init__("\n".join(str(d) for d in drifts))


def _apply_all(manifests: list[Manifest], *, force: bool = False) -> list[OnboardReport]:
    try:
        reports, drifts = [], []
        for manifest in manifests:
            try:
                reports.append(_apply(manifest, force=force))
            except ManifestDriftError as drift:
                drifts.append(drift)
        if drifts:
            raise ManifestDriftsError(drifts)  # all or nothing, every city named
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return reports


def _apply(manifest: Manifest, *, force: bool = False) -> OnboardReport:
    data = manifest.data
    tenant = db.session.scalars(select(Tenant).where(Tenant.slug == data["slug"])).first()
    report = OnboardReport(slug=data["slug"], created=tenant is None)
    if tenant is None:
        tenant = Tenant(slug=data["slug"])
        db.session.add(tenant)
    wanted = {
        "name": data["name"], "city": data["city"], "subdomain": data["subdomain"],
        "status": data["status"], "status_message": data["status_message"],
        "description": data["description"], "default_locale": data["locales"]["default"],
        "locales": data["locales"]["enabled"], "timezone": ZoneInfo(data["timezone"]),
        "theme": data["theme"],
        "branding": {k: data["branding"][k] for k in ("primary", "secondary", "font")},
        "features": resolved_features(data["features"]),
        "contact": {k: v for k, v in data["contact"].items() if v},
        "logo_type": manifest.logo_type, "logo_hash": manifest.logo_hash,
    }
    if data.get("neighbourhoods") is not None:
        wanted["neighbourhoods"] = clean_neighbourhoods(data["neighbourhoods"])
    state = manifest_state(wanted, data["custom_domains"], manifest.pages)
    mode, found = decide(None if report.created else tenant, state, force=force)
    if mode == "keep":
        report.kept = found
        return report
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
    if tenant.onboarded != state:  # written only when it moves: a write bumps the hosts' cache
        tenant.onboarded = state
    return report


def _host_problems(data: dict) -> dict:
    """Hosts of the manifest that belong to another city (field -> messages)."""
    errors = {}
    if data.get("subdomain"):
        taken = db.session.scalars(select(Tenant).where(
            Tenant.subdomain == data["subdomain"], Tenant.slug != data["slug"])).first()
        if taken:
            errors["subdomain"] = [gettext("Already used by %(city)s.", city=taken.slug)]
    base = current_app.config["BASE_DOMAIN"]
    for i, host in enumerate(data.get("custom_domains", ())):
        if host == base or host.endswith("." + base):
            errors[f"custom_domains.{i}"] = [gettext(
                "%(host)s is under the platform's own domain.", host=host)]
            continue
        owner = db.session.scalars(select(Tenant).join(TenantDomain).where(
            TenantDomain.host == host, Tenant.slug != data["slug"])).first()
        if owner:
            errors[f"custom_domains.{i}"] = [gettext(
                "%(host)s already belongs to %(city)s.", host=host, city=owner.slug)]
    return errors


def _clashes_between(manifests: list[Manifest]) -> list[ManifestError]:
    """Two folders of one run that claim the same host: the later one is refused."""
    claimed: dict[str, str] = {}
    refused = []
    for manifest in manifests:
        errors = {}
        hosts = [("subdomain", manifest.data["subdomain"])] + [
            (f"custom_domains.{i}", h) for i, h in enumerate(manifest.data["custom_domains"])]
        for name, host in hosts:
            owner = claimed.setdefault(host, manifest.slug)
            if owner != manifest.slug:
                errors[name] = [gettext("%(host)s is also claimed by the folder %(city)s.",
                                        host=host, city=owner)]
        if errors:
            refused.append(ManifestError(manifest.path, errors))
    return refused


def list_tenants() -> list[Tenant]:
    return list(db.session.scalars(select(Tenant).order_by(Tenant.slug)))


def active_tenants() -> list[Tenant]:
    return list(db.session.scalars(
        select(Tenant).where(Tenant.status == "active").order_by(Tenant.name)))


def update_branding(tenant_id: int, payload: dict, logo: bytes | None = None) -> None:
    """New colours and font (BrandingSchema) and maybe logo for a city, checked for
    contrast and content."""
    from upcampus.tenancy.branding import check_colours, checked_logo, logo_digest

    fields = validated(BrandingSchema, payload)
    check_colours(fields["primary"], fields["secondary"])
    tenant = db.session.get(Tenant, tenant_id)
    tenant.branding = {"primary": fields["primary"].lower(),
                       "secondary": fields["secondary"].lower(), "font": fields["font"]}
    if logo:
        logo, tenant.logo_type = checked_logo(logo, current_app.config["MAX_LOGO_BYTES"])
        tenant.logo, tenant.logo_hash = logo, logo_digest(logo)
    db.session.commit()


def plain_line(text: str | None) -> str:
    """One line of plain text: no NUL or other control character, no surrounding spaces."""
    return "".join(c for c in (text or "") if unicodedata.category(c) != "Cc").strip()


def clean_neighbourhoods(names) -> list[str]:
    """Trimmed, one line each, without repeats (whatever their case), in the city's
    order. Never cut: NeighbourhoodsSchema refuses a name too long."""
    seen, kept = set(), []
    for name in names:
        name = " ".join("".join(c for c in name if c.isprintable()).split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


def update_neighbourhoods(tenant_id: int, names: list[str]) -> list[str]:
    """The city's list of neighbourhoods (NeighbourhoodsSchema, once cleaned): the only
    choices and filters offered."""
    names = validated(NeighbourhoodsSchema, {"names": clean_neighbourhoods(names)})["names"]
    tenant = db.session.get(Tenant, tenant_id)
    tenant.neighbourhoods = names
    db.session.commit()
    return names


def update_terms(tenant_id: int, terms: dict[str, dict[str, str]]) -> None:
    """The city's own words for the key terms, per language (TermsSchema); blank means
    the default."""
    from upcampus.tenancy.branding import KEY_TERMS

    terms = validated(TermsSchema, {"terms": terms})["terms"]
    cleaned = {locale: {msgid: plain_line(text) for msgid, text in words.items()
                        if msgid in KEY_TERMS and plain_line(text)}
               for locale, words in terms.items()}
    tenant = db.session.get(Tenant, tenant_id)
    tenant.terms = {locale: words for locale, words in cleaned.items() if words}
    db.session.commit()
