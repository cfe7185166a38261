"""/api/v1/ for events: the agenda (upcoming first, or the past; the page's filters), an
event with its seats left, and a member's registration (register, cancel, theirs). Each
calls what the pages call: events/queries.py and the rules of events/registrations.py,
which take turns on the event's row, so two tokens at the last seat get one seat."""

from __future__ import annotations

from flask import Response, g, request, url_for
from sqlalchemy import false, select
from sqlalchemy.orm import joinedload

from upcampus.api import door, schemas
from upcampus.api.door import as_json, blueprint, require_feature
from upcampus.api.problems import Problem
from upcampus.core.db import db, utcnow
from upcampus.core.jobs import enqueue
from upcampus.events import mail, queries, registrations
from upcampus.events.models import Event, Registration

FEATURE = "events"


def event_data(event: Event, detail: bool = False) -> dict:
    data = {"id": event.id, "title": event.title, "kind": event.kind, "status": event.status,
            "starts_at": event.starts_at, "ends_at": event.ends_at,
            "place_name": event.place_name, "address": event.address,
            "online_url": event.online_url, "capacity": event.capacity,
            "seats_left": event.seats_left,
            "themes": [link.theme.code for link in event.theme_links],
            "organisers": [{"id": o.id, "name": o.name} for o in event.organisations],
            "url": url_for("events.show", event_id=event.id, slug=event.slug,
                           _external=True)}
    if detail:
        registration = queries.registration_of(event, g.api_membership)
        closed = registrations.registration_refusal(event, utcnow())
        data.update(description=event.description, accessibility=event.accessibility,
                    registration_opens_at=event.registration_opens_at,
                    registration_closes_at=event.registration_closes_at,
                    waiting=queries.waiting_count(event),
                    closed=str(closed) if closed else None,
                    my_registration=registration.state if registration else None)
    return data


def _event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)  # another city's id: None
    if event is None:
        raise Problem("not-found")
    return event


@blueprint.get("/events")
def events():
    require_feature(FEATURE)
    filters = queries.list_filters(request.args)
    past = filters["when"] == "past"
    return as_json(schemas.EventPage, door.ordered_page(
        queries.events(filters, utcnow()), Event, Event.starts_at,
        "events-past" if past else "events", event_data, descending=past))


@blueprint.get("/events/<int:event_id>")
def event(event_id: int):
    require_feature(FEATURE)
    return as_json(schemas.EventDetailSchema, event_data(_event(event_id), detail=True))


def registration_data(registration: Registration) -> dict:
    event = registration.event
    return {"id": registration.id, "event_id": event.id, "event_title": event.title,
            "starts_at": event.starts_at, "state": registration.state,
            "created_at": registration.created_at}


@blueprint.route("/events/<int:event_id>/registration", methods=["POST", "DELETE"])
def registration(event_id: int):
    """Register (POST: a seat if one is left, else the waitlist) or cancel (DELETE: the
    first person waiting is offered the seat, by email, as from the page)."""
    require_feature(FEATURE)

    def change() -> Response:
        found = _event(event_id)
        if request.method == "POST":
            registered = registrations.register(found.id, g.api_membership)
            response = as_json(schemas.RegistrationSchema, registration_data(registered),
                               201)
            response.headers["Location"] = "/api/v1/me/registrations"
            return response
        promoted = registrations.cancel(found.id, g.api_membership)
        if promoted is not None:
            enqueue(mail.tell_promoted, g.city.id, promoted.id)
        return Response(status=204)

    return door.act(change, idempotent=True)


@blueprint.get("/me/registrations")
def my_registrations():
    """This reader's registrations in this city (cancelled ones too), newest first."""
    require_feature(FEATURE)
    _account, membership = door.require_account()
    statement = select(Registration).where(
        Registration.membership_id == membership.id if membership else false()).options(
        joinedload(Registration.event))
    return as_json(schemas.RegistrationPage, door.keyset_page(
        statement, Registration, "my-registrations", registration_data))
