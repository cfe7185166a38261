"""Registration rules: a seat, the waitlist, cancellation and promotion. Writers of one
event take turns on its row (`serialise_on`), so the seat counter is checked and moved by
one writer at a time: capacity is never exceeded (the check constraint is the last wall).

Emails are the caller's to send (events/mail.py, in a job): a rule returns whom it moved."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.accounts.policy import is_active_member
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.rules import RuleError, validated
from upcampus.events.models import HOLDING, Event, Registration
from upcampus.events.operations import as_utc
from upcampus.events.schemas import GuestSchema

# A person promoted from the waitlist confirms within this time, else passes their turn.
OFFER_TIME = timedelta(hours=48)


def locked_event(event_id: int) -> Event:
    serialise_on(Event, event_id)
    event = db.session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise RuleError("event", _l("This event does not exist."), "missing")
    return event


def registration_refusal(event: Event, now: datetime):
    """Why nobody may register now, or None."""
    if event.cancelled:
        return _l("This event is cancelled.")
    if as_utc(event.ends_at) <= now:
        return _l("This event is over.")
    if event.registration_opens_at and now < as_utc(event.registration_opens_at):
        return _l("Registration is not open yet.")
    if event.registration_closes_at and now >= as_utc(event.registration_closes_at):
        return _l("Registration is closed.")
    return None


def _take_or_wait(event: Event, registration: Registration) -> None:
    if event.capacity is None or event.seats_taken < event.capacity:
        registration.state = "confirmed"
        event.seats_taken += 1
    else:
        registration.state = "waiting"


def register(event_id: int, membership: Membership | None, *,
             now: datetime | None = None) -> Registration:
    """One click: a seat if one is left, else a place on the waitlist."""
    if not is_active_member(membership):
        raise RuleError("event", _l("Join this network to register."), "forbidden")
    now = now or utcnow()
    event = locked_event(event_id)
    refusal = registration_refusal(event, now)
    if refusal:
        raise RuleError("event", refusal)
    registration = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.membership_id == membership.id))
    if registration is not None and registration.state != "cancelled":
        raise RuleError("event", _l("You are already registered for this event.")
                        if registration.state in HOLDING
                        else _l("You are already on the waitlist of this event."))
    if registration is None:
        registration = Registration(event_id=event.id, membership_id=membership.id)
        db.session.add(registration)
    registration.created_at, registration.checked_in_at = now, None
    _take_or_wait(event, registration)
    db.session.commit()
    return registration


def register_guest(event_id: int, payload: dict, *,
                   now: datetime | None = None) -> Registration:
    """A guest gives a name and an email address; the registration waits, holding no seat,
    until they confirm the address through the link emailed to them."""
    fields = validated(GuestSchema, payload)
    email = fields["email"].lower()
    now = now or utcnow()
    event = locked_event(event_id)
    refusal = registration_refusal(event, now)
    if refusal:
        raise RuleError("email", refusal)
    registration = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.guest_email == email))
    if registration is not None and registration.state not in ("pending", "cancelled"):
        raise RuleError("email", _l("This email address is already registered for this "
                                    "event."))
    if registration is None:
        registration = Registration(event_id=event.id, guest_email=email, state="pending")
        db.session.add(registration)
    # Cancelled, like a member, they may come back: pending again until they confirm.
    registration.state, registration.checked_in_at = "pending", None
    registration.guest_name, registration.created_at = fields["name"], now
    db.session.commit()
    return registration


def confirm_guest(event_id: int, registration_id: int, *,
                  now: datetime | None = None) -> Registration:
    """The guest opened their link: a seat if one is left, else the waitlist; a seat
    offered from the waitlist is taken. Opened again, it changes nothing."""
    now = now or utcnow()
    event = locked_event(event_id)
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None or registration.event_id != event.id or (
            registration.guest_email is None):
        raise RuleError("token", _l("This link is not valid."), "missing")
    if registration.state == "offered":  # promoted from the waitlist: the seat is theirs
        registration.state = "confirmed"
        db.session.commit()
        return registration
    if registration.state != "pending":
        return registration
    refusal = registration_refusal(event, now)
    if refusal:
        raise RuleError("token", refusal)
    _take_or_wait(event, registration)
    db.session.commit()
    return registration


def cancel(event_id: int, membership: Membership | None, *,
           now: datetime | None = None) -> Registration | None:
    """Give the seat (or the waitlist place) back; returns whom it promoted, if anyone."""
    if membership is None:
        raise RuleError("event", _l("Join this network to register."), "forbidden")
    event = locked_event(event_id)
    registration = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.membership_id == membership.id))
    if registration is None or registration.state == "cancelled":
        raise RuleError("event", _l("You are not registered for this event."))
    return _release(event, registration, now or utcnow())


def cancel_guest(event_id: int, registration_id: int, *,
                 now: datetime | None = None) -> Registration | None:
    """A guest gives their seat (or waitlist place) back through their signed link;
    cancelled already, nothing changes. Returns whom it promoted, if anyone."""
    event = locked_event(event_id)
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None or registration.event_id != event.id or (
            registration.guest_email is None):
        raise RuleError("token", _l("This link is not valid."), "missing")
    if registration.state == "cancelled":
        db.session.commit()
        return None
    return _release(event, registration, now or utcnow())


def _release(event: Event, registration: Registration, now: datetime) -> Registration | None:
    held = registration.state in HOLDING
    registration.state = "cancelled"
    promoted = None
    if held:
        event.seats_taken -= 1
        promoted = promote_next(event, now)
    db.session.commit()
    return promoted


def promote_next(event: Event, now: datetime) -> Registration | None:
    """The first person waiting is offered the freed seat (it is held for them)."""
    if event.cancelled or as_utc(event.ends_at) <= now:
        return None
    if event.capacity is not None and event.seats_taken >= event.capacity:
        return None
    first = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.state == "waiting")
        .order_by(Registration.created_at, Registration.id).limit(1))
    if first is None:
        return None
    first.state, first.offered_at = "offered", now
    event.seats_taken += 1
    return first


def confirm_offer(event_id: int, membership: Membership | None) -> Registration:
    if membership is None:
        raise RuleError("event", _l("Join this network to register."), "forbidden")
    locked_event(event_id)
    registration = db.session.scalar(select(Registration).where(
        Registration.event_id == event_id, Registration.membership_id == membership.id))
    if registration is None or registration.state != "offered":
        raise RuleError("event", _l("No seat is waiting for your confirmation."))
    registration.state = "confirmed"
    db.session.commit()
    return registration


def expire_offers(now: datetime | None = None) -> list[Registration]:
    """Offers not confirmed in OFFER_TIME pass their turn to the next person waiting
    (in the current city); returns the people promoted in their place."""
    now = now or utcnow()
    stale = db.session.scalars(select(Registration.id).where(
        Registration.state == "offered", Registration.offered_at <= now - OFFER_TIME)).all()
    promoted = []
    for registration_id in stale:
        registration = db.session.get(Registration, registration_id)
        locked_event(registration.event_id)
        db.session.refresh(registration)
        if registration.state != "offered":
            continue
        event = db.session.get(Event, registration.event_id)
        person = _release(event, registration, now)
        if person is not None:
            promoted.append(person)
    return promoted


def check_in(event: Event, registration_id: int, present: bool,
             now: datetime | None = None) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise RuleError("registration", _l("This person is not registered."), "missing")
    if registration.state not in HOLDING:
        raise RuleError("registration", _l("This person has no seat."))
    registration.checked_in_at = (now or utcnow()) if present else None
    db.session.commit()
    return registration
