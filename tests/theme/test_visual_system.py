"""The visual system: colour roles readable on any city colour, one button hierarchy,
sentence-case titles, the development style guide."""

import re
from pathlib import Path

import pytest

from tests.conftest import log_in
from tests.factories import make_member
from upcampus.core.look import initials
from upcampus.core.settings import REPO_ROOT
from upcampus.tenancy.branding import colour_roles, contrast, readable_on

CSS = REPO_ROOT / "themes" / "default" / "static" / "css" / "main.css"
UP_CSS = REPO_ROOT / "themes" / "up" / "static" / "up.css"


@pytest.mark.parametrize("background", ["#1d4f91", "#767676", "#7f7f7f", "#808080", "#ffd700",
                                        "#777777", "#00ff00", "#000000", "#ffffff", "#e60073",
                                        "#7a3b00", "#76b900"])
def test_text_on_any_colour_reaches_aa(background):
    text = readable_on(background)
    assert contrast(text, background) >= 4.5
    # The better of white and dark text.
    other = "#ffffff" if text != "#ffffff" else "#1b1b1b"
    assert contrast(text, background) >= contrast(other, background)


def test_light_brand_colours_get_dark_text():
    assert readable_on("#ffd700") == "#1b1b1b"
    assert readable_on("#1d4f91") == "#ffffff"
    roles = colour_roles({"primary": "#5b2a86", "secondary": "#f5c400"})
    assert roles["on-primary"] == "#ffffff" and roles["on-accent"] == "#1b1b1b"
    for background in ("primary", "accent", "primary-soft"):
        assert contrast(roles[background], roles["on-" + background]) >= 4.5


def test_unreadable_branding_falls_back_to_the_default_colours():
    roles = colour_roles({"primary": "red;}</style>", "secondary": ""})
    assert roles["primary"] == "#1d4f91" and roles["accent"] == "#7a3b00"


def test_city_pages_carry_their_colour_roles(client_for, two_cities):
    sceaux, bourg = two_cities
    html = client_for(sceaux).get("/").text
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    primary = re.search(r"--primary: (#[0-9a-f]{6})", style).group(1)
    on_primary = re.search(r"--on-primary: (#[0-9a-f]{6})", style).group(1)
    assert primary == sceaux.branding["primary"]
    assert contrast(primary, on_primary) >= 4.5
    assert sceaux.branding["primary"] not in client_for(bourg).get("/").text


def test_no_submit_is_primary_by_default_and_no_uppercase_titles():
    for path in (CSS, UP_CSS):
        css = path.read_text()
        assert "button[type=submit]:not(.link-button)" not in css
        assert "uppercase" not in css
    css = CSS.read_text()
    for role in (".button.primary", ".button.quiet", ".button.danger", ".badge", ".notice",
                 ".empty-state", ".card", "--step-1", "--space-4"):
        assert role in css


def _buttons(html):
    return re.findall(r"<(?:button|a)\b[^>]*class=\"([^\"]*)\"[^>]*>\s*([^<]*)", html)


def test_the_main_action_is_primary_the_others_are_not(client_for, sceaux):
    client = client_for(sceaux)
    login = client.get("/login", headers={"Accept-Language": "fr"}).text
    assert ("primary", "Se connecter") in [(c, t.strip()) for c, t in _buttons(login)]
    projects = client.get("/projects").text
    filter_button = re.search(r"<button type=\"submit\"([^>]*)>Filtrer", projects).group(1)
    assert "primary" not in filter_button
    # The header's call to action is "Publier", the one primary link of the header.
    header = projects.split("</header>")[0]
    primaries = [t.strip() for c, t in _buttons(header) if "primary" in c.split()]
    assert primaries == ["Publier"]


def test_removing_and_refusing_are_not_primary(client_for, sceaux):
    """A danger or secondary action never takes the primary look."""
    templates = REPO_ROOT / "platform" / "upcampus"
    news = (templates / "national/templates/national/news_show.html").read_text()
    assert '_("Delete"), action_form, "button danger"' in news
    tokens = (templates / "api/templates/api/tokens.html").read_text()
    assert '_("Revoke"), revoke_form, "button danger"' in tokens
    for path in templates.glob("*/templates/**/*.html"):
        text = path.read_text()
        for label in ("Decline", "Not this time", "Stop following", "Suspend", "Delete"):
            assert not re.search(rf'class="[^"]*primary[^"]*">\{{\{{ _\("{label}"\)', text), path


def test_styleguide_is_served_in_development_only(client_for, sceaux, make_app):
    assert client_for(sceaux).get("/styleguide").status_code == 404
    dev = make_app(STYLEGUIDE=True)
    client = dev.test_client()
    client.host = f"{sceaux.subdomain}.upcampus.test"
    page = client.get("/styleguide", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    for component in ('class="primary"', 'class="quiet"', 'class="danger"', "badge success",
                      "notice warning", "empty-state", "placeholder", sceaux.branding["primary"]):
        assert component in page.text
    # The national site has one too, in the default colours.
    client.host = "upcampus.test"
    assert "#1d4f91" in client.get("/styleguide").text


def test_development_settings_turn_the_styleguide_on():
    assert "styleguide = true" in (REPO_ROOT / "config" / "development.toml").read_text()
    assert "styleguide" not in (REPO_ROOT / "config" / "production.toml").read_text()


def test_initials_skip_small_words():
    assert initials("Les Jardins de Sceaux") == "JS"
    assert initials("jeanne dupuis") == "JD"
    assert initials("Bourg-la-Reine") == "BR"
    assert initials("Une boîte à livres") == "BL"
    assert initials("") == "?" and initials("«  »") == "?"


def test_design_notes_describe_the_system():
    text = Path(REPO_ROOT / "docs" / "design.md").read_text()
    for part in ("Type scale", "Spacing", "Colour roles", "Buttons", "/styleguide"):
        assert part in text


def test_signed_in_header_menu(client_for, sceaux):
    make_member(sceaux, role="admin", email="admin@example.org")
    client = client_for(sceaux)
    log_in(client, "admin@example.org")
    header = client.get("/", headers={"Accept-Language": "en"}).text.split("</header>")[0]
    assert '<details class="menu">' in header
    for link in ('href="/account"', 'href="/admin/members"', 'href="/notifications"',
                 "Log out", 'action="/search"'):
        assert link in header
