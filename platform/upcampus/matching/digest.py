"""The weekly digest: each member who agreed to matching gets, by email, the open needs
that fit them and they were never told of (a Notice row per pair: never twice)."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.core.links import public_base_url
from upcampus.matching.models import Notice
from upcampus.matching.operations import enabled, needs_for
from upcampus.notifications.operations import queue_email
from upcampus.projects.forms import RESOURCE_LABELS
from upcampus.projects.operations import publication_url

PER_DIGEST = 5
SUBJECT = _l("Projects that need you on %(network)s")  # formatted in the reader's language


def send_digests(city) -> int:
    """In the city's scope: one email per member with new fitting needs; returns how many
    were sent."""
    if not enabled(city):
        return 0
    members = db.session.execute(
        select(Membership.id).join(Account).where(
            Membership.status == "active", Membership.visibility != "hidden",
            Membership.suggestable.is_(True), Account.email_verified_at.is_not(None))
        .order_by(Membership.id)).scalars().all()
    return sum(_digest(city, membership_id) for membership_id in members)


def _digest(city, membership_id: int) -> int:
    membership = db.session.get(Membership, membership_id)
    told = set(db.session.scalars(select(Notice.need_id).where(
        Notice.membership_id == membership_id)))
    fresh = [m.subject for m in needs_for(membership=membership, limit=PER_DIGEST * 2)
             if m.id not in told][:PER_DIGEST]
    if not fresh:
        return 0
    locale = membership.account.locale or city.default_locale
    with force_locale(locale):
        lines = [(need.publication.title, need.skill.label(locale) if need.skill else str(
            RESOURCE_LABELS.get(need.resource, need.resource)),
            public_base_url(city) + publication_url(need.publication)) for need in fresh]
        db.session.add_all(Notice(membership_id=membership_id, need_id=need.id)
                           for need in fresh)
        queue_email(membership.account.email, SUBJECT % {"network": city.name},
                    "match_digest", city=city, locale=locale, lines=lines, network=city.name,
                    settings_url=public_base_url(city) + "/account")
    return 1
