"""The emails of moderation: the author learns the decision and why (and may contest
it), reporters learn their report was handled. Written in each recipient's language,
links built from the city's own address."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.core.links import absolute_url, public_base_url
from upcampus.notifications.notify import notify
from upcampus.notifications.operations import queue_email


def _title(case) -> str:
    """What the author's notification names: the item's title, or its first words."""
    snapshot = case.snapshot or {}
    title = snapshot.get("title") if case.kind != "comment" else ""
    text = str(title or snapshot.get("text") or "").strip()
    return text if len(text) <= 80 else text[:79].rstrip() + "…"


def _tell_author(city, case, verb: str, subject, template: str, **context) -> None:
    """In the app, linked to the author's decisions page; by email as they chose."""
    url = absolute_url(public_base_url(city), "moderation.mine")
    notify(city, case.author_id, verb, about=("moderation_case", case.id),
           title=_title(case), url=url, subject=subject, template=template, case=case,
           **context)


def _account(membership_id: int | None):
    membership = db.session.get(Membership, membership_id) if membership_id else None
    return membership.account if membership is not None else None


def tell_decision(city, case) -> None:
    if city is None:
        return
    if case.author_id and case.state != "kept":
        _tell_author(city, case, "moderation_decision",
                     _l("A moderation decision about your content"), "moderation_decision")
    for report in case.reports:
        reporter = _account(report.reporter_id)
        if reporter is not None:
            queue_email(reporter.email, _l("Your report was reviewed"),
                        "moderation_reporter", city=city, locale=reporter.locale,
                        case=case)


def tell_appeal(city, case, reason: str) -> None:
    if city is not None and case.author_id:
        _tell_author(city, case, "moderation_appeal", _l("Your appeal was reviewed"),
                     "moderation_appeal", reason=reason)
