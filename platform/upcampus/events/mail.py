"""Every email of events goes out from here. Each runs as a job: it receives ids, reads the
registration again in its city's scope, and writes in the recipient's language with links
built from the city's own address (no request needed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l

from upcampus.core.db import db
from upcampus.core.links import absolute_url, public_base_url
from upcampus.events.models import Event, Registration
from upcampus.notifications.notify import notify
from upcampus.notifications.operations import queue_email
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.resolver import CityInfo


@contextmanager
def _city(tenant_id: int) -> Iterator[CityInfo | None]:
    """The city of a job, its scope entered; None when it is gone."""
    city = CityInfo.load(tenant_id)
    if city is None:
        yield None
        return
    with tenant_scope(city.id):
        yield city


def _send(city: CityInfo, registration: Registration, subject, template: str,
          verb: str | None = None, **context) -> None:
    """A member hears through notifications (`verb`: as they chose); a guest, or an
    organisers' message, by email."""
    account = registration.membership.account if registration.membership else None
    event = registration.event
    url = absolute_url(public_base_url(city), "events.show", event_id=event.id, slug=event.slug)
    if verb and registration.membership_id is not None:
        notify(city, registration.membership_id, verb, about=("event", event.id),
               title=event.title, url=url, subject=subject, template=template,
               registration=registration, event=event, **context)
        return
    if registration.membership_id is None and registration.state != "cancelled":
        from upcampus.events.guest_views import cancel_link

        context["cancel_link"] = cancel_link(city, registration)
    queue_email(registration.email, subject, template, city=city,
                locale=(account.locale if account else None) or city.default_locale,
                registration=registration, event=event, url=url, **context)


def tell_promoted(tenant_id: int, registration_id: int) -> None:
    """A job: a seat freed up for the first person waiting; they confirm in time."""
    with _city(tenant_id) as city:
        registration = db.session.get(Registration, registration_id) if city else None
        if registration is None or registration.state != "offered":
            return
        link = None
        if registration.membership_id is None:  # a guest takes the seat by a signed link
            from upcampus.accounts.tokens import make_token

            link = absolute_url(public_base_url(city), "events.guest_confirm",
                                event_id=registration.event_id, token=make_token(
                                    "event-guest", {"r": registration.id, "c": city.id}))
        _send(city, registration,
              _l("A seat is free for you: %(title)s", title=registration.event.title),
              "event_promoted", verb="event_promoted", link=link)


def remind(tenant_id: int, registration_ids: list[int]) -> None:
    """A job: the day before, everyone with a seat gets a reminder."""
    with _city(tenant_id) as city:
        for registration_id in registration_ids if city else ():
            registration = db.session.get(Registration, registration_id)
            if registration is not None:
                _send(city, registration,
                      _l("Tomorrow: %(title)s", title=registration.event.title),
                      "event_reminder", verb="event_reminder")


def message_registrants(tenant_id: int, event_id: int, subject: str, body: str) -> int:
    """A job: the organisers' message to everyone with a seat; returns how many."""
    from upcampus.events.queries import attendees

    with _city(tenant_id) as city:
        event = db.session.get(Event, event_id) if city else None
        people = attendees(event) if event else []
        for registration in people:
            _send(city, registration, subject, "event_message", body=body)
        return len(people)


def confirm_guest(tenant_id: int, registration_id: int, token: str) -> None:
    """A job: a guest confirms their email address through a signed link."""
    with _city(tenant_id) as city:
        registration = db.session.get(Registration, registration_id) if city else None
        if registration is None or registration.state != "pending":
            return
        link = absolute_url(public_base_url(city), "events.guest_confirm",
                            event_id=registration.event_id, token=token)
        _send(city, registration,
              _l("Confirm your registration: %(title)s", title=registration.event.title),
              "event_guest_confirm", link=link)
