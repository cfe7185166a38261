"""The look, measured in Chromium: the key pages of both themes, in French and English,
at 1280 px and 375 px, have no serious or critical axe violation, no horizontal overflow
on a phone, a header on one line on a desk and folded into a menu on a phone. Screenshots
(JPEG, French) land in screenshots/ for a person to look at."""

import pytest

from upcampus.core.db import db

from ..factories import PASSWORD, make_member
from .conftest import DESKTOP, PHONE, axe_violations, fits_phone, screenshot
from .test_browser import cities, content  # noqa: F401 - fixtures

CITY_PAGES = [("home", "/"), ("projects", "/projects"), ("project", "PROJECT"),
              ("publish", "/projects/new"), ("account", "/account"),
              ("admin-members", "/admin/members")]


def logged_in(new_page, live_server, city, email, **options):
    page = new_page(**options)
    page.goto(live_server.url(city, "/login"))
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


@pytest.fixture
def admins(cities):  # noqa: F811
    from upcampus.tenancy.models import Tenant

    emails = {}
    for city in cities:
        emails[city.slug] = f"admin@{city.slug}.example.org"
        make_member(db.session.get(Tenant, city.id), role="admin", email=emails[city.slug])
    db.session.remove()
    return emails


def header_lines(page) -> int:
    """How many rows the header's visible items take: a row starts below the last one."""
    return page.evaluate("""() => {
        const boxes = [...document.querySelectorAll('.header-row > *')]
            .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect())
            .sort((a, b) => a.top - b.top);
        let rows = 0, bottom = -1;
        for (const box of boxes) {
            if (box.top >= bottom - 2) { rows += 1; bottom = box.bottom; }
            else { bottom = Math.max(bottom, box.bottom); }
        }
        return rows;
    }""")


def header_overlaps(page) -> bool:
    """Whether the city's name, the menu and the tools of the header run into each other
    (a name that does not fit overflows its box: its text is measured, not the box)."""
    return page.evaluate("""() => {
        const parts = ['.header-row .brand-name', '.header-row > .main-nav',
                       '.header-row > .header-tools']
            .map(s => document.querySelector(s))
            .filter(e => e && e.offsetParent !== null).map(e => e.getBoundingClientRect())
            .sort((a, b) => a.left - b.left);
        return parts.some((box, i) => i > 0 && parts[i - 1].right > box.left + 1);
    }""")


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_key_pages_look_right_in_both_themes(cities, content, admins, live_server,  # noqa: F811
                                             new_page, locale):
    failures = {}
    for city in cities:
        for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = logged_in(new_page, live_server, city, admins[city.slug], locale=locale,
                             viewport=viewport, for_axe=True)
            for name, path in CITY_PAGES:
                url = live_server.url(city, content[city.slug] if path == "PROJECT" else path)
                response = page.goto(url)
                assert response.status < 400, url
                problems = axe_violations(page)
                if problems:
                    failures[f"{city.slug} {locale} {viewport_name} {path}"] = problems
                if viewport_name == "phone" and not fits_phone(page):
                    failures[f"{city.slug} {locale} phone {path}"] = "wider than 375 px"
                if viewport_name == "desktop" and header_lines(page) != 1:
                    failures[f"{city.slug} {locale} desktop {path}"] = "header on 2 lines"
                if viewport_name == "desktop" and header_overlaps(page):
                    failures[f"{city.slug} {locale} desktop {path}"] = "header overlaps"
                if locale == "fr-FR":
                    screenshot(page, f"look-{city.slug}-{name}-{viewport_name}")
    assert not failures, failures


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_national_home_and_visitors_header(cities, live_server, new_page, locale):  # noqa: F811
    failures = {}
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(locale=locale, viewport=viewport, for_axe=True)
        for city in ("upcampus.test", cities[0], cities[1]):
            page.goto(live_server.url(city, "/"))
            label = city if isinstance(city, str) else city.slug
            if problems := axe_violations(page):
                failures[f"{label} {viewport_name}"] = problems
            if viewport_name == "phone" and not fits_phone(page):
                failures[f"{label} phone"] = "wider than 375 px"
            if viewport_name == "desktop" and header_lines(page) != 1:
                failures[f"{label} desktop"] = "header on 2 lines"
            if viewport_name == "desktop" and header_overlaps(page):
                failures[f"{label} desktop"] = "header overlaps"
        if locale == "fr-FR":
            page.goto(live_server.url("upcampus.test", "/"))
            screenshot(page, f"look-national-home-{viewport_name}")
    assert not failures, failures


def test_phone_menu_opens_without_script(cities, live_server, new_page):  # noqa: F811
    page = new_page(viewport=PHONE)
    page.goto(live_server.url(cities[1], "/"))
    menu = page.locator(".nav-menu .main-nav")
    assert not menu.is_visible() and page.locator("header .header-cta").is_visible()
    page.locator(".nav-menu > summary").click()
    assert menu.is_visible()
    assert page.locator("#menu-search").is_visible()
    page.locator("#menu-search").fill("livres")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=livres")
