"""What the pages of events read: the agenda with its filters, the city home's block, an
event's page. Each reads a fixed number of queries, whatever the data size."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from upcampus.core.db import db
from upcampus.events.models import KINDS, Event, EventOrganisation, EventTheme, Registration
from upcampus.taxonomy.models import Theme

FILTERS = ("kind", "theme", "when")


def list_filters(args) -> dict[str, str]:
    return {name: (args.get(name) or "").replace("\x00", "").strip()[:80]
            for name in FILTERS}


def with_cards(statement):
    """What a card shows: themes and organisations, in two more queries."""
    return statement.options(selectinload(Event.theme_links),
                             selectinload(Event.organisation_links))


def events(filters: dict[str, str], now: datetime):
    """Upcoming first (soonest first); the past tab shows the latest first."""
    statement = with_cards(select(Event))
    if filters["kind"] in KINDS:
        statement = statement.where(Event.kind == filters["kind"])
    if filters["theme"]:
        statement = statement.where(Event.id.in_(themed(filters["theme"])))
    if filters["when"] == "past":
        return statement.where(Event.ends_at < now).order_by(Event.starts_at.desc(),
                                                             Event.id.desc())
    return statement.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)


def themed(code: str):
    """Ids of the events of a theme, through the (tenant_id, theme_id) index: a join per
    event (EXISTS ... EXISTS) costs seconds with thousands of events."""
    return select(EventTheme.event_id).join(Theme, Theme.id == EventTheme.theme_id).where(
        Theme.code == code)


def next_events(now: datetime, limit: int = 3) -> list[Event]:
    return list(db.session.scalars(with_cards(select(Event).where(
        Event.ends_at >= now, Event.status == "published"))
        .order_by(Event.starts_at, Event.id).limit(limit)))


def registration_of(event: Event, membership) -> Registration | None:
    if membership is None:
        return None
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.membership_id == membership.id))


def waiting_count(event: Event) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.state == "waiting"))


def attendees(event: Event, search: str = "") -> list[Registration]:
    """Everyone with a seat, by name (guests by the name they gave)."""
    from upcampus.accounts.models import Account, Membership

    statement = (select(Registration).outerjoin(Membership, Registration.membership)
                 .outerjoin(Account, Membership.account)
                 .where(Registration.event_id == event.id,
                        Registration.state.in_(("confirmed", "offered")))
                 .options(selectinload(Registration.membership)))
    name = func.coalesce(Account.display_name, Registration.guest_name)
    if search:
        statement = statement.where(func.lower(name).contains(search.lower()[:80],
                                                              autoescape=True))
    return list(db.session.scalars(statement.order_by(func.lower(name), Registration.id)))


def organised_by(organisation_id: int):
    return select(EventOrganisation.event_id).where(
        EventOrganisation.organisation_id == organisation_id)
