"""The Markdown toolbar in Chromium at 375 px, under the site's content security policy:
Ctrl+B and the buttons (reached with the keyboard) act on the selection with the focus
kept in the text area; the preview shows the server's rendering, live, user markup as
text; axe finds nothing serious in either theme."""

from playwright.sync_api import expect

from upcampus.core.db import db
from upcampus.tenancy.models import Tenant

from ..factories import make_member
from .conftest import PHONE, axe_violations, fits_phone
from .test_browser import cities  # noqa: F401 - fixture
from .test_look_browser import logged_in


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_toolbar_and_live_preview_without_a_mouse(cities, live_server, new_page):  # noqa: F811
    emails = {}
    for city in cities:
        emails[city.slug] = f"redaction@{city.slug}.example.org"
        make_member(db.session.get(Tenant, city.id), email=emails[city.slug])
    db.session.remove()
    sceaux, bourg = cities
    for city, for_axe in ((sceaux, False), (sceaux, True), (bourg, True)):
        page = logged_in(new_page, live_server, city, emails[city.slug], viewport=PHONE,
                         for_axe=for_axe)
        page.goto(live_server.url(city, "/projects/new"))
        area = page.locator("#description")
        toolbar = page.get_by_role("toolbar", name="Mise en forme")
        expect(toolbar).to_be_visible()  # the script ran (under the CSP when not for axe)

        area.fill("Un jardin partagé")
        area.press("Shift+Home")
        area.press("Control+b")
        expect(area).to_have_value("**Un jardin partagé**")
        assert focused(page) == "description"

        page.keyboard.press("Shift+Tab")  # the toolbar is one Tab stop: its first button
        assert page.evaluate("document.activeElement.textContent") == "BGras"
        for _ in range(3):  # Italique, Lien, Liste à puces
            page.keyboard.press("ArrowRight")
        assert page.evaluate("document.activeElement.textContent") == "•Liste à puces"
        page.keyboard.press("Enter")
        expect(area).to_have_value("- **Un jardin partagé**")
        assert focused(page) == "description"  # back where the person writes

        toggle = toolbar.get_by_role("button", name="Aperçu")
        toggle.focus()
        page.keyboard.press("Space")
        expect(toggle).to_have_attribute("aria-pressed", "true")
        preview = page.locator("#description-preview")
        expect(preview).to_have_attribute("aria-live", "polite")
        expect(preview.locator("li strong")).to_have_text("Un jardin partagé")

        area.press("End")
        area.type("\n\n<img src=x onerror=alert(1)> _vite_")
        expect(preview.locator("em")).to_have_text("vite")  # live, after a pause
        expect(preview).to_contain_text("<img src=x onerror=alert(1)>")  # as text
        assert preview.locator("img").count() == 0
        assert fits_phone(page)
        if for_axe:
            assert axe_violations(page) == [], city.slug
