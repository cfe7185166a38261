"""The console's rules: figures of every city, onboarding, status, features, hosts and
languages, national roles. Each change is written with its audit entry, in one
transaction; the actor is passed in, never read from the request."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union_all, update

from upcampus.accounts.models import NATIONAL_ROLES, Account, Membership
from upcampus.accounts.policy import can_nationally, national_role_refusal
from upcampus.console.models import AuditEntry
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.rules import RuleError
from upcampus.projects.models import Publication
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.features import FEATURES, resolved_features
from upcampus.tenancy.manifest import SUPPORTED_LOCALES, ManifestError, ManifestSchema
from upcampus.tenancy.models import Tenant, TenantDomain
from upcampus.tenancy.operations import _host_problems, onboard_city

FIGURES = ("members", "active", "projects", "events", "last_activity")


def _require(actor: Account, permission: str = "console.manage") -> None:
    if not can_nationally(actor, permission):
        raise RuleError("actor", _l("You may not do this."), code="forbidden")


def audit(actor: Account, action: str, *, city: Tenant | None = None, subject: str = "",
          before: dict | None = None, after: dict | None = None) -> None:
    """One line of the audit log, committed with the change it records."""
    db.session.add(AuditEntry(actor_id=actor.id, actor_email=actor.email, action=action,
                              city_id=city.id if city else None,
                              city_slug=city.slug if city else "", subject=subject[:120],
                              before=before or {}, after=after or {}))


# --- figures ----------------------------------------------------------------------------

def month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def city_figures(now: datetime | None = None) -> list[dict]:
    """Every city with its figures: one grouped query per figure, whatever the number of
    cities (events only where the events table exists)."""
    since = month_start(now or utcnow())
    cities = [{"id": t.id, "slug": t.slug, "name": t.name, "status": t.status,
               "subdomain": t.subdomain, "members": 0, "active": 0, "projects": 0,
               "events": None, "last_activity": None}
              for t in db.session.execute(select(
                  Tenant.id, Tenant.slug, Tenant.name, Tenant.status, Tenant.subdomain))]
    by_id = {c["id"]: c for c in cities}
    active = Membership.status == "active"
    queries = {
        "members": select(Membership.tenant_id, func.count()).where(active).group_by(
            Membership.tenant_id),
        "active": select(Membership.tenant_id, func.count()).join(
            Account, Account.id == Membership.account_id).where(
            active, Account.last_login_at >= since).group_by(Membership.tenant_id),
        "projects": select(Publication.tenant_id, func.count()).where(
            Publication.status == "published").group_by(Publication.tenant_id),
    }
    events = db.metadata.tables.get("events")
    if events is not None:
        queries["events"] = select(events.c.tenant_id, func.count()).group_by(
            events.c.tenant_id)
        for city in cities:
            city["events"] = 0
    moments = union_all(
        select(Publication.tenant_id.label("tenant_id"), Publication.updated_at.label("at")),
        select(Membership.tenant_id.label("tenant_id"), Membership.joined_at.label("at")),
    ).subquery()
    queries["last_activity"] = select(moments.c.tenant_id, func.max(moments.c.at)).group_by(
        moments.c.tenant_id)
    with across_tenants():
        for figure, statement in queries.items():
            for tenant_id, value in db.session.execute(statement):
                if tenant_id in by_id:
                    by_id[tenant_id][figure] = value
    for city in cities:  # SQLite gives the union's maximum back as text
        if isinstance(city["last_activity"], str):
            city["last_activity"] = datetime.fromisoformat(city["last_activity"])
    return cities


SORTS = ("name", "status", *FIGURES)


def sorted_cities(cities: list[dict], sort: str, descending: bool) -> list[dict]:
    sort = sort if sort in SORTS else "name"

    def key(city):
        value = city[sort]
        if value is None:
            return (1, "") if not descending else (-1, "")
        if isinstance(value, datetime):
            value = value.isoformat()
        return (0, value.casefold() if isinstance(value, str) else value)
    return sorted(cities, key=key, reverse=descending)


# --- cities -----------------------------------------------------------------------------

def onboard_from_console(actor: Account, data: dict, *, locale: str) -> Tenant:
    """A new city from the console's form: onboard_city's rules, messages and writes,
    then the audit line."""
    _require(actor)
    report = onboard_city(data, locale=locale)
    city = db.session.scalars(select(Tenant).where(Tenant.slug == report.slug)).one()
    audit(actor, "city.onboard", city=city, after={"slug": city.slug, "name": city.name,
                                                   "subdomain": city.subdomain})
    db.session.commit()
    return city


def _city(slug: str) -> Tenant:
    city = db.session.scalars(select(Tenant).where(Tenant.slug == slug)).first()
    if city is None:
        raise RuleError("slug", _l("No such city."), code="missing")
    return city


def set_status(actor: Account, slug: str, status: str, message: dict[str, str]) -> Tenant:
    """Suspend (with a message for visitors, in at least one language) or reactivate."""
    _require(actor)
    city = _city(slug)
    if status not in ("active", "suspended"):
        raise RuleError("status", _l("Choose a status from the list."))
    message = {k: v.strip()[:2000] for k, v in message.items()
               if k in SUPPORTED_LOCALES and v and v.strip()}
    if status == "suspended" and not message:
        raise RuleError("message_fr", gettext(
            "A suspended city needs a message for its visitors."))
    serialise_on(Tenant, city.id)
    before = {"status": city.status, "status_message": dict(city.status_message or {})}
    city.status = status
    city.status_message = message if status == "suspended" else {}
    audit(actor, "city.status", city=city, before=before,
          after={"status": city.status, "status_message": city.status_message})
    db.session.commit()
    return city


def set_features(actor: Account, slug: str, chosen: dict[str, bool]) -> Tenant:
    _require(actor)
    city = _city(slug)
    unknown = set(chosen) - set(FEATURES)
    if unknown:
        raise RuleError("features", _l("Choose features from the list."))
    before = dict(city.features or {})
    city.features = resolved_features(chosen)
    audit(actor, "city.features", city=city, before=before, after=city.features)
    db.session.commit()
    return city


def set_hosts_and_languages(actor: Account, slug: str, *, subdomain: str,
                            custom_domains: list[str], default_locale: str,
                            enabled: list[str], locale: str) -> Tenant:
    """The city's subdomain, custom domains and languages, checked by the manifest's own
    rules (format, reserved names, the platform's domain, hosts of other cities);
    ManifestError names every fault."""
    _require(actor)
    city = _city(slug)
    raw = {"subdomain": subdomain, "custom_domains": custom_domains,
           "locales": {"default": default_locale, "enabled": enabled}}
    with force_locale(locale):
        from marshmallow import ValidationError

        from upcampus.core.marshmallow_i18n import translated
        errors: dict = {}
        try:
            data = translated(ManifestSchema(only=tuple(raw))).load(raw)
        except ValidationError as exc:
            errors.update(exc.messages)
            data = exc.valid_data or {}
        data["slug"] = city.slug
        data["custom_domains"] = sorted({d.lower() for d in data.get("custom_domains", ())})
        for name, messages in _host_problems(data).items():
            errors.setdefault(name, messages)
    if errors:
        raise ManifestError(city.slug, errors)
    before = _hosts_of(city)
    serialise_on(Tenant, city.id)
    city.subdomain = data["subdomain"]
    city.default_locale, city.locales = data["locales"]["default"], data["locales"]["enabled"]
    if {d.host for d in city.domains} != set(data["custom_domains"]):
        city.domains = [d for d in city.domains if d.host in data["custom_domains"]] + [
            TenantDomain(host=h) for h in data["custom_domains"]
            if h not in {d.host for d in city.domains}]
    db.session.flush()
    audit(actor, "city.hosts", city=city, before=before, after=_hosts_of(city))
    db.session.commit()
    return city


def _hosts_of(city: Tenant) -> dict:
    return {"subdomain": city.subdomain, "custom_domains": [d.host for d in city.domains],
            "default_locale": city.default_locale, "locales": list(city.locales or ())}


# --- national roles ---------------------------------------------------------------------

NATIONAL_ROLE_CHOICES = ("none", "platform_admin", *NATIONAL_ROLES)
REFUSALS = {
    "unknown_role": _l("Choose a role from the list."),
    "not_platform_admin": _l("Only a platform admin may grant national roles."),
    "last_platform_admin": _l("The platform needs at least one platform admin: grant the "
                              "role to someone else first."),
}


def national_role_of(account: Account) -> str:
    return "platform_admin" if account.is_platform_admin else (account.national_role or "none")


def grant_national_role(actor: Account, email: str, role: str) -> Account:
    """Give (or take back) a national role; the last platform admin keeps theirs."""
    from upcampus.accounts.operations import account_by_email

    target = account_by_email(email or "")
    if target is None:
        raise RuleError("email", _l("No account uses this address."))
    admins = len(_lock_platform_admins())
    refusal = national_role_refusal(actor, target, role, admins)
    if refusal:
        raise RuleError("role", REFUSALS[refusal],
                        code="forbidden" if refusal == "not_platform_admin" else "")
    before = national_role_of(target)
    target.is_platform_admin = role == "platform_admin"
    target.national_role = role if role in NATIONAL_ROLES else None
    audit(actor, "role.grant", subject=target.email, before={"role": before},
          after={"role": role})
    db.session.commit()
    return target


def _lock_platform_admins() -> list[int]:
    """The platform admins' rows, locked until commit: two admins demoting each other at
    once cannot leave none (SQLite: a no-op UPDATE takes its one write lock first)."""
    mine = Account.is_platform_admin.is_(True)
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(Account).where(mine).values(id=Account.id)
                           .execution_options(synchronize_session=False))
    return list(db.session.scalars(select(Account.id).where(mine).with_for_update()))


def national_team() -> list[Account]:
    return list(db.session.scalars(select(Account).where(
        (Account.is_platform_admin.is_(True)) | Account.national_role.is_not(None)).order_by(
        Account.email)))


def base_domain() -> str:
    return current_app.config["BASE_DOMAIN"]
