"""Rules of events: create, edit, cancel. Each takes its context explicitly (the actor's
account and membership of the city, the city's time zone) and a payload loaded through
events/schemas.py."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.operations import replace_links, visible_ids
from upcampus.accounts.policy import can_create_event, can_edit_event
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.links import slug_of
from upcampus.core.rules import RESUBMIT_WINDOW, RuleError, validated
from upcampus.events.models import (
    Event,
    EventOrganisation,
    EventProject,
    EventSpeaker,
    EventTheme,
    Speaker,
)
from upcampus.events.schemas import EventSchema
from upcampus.moderation.operations import check_takes_part
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.models import Publication
from upcampus.taxonomy.models import Theme


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes: they were stored in UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def from_local(moment: datetime | None, timezone: str) -> datetime | None:
    """A wall-clock time in the city's time zone, as UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def to_local(moment: datetime | None, timezone: str) -> datetime | None:
    return None if moment is None else as_utc(moment).astimezone(ZoneInfo(timezone))


def admin_of(membership: Membership | None) -> set[int]:
    """The organisations of the city this member administers."""
    if membership is None:
        return set()
    return set(db.session.scalars(select(OrganisationMember.organisation_id).where(
        OrganisationMember.membership_id == membership.id,
        OrganisationMember.role == "admin")))


def may_create(account: Account | None, membership: Membership | None) -> bool:
    return can_create_event(account, membership, admin_of(membership))


def may_edit(event: Event, account: Account | None, membership: Membership | None) -> bool:
    return can_edit_event(account, membership,
                          {link.organisation_id for link in event.organisation_links},
                          admin_of(membership))


def _apply(event: Event, account: Account, membership: Membership | None, timezone: str,
           payload: dict, *, now: datetime) -> None:
    fields = validated(EventSchema, payload)
    starts = from_local(fields["starts_at"], timezone)
    ends = from_local(fields["ends_at"], timezone)
    if ends <= starts:
        raise RuleError("ends_at", _l("The event must end after it starts."))
    if event.id is None and starts < now:
        raise RuleError("starts_at", _l("A new event cannot start in the past."))
    opens = from_local(fields["registration_opens_at"], timezone)
    closes = from_local(fields["registration_closes_at"], timezone)
    if opens and closes and closes <= opens:
        raise RuleError("registration_closes_at",
                        _l("Registration must close after it opens."))
    if closes and closes > ends:
        raise RuleError("registration_closes_at",
                        _l("Registration must close before the event ends."))
    capacity = fields["capacity"]
    if capacity is not None and capacity < event.seats_taken:
        raise RuleError("capacity", _l(
            "%(count)d seats are already taken: the capacity cannot be lower.",
            count=event.seats_taken))
    organisations = _organisations(event, account, membership, fields["organisation_ids"])
    themes = visible_ids(Theme, fields["theme_ids"], "themes")
    projects = sorted(set(fields["project_ids"]))
    if projects and len(db.session.scalars(select(Publication.id).where(
            Publication.id.in_(projects), Publication.status == "published")).all()) != len(
            projects):
        raise RuleError("projects", _l("Choose entries from the list."))
    speakers = sorted(set(fields["speaker_ids"]))  # national ones and the city's own
    if len(db.session.scalars(select(Speaker.id).where(Speaker.id.in_(speakers))).all()) != len(
            speakers):
        raise RuleError("speakers", _l("Choose entries from the list."))
    event.title, event.kind = fields["title"], fields["kind"]
    event.description = fields["description"]
    event.starts_at, event.ends_at = starts, ends
    event.place_name, event.address = fields["place_name"], fields["address"]
    event.online_url, event.accessibility = fields["online_url"], fields["accessibility"]
    event.capacity, event.open_to_all = capacity, fields["open_to_all"]
    event.registration_opens_at, event.registration_closes_at = opens, closes
    event.slug = slug_of(event.title, "event")
    replace_links(event.theme_links, EventTheme, "theme_id", themes)
    replace_links(event.organisation_links, EventOrganisation, "organisation_id",
                  organisations)
    replace_links(event.project_links, EventProject, "publication_id", projects)
    replace_links(event.speaker_links, EventSpeaker, "speaker_id", speakers)


def _organisations(event: Event, account: Account, membership: Membership | None,
                   wanted: list[int]) -> list[int]:
    """Staff name any organisation of the city; an organisation's admin names those they
    administer, and keeps the others the event already had."""
    wanted = sorted(set(wanted))
    found = set(db.session.scalars(select(Organisation.id).where(Organisation.id.in_(wanted))))
    if found != set(wanted):
        raise RuleError("organisations", _l("Choose entries from the list."))
    from upcampus.accounts.policy import can

    if can(account, "events.manage_any", membership):
        return wanted
    mine = admin_of(membership)
    if not set(wanted) <= mine:
        raise RuleError("organisations",
                        _l("You can only name organisations you administer."))
    kept = {link.organisation_id for link in event.organisation_links} - mine
    if not wanted:
        raise RuleError("organisations",
                        _l("Name the organisation that organises this event."))
    return sorted(set(wanted) | kept)


def create_event(account: Account, membership: Membership | None, timezone: str,
                 payload: dict, *, now: datetime | None = None) -> Event:
    if not may_create(account, membership):
        raise RuleError("title", _l("Only the city's team and the administrators of an "
                                    "organisation can create events."), "forbidden")
    if membership is not None:
        check_takes_part(membership, "title", _l("Join this network to create events."))
        serialise_on(Membership, membership.id)
        twice = db.session.scalars(select(Event).where(
            Event.author_id == membership.id,
            Event.title == str(payload.get("title") or "").strip(),
            Event.created_at >= utcnow() - RESUBMIT_WINDOW)).first()
        if twice is not None:
            return twice  # a double-submitted form creates one event
    event = Event(author_id=membership.id if membership else None, status="published",
                  seats_taken=0)
    _apply(event, account, membership, timezone, payload, now=now or utcnow())
    db.session.add(event)
    db.session.commit()
    return event


def update_event(event: Event, account: Account, membership: Membership | None,
                 timezone: str, payload: dict, *, now: datetime | None = None) -> Event:
    if not may_edit(event, account, membership):
        raise RuleError("title", _l("Only the organisers of this event can edit it."),
                        "forbidden")
    serialise_on(Event, event.id)  # a registration at the same moment counts its seat
    db.session.refresh(event)
    _apply(event, account, membership, timezone, payload, now=now or utcnow())
    db.session.commit()
    return event


def set_cancelled(event: Event, account: Account, membership: Membership | None,
                  cancelled: bool) -> None:
    if not may_edit(event, account, membership):
        raise RuleError("title", _l("Only the organisers of this event can edit it."),
                        "forbidden")
    event.status = "cancelled" if cancelled else "published"
    db.session.commit()
