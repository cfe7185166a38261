"""Open data of events: the events dataset (CSV UTF-8 with BOM and `;`, JSON), in the
national aggregate, and the Atom feed of a city's upcoming events; never who registered,
never another city's events."""

import csv
import io
import json

from defusedxml.ElementTree import fromstring

from tests.conftest import post_form
from tests.events.helpers import create, events_of, member_client, staff_client
from tests.events.test_outcomes import held

ATOM = "{http://www.w3.org/2005/Atom}"


def rows(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def agenda(client_for, two_cities):
    sceaux, bourg = two_cities
    _, staff = staff_client(client_for, sceaux)
    create(staff, title="Conférence ; climat", capacity="")
    create(staff, title="=Atelier formule")
    create(staff, title="Conférence passée")
    _, other = staff_client(client_for, bourg)
    create(other, title="Rencontre à Bourg")
    upcoming, formula, past = events_of(sceaux)
    held(sceaux, past.id)
    _, member = member_client(client_for, sceaux, "registrant@sceaux.example.org")
    post_form(member, f"/events/{upcoming.id}/register", {},
              page=f"/events/{upcoming.id}-{upcoming.slug}")
    return staff, upcoming


def test_the_events_dataset_of_a_city(client_for, two_cities):
    sceaux, bourg = two_cities
    _, upcoming = agenda(client_for, two_cities)
    response = client_for(sceaux).get("/open-data/events.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    found = rows(response.data)
    assert [r["title"] for r in found] == ["Conférence passée", "Conférence ; climat",
                                           "'=Atelier formule"]
    first = found[1]
    assert first["kind"] == "conference" and first["status"] == "published"
    assert first["starts_at"].endswith(("+01:00", "+02:00"))  # the city's local time
    assert first["url"] == f"http://sceaux.upcampus.test/events/{upcoming.id}-{upcoming.slug}"
    assert b"registrant" not in response.data
    document = json.loads(client_for(sceaux).get("/open-data/events.json").data)
    assert document["dataset"] == "events" and document["count"] == 3
    assert "Rencontre à Bourg" not in json.dumps(document, ensure_ascii=False)
    bourg_rows = rows(client_for(bourg).get("/open-data/events.csv").data)
    assert [r["title"] for r in bourg_rows] == ["Rencontre à Bourg"]
    assert "events.csv" in client_for(sceaux).get("/open-data").text


def test_the_national_aggregate_holds_every_citys_events(national, client_for, two_cities):
    agenda(client_for, two_cities)
    found = rows(national.get("/open-data/events.csv").data)
    assert {(r["city"], r["title"]) for r in found} >= {
        ("Sceaux", "Conférence ; climat"), ("Bourg-la-Reine", "Rencontre à Bourg")}


def test_the_atom_feed_of_upcoming_events(client_for, two_cities, national):
    sceaux, bourg = two_cities
    staff, upcoming = agenda(client_for, two_cities)
    formula = events_of(sceaux)[1]
    post_form(staff, f"/events/{formula.id}/cancel", {}, page=f"/events/{formula.id}/edit")
    response = client_for(sceaux).get("/feeds/events.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = fromstring(response.data)
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Conférence ; climat"]  # not the past one, not the cancelled one
    assert root.find(f"{ATOM}id").text == "http://sceaux.upcampus.test/feeds/events.atom"
    bourg_titles = [e.find(f"{ATOM}title").text for e in fromstring(
        client_for(bourg).get("/feeds/events.atom").data).findall(f"{ATOM}entry")]
    assert bourg_titles == ["Rencontre à Bourg"]
    assert national.get("/feeds/events.atom").status_code == 404
    assert 'href="/feeds/events.atom"' in client_for(sceaux).get("/events").text
