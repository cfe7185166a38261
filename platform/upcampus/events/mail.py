"""Every email of events goes out from here (one place to adapt when queue_email takes the
city explicitly). Each runs as a job: it re-reads the registration in its city's scope,
on the city's own host (links), in the recipient's language."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from upcampus.core.db import db
from upcampus.events.models import Event, Registration
from upcampus.notifications.operations import queue_email
from upcampus.tenancy.web import acting_for_city


def event_url(event: Event) -> str:
    return url_for("events.show", event_id=event.id, slug=event.slug, _external=True)


def _send(registration: Registration, default_locale: str, subject, template: str,
          **context) -> None:
    account = registration.membership.account if registration.membership else None
    with force_locale((account.locale if account else None) or default_locale):
        queue_email(registration.email, subject, template, registration=registration,
                    event=registration.event, url=event_url(registration.event), **context)


def tell_promoted(tenant_id: int, registration_id: int) -> None:
    """A job: a seat freed up for the first person waiting; they confirm in time."""
    with acting_for_city(tenant_id) as city:
        registration = db.session.get(Registration, registration_id)
        if registration is None or registration.state != "offered":
            return
        _send(registration, city.default_locale,
              _l("A seat is free for you: %(title)s", title=registration.event.title),
              "event_promoted")


def remind(tenant_id: int, registration_ids: list[int]) -> None:
    """A job: the day before, everyone with a seat gets a reminder."""
    with acting_for_city(tenant_id) as city:
        for registration_id in registration_ids:
            registration = db.session.get(Registration, registration_id)
            if registration is not None:
                _send(registration, city.default_locale,
                      _l("Tomorrow: %(title)s", title=registration.event.title),
                      "event_reminder")


def message_registrants(tenant_id: int, event_id: int, subject: str, body: str) -> int:
    """A job: the organisers' message to everyone with a seat; returns how many."""
    from upcampus.events.queries import attendees

    with acting_for_city(tenant_id) as city:
        event = db.session.get(Event, event_id)
        people = attendees(event) if event else []
        for registration in people:
            _send(registration, city.default_locale, subject, "event_message", body=body)
        return len(people)


def confirm_guest(tenant_id: int, registration_id: int, token: str) -> None:
    """A job: a guest confirms their email address through a signed link."""
    with acting_for_city(tenant_id) as city:
        registration = db.session.get(Registration, registration_id)
        if registration is None or registration.state != "pending":
            return
        link = url_for("events.guest_confirm", event_id=registration.event_id, token=token,
                       _external=True)
        _send(registration, city.default_locale,
              _l("Confirm your registration: %(title)s", title=registration.event.title),
              "event_guest_confirm", link=link)
