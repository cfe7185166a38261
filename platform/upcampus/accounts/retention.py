"""Retention: accounts nobody signs in to are warned twice by email, then deleted (their
content kept under "A former member"); emails carrying a password-reset or sign-in link are
purged from the outbox after a few days. Plain functions taking the time as an argument,
idempotent (run them as often as you like); `upcampus accounts retention` and the
scheduler call `run`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from babel.dates import format_date
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update

from upcampus.accounts.erasure import FORMER_EMAIL, delete_account
from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.core.links import absolute_url, public_base_url
from upcampus.core.rules import RuleError
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.resolver import CityInfo

# Paths of the links that open an account without its password (accounts/views.py).
LINK_PATHS = ("/password/reset/", "/verify/")


def _days(name: str) -> timedelta:
    return timedelta(days=current_app.config[name])


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _candidates(*conditions) -> list[int]:
    return list(db.session.scalars(select(Account.id).where(
        Account.email != FORMER_EMAIL, Account.is_platform_admin.is_(False), *conditions)
        .order_by(Account.id)))


def void_stale_warnings() -> int:
    """Whoever signed in after being warned is no longer on the way out."""
    result = db.session.execute(update(Account).where(
        Account.inactivity_warned_at.is_not(None),
        Account.last_login_at > Account.inactivity_warned_at,
    ).values(inactivity_warned_at=None, inactivity_rewarned_at=None))
    db.session.commit()
    return result.rowcount or 0


def _warn(account_id: int, now: datetime, *, second: bool) -> None:
    from upcampus.notifications.operations import queue_email

    account = db.session.get(Account, account_id)
    with across_tenants():
        tenant_id = db.session.scalar(select(Membership.tenant_id).where(
            Membership.account_id == account_id).order_by(Membership.id))
    city = CityInfo.load(tenant_id) if tenant_id is not None else None
    first = _aware(account.inactivity_warned_at) or now
    if second:
        account.inactivity_rewarned_at = now
    else:
        account.inactivity_warned_at = now
    locale = account.locale or (city.default_locale if city is not None else "fr")
    when = format_date(first + _days("RETENTION_DELETE_DAYS"), format="long", locale=locale)
    queue_email(account.email, _l("Your UP Campus account will be deleted"),
                "inactive_account", city=city, locale=account.locale, account=account,
                deletion_date=when, url=absolute_url(public_base_url(city), "accounts.login"))


def warn_inactive(now: datetime) -> dict[str, int]:
    """First warning after RETENTION_WARN_DAYS without signing in, the second
    RETENTION_REWARN_DAYS later; each once."""
    since = func.coalesce(Account.last_login_at, Account.created_at)
    firsts = _candidates(Account.inactivity_warned_at.is_(None),
                         since <= now - _days("RETENTION_WARN_DAYS"))
    for account_id in firsts:
        _warn(account_id, now, second=False)
    seconds = _candidates(Account.inactivity_warned_at.is_not(None),
                          Account.inactivity_rewarned_at.is_(None),
                          Account.inactivity_warned_at <= now - _days("RETENTION_REWARN_DAYS"))
    for account_id in seconds:
        _warn(account_id, now, second=True)
    return {"warned": len(firsts), "warned_again": len(seconds)}


def delete_inactive(now: datetime) -> dict[str, int]:
    """Accounts warned twice, RETENTION_DELETE_DAYS after the first warning, not signed in
    since: deleted, what they published kept anonymised. The last admin of a city or of an
    organisation is left for the city to sort out (counted as refused)."""
    due = _candidates(Account.inactivity_rewarned_at.is_not(None),
                      Account.inactivity_warned_at <= now - _days("RETENTION_DELETE_DAYS"))
    deleted = refused = 0
    for account_id in due:
        try:
            deleted += delete_account(account_id)
        except RuleError:
            refused += 1
    return {"deleted": deleted, "refused": refused}


def purge_link_emails(now: datetime) -> int:
    """Outbox emails carrying a reset or sign-in link, older than RETENTION_LINK_EMAIL_DAYS."""
    from upcampus.notifications.models import Email

    with across_tenants():
        result = db.session.execute(delete(Email).where(
            Email.created_at <= now - _days("RETENTION_LINK_EMAIL_DAYS"),
            or_(*[Email.body_text.contains(path) for path in LINK_PATHS])))
        db.session.commit()
    return result.rowcount or 0


def purge_old_emails(now: datetime) -> int:
    """Every outbox email sent, kept or given up, older than RETENTION_OUTBOX_DAYS: one
    still waiting to go is never lost."""
    from upcampus.notifications.models import Email

    with across_tenants():
        result = db.session.execute(delete(Email).where(
            Email.created_at <= now - _days("RETENTION_OUTBOX_DAYS"),
            Email.status.in_(("sent", "kept", "failed"))))
        db.session.commit()
    return result.rowcount or 0


def figures(now: datetime) -> dict[str, int]:
    """Where retention stands, for the console: accounts warned once, warned twice, due
    for deletion at the next run (a city's last admin stays due until the city acts), and
    the periods in force."""
    def count(*conditions) -> int:
        return db.session.scalar(select(func.count(Account.id)).where(
            Account.email != FORMER_EMAIL, Account.is_platform_admin.is_(False),
            *conditions)) or 0

    return {
        "warned_once": count(Account.inactivity_warned_at.is_not(None),
                             Account.inactivity_rewarned_at.is_(None)),
        "warned_twice": count(Account.inactivity_rewarned_at.is_not(None)),
        "due": count(Account.inactivity_rewarned_at.is_not(None),
                     Account.inactivity_warned_at <= now - _days("RETENTION_DELETE_DAYS")),
        **{name.lower(): current_app.config[name] for name in (
            "RETENTION_WARN_DAYS", "RETENTION_REWARN_DAYS", "RETENTION_DELETE_DAYS",
            "RETENTION_LINK_EMAIL_DAYS", "RETENTION_OUTBOX_DAYS")},
    }


def run(now: datetime) -> dict[str, int]:
    """Everything retention does, in order; the counts of each step."""
    done = {"voided": void_stale_warnings()}
    done.update(warn_inactive(now))
    done.update(delete_inactive(now))
    done["purged"] = purge_link_emails(now)
    done["purged_old"] = purge_old_emails(now)
    return done


def run_job() -> dict[str, int]:
    """The scheduler's daily entry point (core/scheduler.py)."""
    from upcampus.core.db import utcnow

    return run(utcnow())
