"""/api/v1/ for events: the agenda as the page lists it (upcoming first, the past apart,
kind and theme filters, cursor pages), an event with its seats left, organisers and
themes, registering and cancelling (the page's rules, Idempotency-Key), one's own
registrations, and the last seat taken by one of two tokens at once."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.api.test_api import bearer, token_for
from tests.factories import make_member
from tests.threads import all_at_once
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event, EventOrganisation, EventTheme, Registration
from upcampus.organisations.models import Organisation
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import tenant_scope


def make_event(city, title, days, *, kind="conference", capacity=None, theme=None,
               organiser=None):
    starts = utcnow() + timedelta(days=days)
    with tenant_scope(city):
        event = Event(title=title, slug="evenement", kind=kind, capacity=capacity,
                      starts_at=starts, ends_at=starts + timedelta(hours=2),
                      place_name="Les Gémeaux")
        if theme:
            event.theme_links.append(EventTheme(theme_id=db.session.scalar(
                select(Theme.id).where(Theme.code == theme))))
        if organiser:
            organisation = Organisation(name=organiser, slug="org", kind="association")
            db.session.add(organisation)
            db.session.flush()
            event.organisation_links.append(EventOrganisation(organisation_id=organisation.id))
        db.session.add(event)
        db.session.commit()
        return event.id


def states(city, event_id):
    with tenant_scope(city):
        rows = db.session.scalars(select(Registration).where(
            Registration.event_id == event_id).order_by(Registration.id)).all()
        seats = db.session.get(Event, event_id, populate_existing=True).seats_taken
        return [r.state for r in rows], seats


@pytest.fixture
def people(two_cities):
    sceaux, bourg = two_cities
    lea = make_member(sceaux, email="lea@example.org")
    marc = make_member(sceaux, email="marc@example.org")
    bo = make_member(bourg, email="bo@example.org")
    return {"sceaux": sceaux, "bourg": bourg, "lea": bearer(token_for(sceaux, lea)[1]),
            "marc": bearer(token_for(sceaux, marc)[1]), "bo": bearer(token_for(bourg, bo)[1]),
            "lea_read": bearer(token_for(sceaux, lea, scope="read")[1])}


def test_the_agenda_upcoming_first_the_past_apart_filtered_and_paged(client_for, people):
    sceaux, bourg = people["sceaux"], people["bourg"]
    make_event(sceaux, "Dans cinq jours", 5, theme="ecology")
    make_event(sceaux, "Dans deux jours", 2, kind="workshop")
    make_event(sceaux, "Dans neuf jours", 9)
    make_event(sceaux, "La semaine dernière", -7)
    make_event(bourg, "À Bourg", 3)
    api = client_for(sceaux)
    titles, cursor = [], None
    while True:
        page = api.get("/api/v1/events", query_string={
            "limit": 2, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        titles += [e["title"] for e in page.json["items"]]
        cursor = page.json["next_cursor"]
        if cursor is None:
            break
    assert titles == ["Dans deux jours", "Dans cinq jours", "Dans neuf jours"]
    past = api.get("/api/v1/events?when=past").json["items"]
    assert [e["title"] for e in past] == ["La semaine dernière"]
    assert [e["title"] for e in api.get("/api/v1/events?kind=workshop").json["items"]] == [
        "Dans deux jours"]
    assert [e["title"] for e in api.get("/api/v1/events?theme=ecology").json["items"]] == [
        "Dans cinq jours"]
    # An upcoming cursor is not a cursor of the past, nor of another city.
    first = api.get("/api/v1/events?limit=1").json["next_cursor"]
    assert api.get(f"/api/v1/events?when=past&cursor={first}").status_code == 400
    assert client_for(bourg).get(f"/api/v1/events?cursor={first}").status_code == 400
    assert [e["title"] for e in client_for(bourg).get("/api/v1/events").json["items"]] == [
        "À Bourg"]


def test_an_event_with_its_seats_left_organisers_and_themes(client_for, people):
    sceaux, bourg = people["sceaux"], people["bourg"]
    event_id = make_event(sceaux, "Atelier compost", 4, capacity=2, theme="ecology",
                          organiser="Les Amis du Compost")
    api = client_for(sceaux)
    assert api.post(f"/api/v1/events/{event_id}/registration",
                    headers=people["marc"]).status_code == 201
    detail = api.get(f"/api/v1/events/{event_id}", headers=people["lea"])
    assert detail.status_code == 200
    body = detail.json
    assert body["capacity"] == 2 and body["seats_left"] == 1
    assert body["themes"] == ["ecology"]
    assert [o["name"] for o in body["organisers"]] == ["Les Amis du Compost"]
    assert body["my_registration"] is None and body["closed"] is None
    # Sceaux's token on Bourg: 401; Sceaux's event on Bourg (with Bourg's token): 404.
    other = client_for(bourg)
    assert other.get(f"/api/v1/events/{event_id}", headers=people["lea"]).status_code == 401
    missing = other.get(f"/api/v1/events/{event_id}", headers=people["bo"])
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    refused = other.post(f"/api/v1/events/{event_id}/registration", headers=people["bo"])
    assert refused.status_code == 404
    assert states(sceaux, event_id) == (["confirmed"], 1)


def test_register_cancel_and_list_ones_own_with_the_pages_rules(client_for, people):
    sceaux = people["sceaux"]
    event_id = make_event(sceaux, "Visite du potager", 6, capacity=1)
    api = client_for(sceaux)
    url = f"/api/v1/events/{event_id}/registration"
    key = {"Idempotency-Key": "inscription-1"}
    first = api.post(url, headers={**people["lea"], **key})
    assert first.status_code == 201 and first.json["state"] == "confirmed"
    replay = api.post(url, headers={**people["lea"], **key})
    assert replay.status_code == 201 and replay.json == first.json
    assert replay.headers["Idempotent-Replayed"] == "true"
    again = api.post(url, headers={**people["lea"], "Accept-Language": "en"})
    assert again.status_code == 422
    assert again.json["errors"]["event"] == "You are already registered for this event."
    assert api.post(url, headers=people["lea_read"]).status_code == 403
    assert api.post(url).status_code == 401
    waiting = api.post(url, headers=people["marc"])
    assert waiting.status_code == 201 and waiting.json["state"] == "waiting"
    mine = api.get("/api/v1/me/registrations", headers=people["lea"]).json["items"]
    assert [(r["event_title"], r["state"]) for r in mine] == [("Visite du potager",
                                                              "confirmed")]
    assert api.delete(url, headers=people["lea"]).status_code == 204
    # The seat is offered to the first person waiting, as from the page.
    assert states(sceaux, event_id) == (["cancelled", "offered"], 1)
    assert api.get(f"/api/v1/events/{event_id}", headers=people["marc"]).json[
        "my_registration"] == "offered"
    gone = api.delete(url, headers=people["lea"])
    assert gone.status_code == 422 and gone.json["errors"]["event"]
    assert api.get("/api/v1/me/registrations").status_code == 401


def test_the_last_seat_from_two_tokens_at_once_is_taken_once(client_for, people):
    sceaux = people["sceaux"]
    event_id = make_event(sceaux, "Conférence", 3, capacity=1)
    url = f"/api/v1/events/{event_id}/registration"
    clients = [client_for(sceaux), client_for(sceaux)]
    codes = all_at_once([lambda c=c, h=h: c.post(url, headers=h).status_code
                         for c, h in zip(clients, (people["lea"], people["marc"]),
                                         strict=True)])
    assert codes == [201, 201]
    registered, seats = states(sceaux, event_id)
    assert sorted(registered) == ["confirmed", "waiting"] and seats == 1
