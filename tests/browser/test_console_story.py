"""In a real browser: Mouvement UP's platform admin signs in once on the national site,
opens the console (axe-clean on a desktop and at 375 px) and enters a city as staff
without typing a password there."""

import re
from unittest import mock

from upcampus.core.db import db

from ..conftest import BASE_DOMAIN
from ..factories import PASSWORD, make_account
from .conftest import DESKTOP, PHONE, axe_violations, fits_phone, screenshot
from .test_browser import cities  # noqa: F401 - the fixture


def test_platform_admin_signs_in_once_and_enters_a_city(cities, live_server,  # noqa: F811
                                                         new_page, app):
    sceaux, _bourg = cities
    admin = make_account("platform@example.org", "Mouvement UP")
    admin.is_platform_admin = True
    db.session.commit()
    db.session.remove()
    # Links between hosts carry the port the live server listens on.
    with mock.patch.dict(app.config, {"PUBLIC_PORT": live_server.port}):
        page = new_page(for_axe=True)
        page.goto(live_server.url(BASE_DOMAIN, "/login"))
        page.get_by_label("Adresse e-mail").fill("platform@example.org")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.locator(".account-nav summary").click()  # the staff area is in the person's menu
        page.get_by_role("link", name="Console").click()
        page.wait_for_url(re.compile(r"/console$"))
        assert page.get_by_role("heading", name="Console : tous les réseaux de villes").is_visible()
        failures = {}
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            for path in ("/console", f"/console/cities/{sceaux.slug}", "/console/cities/new",
                         "/console/audit", "/console/roles", "/console/taxonomy/theme"):
                page.goto(live_server.url(BASE_DOMAIN, path))
                problems = axe_violations(page)
                if problems:
                    failures[f"{name} {path}"] = problems
                if name == "phone" and not fits_phone(page):
                    failures[f"phone {path}"] = "wider than 375 px"
            screenshot(page, f"console-{name}")
        assert not failures, failures
        # Enter UP Sceaux as staff: no password asked, no membership needed.
        page.goto(live_server.url(BASE_DOMAIN, f"/console/cities/{sceaux.slug}"))
        page.get_by_role("link", name="Entrer dans UP Sceaux comme équipe").click()
        page.wait_for_url(re.compile(rf"sceaux\.{BASE_DOMAIN}:\d+/admin/members$"))
        assert page.get_by_role("heading", name="Gérer les membres").is_visible()
