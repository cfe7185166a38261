"""iCalendar (RFC 5545) files of events, built with the icalendar library: CRLF line ends
and folding are its own; times carry the city's TZID with its VTIMEZONE; a UID is stable
(the event's id and city), so a calendar application updates an event rather than
duplicating it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from icalendar import Calendar, vText
from icalendar import Event as VEvent

from upcampus.events.models import Event
from upcampus.events.operations import as_utc


def uid_of(event: Event, city_slug: str, domain: str) -> str:
    return f"event-{event.id}@{city_slug}.{domain}"


def calendar_of(events: list[Event], *, name: str, timezone: str, city_slug: str,
                domain: str, url_of) -> bytes:
    """One VCALENDAR with a VEVENT per event; url_of(event) gives its page's address."""
    calendar = Calendar()
    calendar.add("prodid", "-//UP Campus//Events//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    zone = ZoneInfo(timezone)
    for event in events:
        entry = VEvent()
        entry.add("uid", uid_of(event, city_slug, domain))
        entry.add("dtstamp", as_utc(event.updated_at or event.created_at))
        entry.add("dtstart", as_utc(event.starts_at).astimezone(zone))
        entry.add("dtend", as_utc(event.ends_at).astimezone(zone))
        entry.add("summary", event.title)
        if event.description:
            entry.add("description", event.description)
        where = ", ".join(part for part in (event.place_name, event.address) if part)
        if where or event.online_url:
            entry.add("location", vText(where or event.online_url))
        entry.add("url", url_of(event))
        entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        entry.add("last-modified", as_utc(event.updated_at or event.created_at))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
