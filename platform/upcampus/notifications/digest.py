"""Digests: once a day, at a reasonable local hour, each member of a city gets one email
with what they chose to hear of daily (and weekly, when a week has passed), unless there
is nothing new. Each notification is marked emailed in the transaction that writes the
digest, under a lock on the member: a job run twice sends nothing twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.jobs import BULK, enqueue
from upcampus.core.links import absolute_url, public_base_url
from upcampus.notifications.kinds import KINDS, actors_of, gathered
from upcampus.notifications.models import DigestMarker, Notification
from upcampus.notifications.notify import cadences_of, unsubscribe_url
from upcampus.notifications.operations import queue_email
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.resolver import CityInfo

DIGEST_HOUR = 8  # local time: with breakfast, not at night
WINDOW = timedelta(days=8)  # older unsent notes (a kind switched from "app") stay in the app
WEEK = timedelta(days=7) - timedelta(hours=1)  # an hourly job a few minutes late still counts


def city_digests(tenant_id: int, now: datetime | None = None, force: bool = False) -> int:
    """The digests of one city due now, every batch at once (the CLI, tests); how many
    were sent. Without `force`, only in the city's digest hour."""
    sent, after = 0, 0
    while after is not None:
        batch_sent, after = digest_batch(tenant_id, after, now, force)
        sent += batch_sent
    return sent


def city_digests_job(tenant_id: int, after: int = 0, force: bool = False) -> int:
    """A bulk job: one batch of a city's digests, then the next batch enqueued at the
    back of the bulk queue, behind the other cities' batches: cities take turns."""
    sent, next_after = digest_batch(tenant_id, after, None, force)
    if next_after is not None:
        enqueue(city_digests_job, tenant_id, next_after, force, queue_name=BULK)
    return sent


def digest_batch(tenant_id: int, after: int, now: datetime | None,
                 force: bool) -> tuple[int, int | None]:
    """Up to DIGEST_BATCH members (ids above `after`) of a city: (sent, the last id, or
    None when this was the last batch)."""
    now = now or utcnow()
    city = CityInfo.load(tenant_id)
    if city is None or city.status != "active":
        return 0, None
    # The first batch decides: the batches after it run whenever their turn comes, even
    # past the hour (a big city's digest must not stop half-way).
    if not force and after == 0 and now.astimezone(ZoneInfo(city.timezone)).hour != DIGEST_HOUR:
        return 0, None
    size = current_app.config["DIGEST_BATCH"]
    with tenant_scope(city.id):
        waiting = db.session.scalars(select(Notification.membership_id).where(
            Notification.emailed_at.is_(None), Notification.created_at >= now - WINDOW,
            Notification.membership_id > after)
            .distinct().order_by(Notification.membership_id).limit(size)).all()
        db.session.commit()
        sent = sum(_digest_of(city, membership_id, now) for membership_id in waiting)
    return sent, (waiting[-1] if len(waiting) == size else None)


def _digest_of(city: CityInfo, membership_id: int, now: datetime) -> bool:
    serialise_on(Membership, membership_id)  # two runs at once: the second finds it done
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.status != "active":
        db.session.commit()
        return False
    marker = db.session.scalar(select(DigestMarker).where(
        DigestMarker.membership_id == membership_id)) or DigestMarker(
        membership_id=membership_id)
    weekly_due = marker.weekly_at is None or now - _aware(marker.weekly_at) >= WEEK
    due = [kind for kind, cadence in cadences_of(membership_id).items()
           if cadence == "daily" or (cadence == "weekly" and weekly_due)]
    notes = db.session.scalars(select(Notification).where(
        Notification.membership_id == membership_id, Notification.emailed_at.is_(None),
        Notification.created_at >= now - WINDOW, Notification.kind.in_(due))
        .order_by(Notification.id)).all()
    if not notes:
        db.session.commit()
        return False  # nothing new: nothing sent
    kinds = sorted({note.kind for note in notes})
    for note in notes:
        note.emailed_at = now
    marker.daily_at = now
    if any(cadences_of(membership_id)[kind] == "weekly" for kind in kinds):
        marker.weekly_at = now
    db.session.add(marker)
    account = membership.account
    base = public_base_url(city)
    # queue_email commits the marks and the email together.
    queue_email(account.email, _l("Your news on %(network)s", network=city.name), "digest",
                city=city, locale=account.locale or city.default_locale,
                unsubscribe=unsubscribe_url(city, membership_id, *kinds),
                name=account.display_name, network=city.name, lines=_lines(notes),
                gathered=gathered,
                kinds=[KINDS[kind][0] for kind in kinds],
                inbox_url=absolute_url(base, "notifications.inbox"))
    return True


def _lines(notes: list[Notification]) -> list[tuple[str, str, str, str | None, int]]:
    """(verb, title, link, who, how many): notifications saying the same thing about the
    same page gathered into one line, in the order they first came."""
    actors = actors_of(notes)
    counted: dict[tuple[str, str, str, str | None], int] = {}
    for note in notes:
        key = (note.verb, note.title, note.url or "", actors.get(note.id))
        counted[key] = counted.get(key, 0) + 1
    return [(*key, count) for key, count in counted.items()]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


def digests_all_job() -> int:
    """Every hour (core/scheduler.py): one bulk job per active city (each decides
    whether it is its hour)."""
    from upcampus.tenancy.operations import active_tenants

    tenants = active_tenants()
    for tenant in tenants:
        enqueue(city_digests_job, tenant.id, queue_name=BULK)
    return len(tenants)
