"""Rules of national events: published by national editors on the national site, on every
city's agenda unless that city hid it; and the national agenda, which adds the events
cities opened to all (an explicit read across cities of what they made public)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import can_edit_national_content, can_hide_national_event
from upcampus.core.db import db, utcnow
from upcampus.core.pagination import paginate
from upcampus.core.rules import RuleError, validated
from upcampus.events.models import Event, HiddenNationalEvent, NationalEvent
from upcampus.events.operations import from_local
from upcampus.events.schemas import NationalEventSchema
from upcampus.events.speakers import public_events
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.models import Tenant

NATIONAL_TIMEZONE = "Europe/Paris"  # Mouvement UP's times are typed as Paris time


def save_national_event(account: Account | None, fields: dict,
                        event: NationalEvent | None = None, *,
                        now: datetime | None = None) -> NationalEvent:
    if not can_edit_national_content(account):
        raise RuleError("title_fr", _l("Only national editors can do this."), "forbidden")
    data = validated(NationalEventSchema, fields)
    starts = from_local(data["starts_at"], NATIONAL_TIMEZONE)
    ends = from_local(data["ends_at"], NATIONAL_TIMEZONE)
    if ends <= starts:
        raise RuleError("ends_at", _l("The event must end after it starts."))
    if event is None and starts < (now or utcnow()):
        raise RuleError("starts_at", _l("A new event cannot start in the past."))
    if event is None:
        event = NationalEvent(status="published")
        db.session.add(event)
    event.title = {k: v for k, v in (("fr", data["title_fr"]), ("en", data["title_en"])) if v}
    event.description = {k: v for k, v in (("fr", data["description_fr"]),
                                           ("en", data["description_en"])) if v}
    event.kind, event.starts_at, event.ends_at = data["kind"], starts, ends
    event.place_name, event.address = data["place_name"], data["address"]
    event.online_url = data["online_url"]
    db.session.commit()
    return event


def set_national_cancelled(account: Account | None, event: NationalEvent,
                           cancelled: bool) -> None:
    if not can_edit_national_content(account):
        raise RuleError("title_fr", _l("Only national editors can do this."), "forbidden")
    event.status = "cancelled" if cancelled else "published"
    db.session.commit()


def set_hidden(account: Account | None, membership: Membership | None,
               event: NationalEvent, hidden: bool) -> None:
    """Take a national event off the agenda of the city in scope, or put it back. The
    unique (city, event) pair makes two clicks at once hide it once."""
    if not can_hide_national_event(account, membership):
        raise RuleError("national_event", _l(
            "Only the city's facilitators and administrators can do this."), "forbidden")
    row = db.session.scalar(select(HiddenNationalEvent).where(
        HiddenNationalEvent.national_event_id == event.id))
    if hidden and row is None:
        db.session.add(HiddenNationalEvent(national_event_id=event.id))
    elif not hidden and row is not None:
        db.session.delete(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the other click hid it already


def hidden_ids() -> set[int]:
    """The national events the city in scope hid."""
    return set(db.session.scalars(select(HiddenNationalEvent.national_event_id)))


def upcoming_national(now: datetime, limit: int = 10, *, for_city: bool = True,
                      include_hidden: bool = False) -> list[NationalEvent]:
    """National events still to come, soonest first; in a city, without those it hid."""
    statement = select(NationalEvent).where(NationalEvent.status == "published",
                                            NationalEvent.ends_at >= now)
    if for_city and not include_hidden:
        statement = statement.where(NationalEvent.id.not_in(
            select(HiddenNationalEvent.national_event_id)))
    return list(db.session.scalars(statement.order_by(NationalEvent.starts_at,
                                                      NationalEvent.id).limit(limit)))


def national_page(page: int, now: datetime, per_page: int = 20) -> Pagination:
    return paginate(select(NationalEvent).where(NationalEvent.ends_at >= now)
                    .order_by(NationalEvent.starts_at, NationalEvent.id), page, per_page)


def opened_by_cities(page: int, now: datetime,
                     per_page: int = 20) -> tuple[Pagination, dict[int, Tenant]]:
    """Upcoming public events the cities opened to all, soonest first, and their cities."""
    with across_tenants():
        found = paginate(public_events().where(Event.open_to_all.is_(True),
                                               Event.ends_at >= now)
                         .order_by(Event.starts_at, Event.id), page, per_page)
        for event in found.items:
            db.session.expunge(event)
    cities = {t.id: t for t in db.session.scalars(select(Tenant).where(
        Tenant.id.in_({e.tenant_id for e in found.items})))} if found.items else {}
    return found, cities
