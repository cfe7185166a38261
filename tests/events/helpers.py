"""Shared helpers of the events tests: a facilitator's client, an event made through the
page, local times a few days ahead."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.events.models import Event, Registration
from upcampus.tenancy.context import tenant_scope

PARIS = ZoneInfo("Europe/Paris")


def local(days: int, hour: int = 18, minute: int = 30) -> str:
    """A local wall-clock time `days` from now, as a datetime-local field sends it."""
    day = (datetime.now(PARIS) + timedelta(days=days)).date()
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def event_fields(**changes) -> dict:
    return {"title": "Conférence : la transition écologique", "kind": "conference",
            "description": "Avec **Edgar**.", "starts_at": local(10, 18, 30),
            "ends_at": local(10, 20, 0), "place_name": "Les Gémeaux",
            "address": "49 avenue Georges Clemenceau, Sceaux",
            "accessibility": "Accès de plain-pied", "capacity": "50", **changes}


def staff_client(client_for, city, role="facilitator", email=None):
    email = email or f"{role}@{city.slug}.example.org"
    member = make_member(city, role, email=email)
    client = client_for(city)
    log_in(client, email)
    return member, client


def member_client(client_for, city, email):
    member = make_member(city, email=email)
    client = client_for(city)
    log_in(client, email)
    return member, client


def create(client, **changes):
    return post_form(client, "/events/new", event_fields(**changes))


def events_of(city) -> list[Event]:
    with tenant_scope(city):
        rows = list(db.session.scalars(select(Event).order_by(Event.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def the_event(city) -> Event:
    (event,) = events_of(city)
    return event


def registrations_of(city, event_id) -> dict[str, str]:
    """Email -> state of every registration of an event."""
    with tenant_scope(city):
        rows = db.session.scalars(select(Registration).where(
            Registration.event_id == event_id).order_by(Registration.id)).all()
        return {r.email: r.state for r in rows}


def seats_taken(city, event_id) -> int:
    with tenant_scope(city):
        return db.session.get(Event, event_id, populate_existing=True).seats_taken
