"""The facilitation story in Chromium, at desktop and phone widths: a facilitator finds a
new project from the city desk, spots it, qualifies it, and the board and the impact
report are clean for axe and fit a phone."""

import re
from types import SimpleNamespace

import pytest

from upcampus.core.db import db

from ..facilitation.world import make_world
from .conftest import DESKTOP, PHONE, axe_violations, fits_phone, screenshot
from .test_repairs_story import log_in


@pytest.fixture
def city_world(sceaux):
    world = make_world(sceaux)
    people = SimpleNamespace(facilitator=world.facilitator.account.email,
                             holder=world.holder.account.email, pub_id=world.pub_id)
    city = SimpleNamespace(id=sceaux.id, subdomain=sceaux.subdomain)
    db.session.remove()  # the live server writes too: hold no transaction open
    return city, people


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_facilitator_qualifies_a_project_and_reads_the_board_and_report(
        city_world, live_server, new_page, viewport):
    city, people = city_world
    width = "phone" if viewport == PHONE else "desktop"
    page = new_page(viewport=viewport)
    log_in(page, live_server, city, people.facilitator)
    page.goto(live_server.url(city, "/"))
    page.locator(".account-nav summary").click()  # the staff area is in the person's menu
    page.get_by_role("link", name="Espace ville").click()
    page.get_by_role("heading", name="Espace ville").wait_for()
    page.get_by_role("link", name="Le Comptoir Végétal").click()
    page.wait_for_url(re.compile(rf"/facilitation/projects/{people.pub_id}$"))

    assert page.get_by_label("Passer à l’étape").input_value() == "spotted"
    page.get_by_role("button", name="Déplacer le projet").click()
    page.get_by_text("Le projet est maintenant : Repéré.").wait_for()

    page.get_by_label("Passer à l’étape").select_option("qualified")
    page.get_by_role("button", name="Déplacer le projet").click()
    page.get_by_text("Dites pourquoi le projet est d’intérêt collectif").first.wait_for()
    page.get_by_label("Pourquoi il est d’intérêt collectif").fill(
        "Un commerce qui fait vivre le centre-ville.")
    page.get_by_label("Le besoin local auquel il répond").fill("Aucun restaurant végétal.")
    page.get_by_label("Passer à l’étape").select_option("qualified")
    page.get_by_role("button", name="Déplacer le projet").click()
    page.get_by_text("Le projet est maintenant : Qualifié.").wait_for()
    assert fits_phone(page) or viewport == DESKTOP
    screenshot(page, f"facilitation-project-{width}")

    for path, name in (("/facilitation", "board"), ("/facilitation/report", "report"),
                       ("/desk", "desk")):
        checked = new_page(viewport=viewport, for_axe=True)
        log_in(checked, live_server, city, people.facilitator)
        checked.goto(live_server.url(city, path))
        if name == "board":
            checked.get_by_role("link", name="Le Comptoir Végétal").wait_for()
        assert axe_violations(checked) == [], path
        if viewport == PHONE:
            assert fits_phone(checked), path
        screenshot(checked, f"facilitation-{name}-{width}")

    holder = new_page(viewport=viewport, for_axe=True)
    log_in(holder, live_server, city, people.holder)
    holder.goto(live_server.url(city, f"/projects/{people.pub_id}-projet"))
    holder.get_by_role("heading", name="Avec UP Sceaux").wait_for()
    assert axe_violations(holder) == []
