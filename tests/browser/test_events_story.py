"""Events as people meet them in Chromium: the team publishes a conference, a resident
registers in one click and finds it in the calendar link, the organiser checks people in
on a phone; the agenda, the event page and check-in are axe-clean at desktop and phone
width and fit a 375 px screen."""

import re
from types import SimpleNamespace

import pytest

from tests.events.helpers import local
from upcampus.core.db import db

from ..factories import make_member
from .conftest import DESKTOP, PHONE, axe_violations, fits_phone, screenshot
from .test_repairs_story import log_in


@pytest.fixture
def sceaux_people(sceaux):
    make_member(sceaux, role="facilitator", email="animation@example.org")
    make_member(sceaux, role="member", email="lea@example.org")
    city = SimpleNamespace(id=sceaux.id, subdomain=sceaux.subdomain)
    db.session.remove()  # the live server writes too: hold no transaction open
    return city


def test_publish_register_and_check_in(sceaux_people, live_server, new_page):
    city = sceaux_people
    team = new_page()
    log_in(team, live_server, city, "animation@example.org")
    team.goto(live_server.url(city, "/events/new"))
    team.get_by_label("Titre", exact=True).fill("Conférence : la ville en transition")
    team.get_by_label("Début", exact=True).fill(local(9, 18, 30))
    team.get_by_label("Fin", exact=True).fill(local(9, 20, 0))
    team.get_by_label("Lieu", exact=True).fill("Les Gémeaux")
    team.get_by_label("Adresse", exact=True).fill("49 avenue Georges Clemenceau, Sceaux")
    team.get_by_label("Nombre de places").fill("2")
    team.get_by_role("button", name="Publier").click()
    team.wait_for_url(re.compile(r"/events/\d+-"))
    event_url = team.url
    event_id = re.search(r"/events/(\d+)-", event_url).group(1)

    resident = new_page(viewport=PHONE)
    log_in(resident, live_server, city, "lea@example.org")
    resident.goto(event_url)
    resident.get_by_role("button", name="M’inscrire", exact=True).click()
    resident.wait_for_url(event_url)
    assert "Vous êtes inscrit·e" in resident.content()
    assert resident.get_by_role("link", name="Ajouter à mon agenda (.ics)").count() == 1
    assert fits_phone(resident)

    door = new_page(viewport=PHONE)
    log_in(door, live_server, city, "animation@example.org")
    door.goto(live_server.url(city, f"/events/{event_id}/check-in"))
    door.get_by_label("Trouver une personne").fill("lea")
    door.locator("form.check-in-search button").click()
    door.get_by_role("button", name=re.compile("Pointer")).click()
    door.wait_for_load_state()
    assert "Présent·es : 1 sur 1" in door.content()
    assert fits_phone(door)
    screenshot(door, "events-check-in-phone")

    for viewport, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        for path in ("/events", event_url.split(str(live_server.port), 1)[1],
                     f"/events/{event_id}/check-in"):
            page = new_page(viewport=viewport, for_axe=True)
            log_in(page, live_server, city, "animation@example.org")
            page.goto(live_server.url(city, path))
            assert axe_violations(page) == [], (path, suffix)
            if viewport is PHONE:
                assert fits_phone(page), path
        screenshot(page, f"events-agenda-{suffix}")
