"""The emails of moderation: the author learns the decision and why (and may contest
it), reporters learn their report was handled. Written in each recipient's language,
links built from the city's own address."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.core.links import absolute_url, public_base_url
from upcampus.notifications.operations import queue_email


def _account(membership_id: int | None):
    membership = db.session.get(Membership, membership_id) if membership_id else None
    return membership.account if membership is not None else None


def tell_decision(city, case) -> None:
    if city is None:
        return
    author = _account(case.author_id)
    if author is not None and case.state != "kept":
        queue_email(author.email, _l("A moderation decision about your content"),
                    "moderation_decision", city=city, locale=author.locale, case=case,
                    url=absolute_url(public_base_url(city), "moderation.mine"))
    for report in case.reports:
        reporter = _account(report.reporter_id)
        if reporter is not None:
            queue_email(reporter.email, _l("Your report was reviewed"),
                        "moderation_reporter", city=city, locale=reporter.locale,
                        case=case)


def tell_appeal(city, case, reason: str) -> None:
    author = _account(case.author_id)
    if city is not None and author is not None:
        queue_email(author.email, _l("Your appeal was reviewed"), "moderation_appeal",
                    city=city, locale=author.locale, case=case, reason=reason,
                    url=absolute_url(public_base_url(city), "moderation.mine"))
