"""Calendars: an .ics per event, and a subscribable feed of the city's agenda (per theme
too)."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, current_app, g, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from upcampus.core.db import db, utcnow
from upcampus.core.links import public_base_url
from upcampus.events import queries
from upcampus.events.calendar import calendar_of
from upcampus.events.models import Event
from upcampus.events.views import blueprint, event_or_404
from upcampus.tenancy.web import city_only

FEED_PAST = timedelta(days=90)  # a feed keeps recent events, so a subscriber sees changes
FEED_LIMIT = 500


def _ics(events: list[Event], name: str, filename: str) -> Response:
    base = public_base_url(g.city)  # once: the city's address costs a query
    body = calendar_of(
        events, name=name, timezone=g.city.timezone, city_slug=g.city.slug,
        domain=current_app.config["BASE_DOMAIN"],
        url_of=lambda e: base + url_for("events.show", event_id=e.id, slug=e.slug))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.cache_control.max_age = 300
    return response


@blueprint.get("/events/<int:event_id>.ics")
@city_only
def ics(event_id: int):
    event = event_or_404(event_id)
    return _ics([event], g.city.name, f"{event.slug}.ics")


@blueprint.get("/events.ics")
@city_only
def feed():
    statement = queries.with_cards(select(Event).where(
        Event.ends_at >= utcnow() - FEED_PAST)).order_by(Event.starts_at, Event.id)
    theme = (request.args.get("theme") or "").strip()[:80]
    name = _("Events of %(network)s", network=g.city.name)
    if theme:
        statement = statement.where(Event.id.in_(queries.themed(theme)))
        name = f"{name} · {theme}"
    events = list(db.session.scalars(statement.limit(FEED_LIMIT)))
    return _ics(events, name, f"{g.city.slug}-events.ics")
