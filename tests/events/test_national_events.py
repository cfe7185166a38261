"""National events: national editors publish them on the national site; they show on
every city's agenda and home, marked national, in the visitor's language; a city's team
hides one from its own agenda only; the national agenda adds the city events opened to
all. A city admin publishes none."""

import re

from sqlalchemy import select

from tests.conftest import csrf_from, log_in, post_form
from tests.events.helpers import create, events_of, local, member_client, staff_client
from tests.factories import make_account, make_member
from tests.threads import all_at_once
from upcampus.core.db import db
from upcampus.events.models import HiddenNationalEvent, NationalEvent
from upcampus.tenancy.context import across_tenants


def editor(client):
    make_account("editor@example.org", national_role="editor")
    log_in(client, "editor@example.org")
    return client


def national_fields(**changes):
    return {"title_fr": "UP Conf' nationale", "title_en": "National UP Conf'",
            "description_fr": "Deux jours **ensemble**.", "description_en": "Two days.",
            "kind": "conference", "starts_at": local(20, 9, 0), "ends_at": local(20, 18, 0),
            "place_name": "La Bellevilloise", "address": "19-21 rue Boyer, Paris", **changes}


def publish(national, **changes) -> int:
    response = post_form(national, "/national-events/new", national_fields(**changes))
    assert response.status_code == 302, response.text
    return int(re.search(r"/national-events/(\d+)", response.location).group(1))


def test_a_national_event_shows_on_every_citys_agenda_and_home_in_their_language(
        national, client_for, two_cities):
    sceaux, bourg = two_cities
    event_id = publish(editor(national))
    for city in (sceaux, bourg):
        agenda = client_for(city).get("/events")
        assert "UP Conf&#39; nationale" in agenda.text and "Nationa" in agenda.text
        assert f"/national-events/{event_id}" in agenda.text
        assert "UP Conf&#39; nationale" in client_for(city).get("/").text
    english = client_for(bourg).get("/events", headers={"Accept-Language": "en"})
    assert "National UP Conf&#39;" in english.text
    page = client_for(sceaux).get(f"/national-events/{event_id}")
    assert page.status_code == 200 and "<strong>ensemble</strong>" in page.text
    assert "UP Conf&#39; nationale" in national.get("/").text
    assert "UP Conf&#39; nationale" in national.get("/agenda").text


def test_bad_input_national_events(national, client_for, sceaux):
    client = editor(national)
    backwards = post_form(client, "/national-events/new", national_fields(
        ends_at=local(20, 8, 0)))
    assert backwards.status_code == 422 and "La Bellevilloise" in backwards.text
    past = post_form(client, "/national-events/new", national_fields(
        starts_at=local(-2, 9, 0), ends_at=local(-2, 10, 0)))
    assert past.status_code == 422
    untitled = post_form(client, "/national-events/new", national_fields(title_fr=""))
    assert untitled.status_code == 422
    assert db.session.scalars(select(NationalEvent)).all() == []


def test_a_city_admin_cannot_publish_a_national_event(national, client_for, sceaux):
    _, admin = staff_client(client_for, sceaux, "admin", email="admin@sceaux.example.org")
    log_in(national, "admin@sceaux.example.org")
    assert national.get("/national-events/new").status_code == 403
    refused = post_form(national, "/national-events/new", national_fields(),
                        page="/agenda")
    assert refused.status_code == 403
    # And not from the city's host either: the page is national only.
    assert admin.get("/national-events/new").status_code == 404
    assert db.session.scalars(select(NationalEvent)).all() == []


def test_a_city_hides_a_national_event_for_itself_only(national, client_for, two_cities):
    sceaux, bourg = two_cities
    event_id = publish(editor(national))
    _, member = member_client(client_for, sceaux, "m@sceaux.example.org")
    assert post_form(member, f"/national-events/{event_id}/hide", {},
                     page=f"/national-events/{event_id}").status_code == 403
    _, staff = staff_client(client_for, sceaux)
    hidden = post_form(staff, f"/national-events/{event_id}/hide", {},
                       page=f"/national-events/{event_id}")
    assert hidden.status_code == 302
    # Twice is once.
    post_form(staff, f"/national-events/{event_id}/hide", {}, page=f"/national-events/{event_id}")
    with across_tenants():
        rows = db.session.scalars(select(HiddenNationalEvent)).all()
        assert [(r.tenant_id, r.national_event_id) for r in rows] == [(sceaux.id, event_id)]
    visitor = client_for(sceaux)
    assert "UP Conf&#39; nationale" not in visitor.get("/events").text
    assert "UP Conf&#39; nationale" not in visitor.get("/").text
    assert visitor.get(f"/national-events/{event_id}").status_code == 404
    assert "UP Conf&#39; nationale" in client_for(bourg).get("/events").text
    assert client_for(bourg).get(f"/national-events/{event_id}").status_code == 200
    assert "UP Conf&#39; nationale" in national.get("/agenda").text
    # The other city's staff cannot undo it: their click acts on their own city.
    _, other = staff_client(client_for, bourg)
    post_form(other, f"/national-events/{event_id}/show", {}, page=f"/national-events/{event_id}")
    assert visitor.get(f"/national-events/{event_id}").status_code == 404
    shown = post_form(staff, f"/national-events/{event_id}/show", {},
                      page=f"/national-events/{event_id}")
    assert shown.status_code == 302
    assert "UP Conf&#39; nationale" in visitor.get("/events").text


def test_the_national_agenda_adds_city_events_opened_to_all(national, client_for, two_cities):
    sceaux, bourg = two_cities
    _, staff = staff_client(client_for, sceaux)
    assert create(staff, title="Ouverte à tous", open_to_all="y").status_code == 302
    assert create(staff, title="Entre Scéens").status_code == 302
    assert create(staff, title="Ouverte puis annulée", open_to_all="y").status_code == 302
    cancelled = events_of(sceaux)[2]
    post_form(staff, f"/events/{cancelled.id}/cancel", {}, page=f"/events/{cancelled.id}/edit")
    agenda = national.get("/agenda").text
    assert "Ouverte à tous" in agenda and "http://sceaux.upcampus.test/events/" in agenda
    assert "Entre Scéens" not in agenda and "Ouverte puis annulée" not in agenda
    # The city events stay the city's own: the other city's agenda does not list them.
    assert "Ouverte à tous" not in client_for(bourg).get("/events").text


def test_a_national_event_page_is_national_only_for_writing(national, client_for, sceaux):
    event_id = publish(editor(national))
    _, staff = staff_client(client_for, sceaux)
    assert staff.get(f"/national-events/{event_id}/edit").status_code == 404
    assert client_for(sceaux).get("/national-events/999999").status_code == 404
    assert national.post(f"/national-events/{event_id}/hide").status_code in (400, 404)


def test_hiding_clicked_many_times_at_once_hides_once(national, client_for, sceaux):
    event_id = publish(editor(national))
    make_member(sceaux, "facilitator", email="fac@sceaux.example.org")
    clients = [client_for(sceaux) for _ in range(5)]
    for c in clients:
        log_in(c, "fac@sceaux.example.org")
    tokens = [csrf_from(c.get(f"/national-events/{event_id}").text) for c in clients]
    codes = all_at_once([
        lambda c=c, t=t: c.post(f"/national-events/{event_id}/hide",
                                data={"csrf_token": t}).status_code
        for c, t in zip(clients, tokens, strict=True)])
    assert codes == [302] * 5
    with across_tenants():
        assert len(db.session.scalars(select(HiddenNationalEvent)).all()) == 1
