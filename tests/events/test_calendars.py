"""Calendars (RFC 5545, parsed back with the icalendar library) and the reminder the day
before, sent by the hourly job."""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from tests.conftest import outbox, post_form
from tests.events.helpers import create, member_client, staff_client, the_event
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event
from upcampus.events.tasks import city_tick
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import tenant_scope


def theme_id(code):
    from sqlalchemy import select

    return db.session.scalar(select(Theme.id).where(Theme.code == code))


def test_an_events_ics_is_rfc_5545_with_its_time_zone_and_a_stable_uid(client_for, sceaux):
    _, staff = staff_client(client_for, sceaux)
    create(staff, description="Une longue description " * 10)
    event = the_event(sceaux)
    first = client_for(sceaux).get(f"/events/{event.id}.ics")
    assert first.status_code == 200 and first.mimetype == "text/calendar"
    raw = first.data
    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends only
    assert all(len(line) <= 75 for line in lines)  # long lines are folded
    assert any(line.startswith(b" ") for line in lines)
    calendar = Calendar.from_ical(raw)
    (vevent,) = calendar.walk("VEVENT")
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Paris"
    start = vevent.decoded("DTSTART")
    assert start.tzinfo is not None and start.astimezone(ZoneInfo("Europe/Paris")).hour == 18
    assert vevent.decoded("DTEND").astimezone(UTC) > start.astimezone(UTC)
    assert str(vevent["SUMMARY"]) == "Conférence : la transition écologique"
    assert "Les Gémeaux" in str(vevent["LOCATION"])
    assert str(vevent["URL"]).endswith(f"/events/{event.id}-{event.slug}")
    uid = str(vevent["UID"])
    post_form(staff, f"/events/{event.id}/edit", {
        "title": "Conférence déplacée", "kind": "conference",
        "starts_at": start.astimezone(ZoneInfo("Europe/Paris")).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": vevent.decoded("DTEND").astimezone(ZoneInfo("Europe/Paris")).strftime(
            "%Y-%m-%dT%H:%M")})
    again = Calendar.from_ical(client_for(sceaux).get(f"/events/{event.id}.ics").data)
    (changed,) = again.walk("VEVENT")
    assert str(changed["UID"]) == uid and str(changed["SUMMARY"]) == "Conférence déplacée"


def test_the_city_feed_and_a_themes_feed(client_for, sceaux, bourg):
    _, staff = staff_client(client_for, sceaux)
    create(staff, title="Atelier vert", themes=[theme_id("ecology")])
    create(staff, title="Soirée culture", themes=[theme_id("culture")])
    _, other = staff_client(client_for, bourg)
    create(other, title="Chez les voisins")
    feed = Calendar.from_ical(client_for(sceaux).get("/events.ics").data)
    titles = sorted(str(e["SUMMARY"]) for e in feed.walk("VEVENT"))
    assert titles == ["Atelier vert", "Soirée culture"]
    assert len({str(e["UID"]) for e in feed.walk("VEVENT")}) == 2
    themed = Calendar.from_ical(client_for(sceaux).get("/events.ics?theme=ecology").data)
    assert [str(e["SUMMARY"]) for e in themed.walk("VEVENT")] == ["Atelier vert"]
    assert 'href="/events.ics"' in client_for(sceaux).get("/events").text


def test_a_cancelled_event_says_so_in_the_calendar(client_for, sceaux):
    _, staff = staff_client(client_for, sceaux)
    create(staff)
    event = the_event(sceaux)
    post_form(staff, f"/events/{event.id}/cancel", {}, page=f"/events/{event.id}/edit")
    (vevent,) = Calendar.from_ical(
        client_for(sceaux).get(f"/events/{event.id}.ics").data).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_registered_people_get_a_reminder_the_day_before_once(client_for, sceaux):
    _, staff = staff_client(client_for, sceaux)
    create(staff)
    event = the_event(sceaux)
    page = f"/events/{event.id}-{event.slug}"
    _, lea = member_client(client_for, sceaux, "lea@example.org")
    post_form(lea, f"/events/{event.id}/register", {}, page=page)
    assert city_tick(sceaux.id)["reminded"] == 0  # ten days ahead: not yet
    with tenant_scope(sceaux):
        row = db.session.get(Event, event.id)
        row.starts_at, row.ends_at = (utcnow() + timedelta(hours=20),
                                      utcnow() + timedelta(hours=22))
        db.session.commit()
    assert city_tick(sceaux.id)["reminded"] == 1
    assert city_tick(sceaux.id)["reminded"] == 0  # once
    (email,) = [e for e in outbox(sceaux) if e.to_address == "lea@example.org"]
    assert email.subject == "Demain : Conférence : la transition écologique"
    assert "Les Gémeaux" in email.body_text and page in email.body_text


def test_the_tick_command_runs_every_city(app, client_for, sceaux, bourg):
    result = app.test_cli_runner().invoke(args=["events", "tick"])
    assert result.exit_code == 0, result.output
    assert "sceaux: 0 reminded, 0 promoted" in result.output


def test_the_feed_costs_the_same_queries_with_more_events(client_for, sceaux, count_queries):
    _, staff = staff_client(client_for, sceaux)
    create(staff, title="Une rencontre")
    visitor = client_for(sceaux)
    visitor.get("/events.ics")
    with count_queries() as few:
        visitor.get("/events.ics")
    for i in range(6):
        create(staff, title=f"Encore {i}", themes=[theme_id("ecology")])
    with count_queries() as many:
        assert len(Calendar.from_ical(visitor.get("/events.ics").data).walk("VEVENT")) == 7
    assert many.count == few.count
