"""In a real browser (Debian's Chromium, driven by Playwright): the story of a project
told end to end, and the accessibility of the key pages of both themes in both languages,
on a desktop and at 375 px. Screenshots land in screenshots/ for a person to look at."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from upcampus.core.db import db, utcnow
from upcampus.projects.models import HelpOffer, Holder, Need, Publication
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant

from ..conftest import link_in, outbox
from ..factories import PASSWORD, make_member
from .conftest import (
    DESKTOP,
    PHONE,
    axe_violations,
    fits_phone,
    publish_through_the_flow,
    screenshot,
)


@pytest.fixture
def cities(two_cities):
    """UP Sceaux in Mouvement UP's theme, Bourg-la-Reine in the default one."""
    sceaux, bourg = two_cities
    db.session.get(Tenant, sceaux.id).theme = "up"
    db.session.commit()
    plain = tuple(SimpleNamespace(id=c.id, slug=c.slug, subdomain=c.subdomain)
                  for c in (sceaux, bourg))
    db.session.remove()  # the live server writes too: hold no transaction open
    return plain


def sign_up(page, live_server, city, name: str, email: str) -> None:
    page.goto(live_server.url(city, "/signup"))
    page.get_by_label("Votre nom").fill(name)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("J'accepte la charte et les conditions d'utilisation").check()
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url(re.compile(r"/signup/sent$"))
    # Signing up ends with the link of the confirmation email, which logs the person in.
    email = next(e for e in outbox() if e.to_address == email)
    page.goto(live_server.url(city, link_in(email, "/verify/")))
    page.wait_for_url(re.compile(r"/account$"))


def test_a_project_from_idea_to_filled_need(cities, live_server, new_page):
    sceaux, _ = cities
    holder = new_page()
    sign_up(holder, live_server, sceaux, "Léa Benali", "lea@example.org")
    screenshot(holder, "account-desktop")
    holder.goto(live_server.url(sceaux, "/projects/new"))
    holder.get_by_label("Titre").fill("Un jardin partagé aux Blagis")
    holder.get_by_label("Description").fill("Des planches de potager pour le quartier.")
    holder.get_by_label("Écologie et environnement").check()
    publish_through_the_flow(holder)
    holder.wait_for_url(re.compile(r"/projects/\d+-un-jardin-partage-aux-blagis$"))
    project_url = holder.url
    holder.get_by_label("Compétence", exact=True).select_option(label="Jardinage")
    holder.get_by_label("En quelques mots").fill("Des jardiniers pour démarrer.")
    holder.get_by_role("button", name="Ajouter le besoin").click()
    holder.get_by_text("Le besoin est ajouté.").wait_for()
    screenshot(holder, "project-holder-desktop")

    helper = new_page(viewport=PHONE)
    sign_up(helper, live_server, sceaux, "Karim Saïdi", "karim@example.org")
    helper.goto(project_url)
    helper.get_by_label("Votre message aux porteurs").fill("J'ai des graines et du temps.")
    helper.get_by_role("button", name="Je peux aider").click()
    helper.get_by_text("Les porteurs sont prévenus").wait_for()
    screenshot(helper, "project-helper-phone")
    assert fits_phone(helper)

    holder.reload()
    holder.get_by_role("button", name="Accepter").click()
    holder.get_by_text("La proposition est acceptée.").wait_for()
    holder.get_by_label("État").select_option(label="Pourvu")
    holder.get_by_role("button", name="Modifier").first.click()
    holder.get_by_text("Le besoin est mis à jour.").wait_for()
    assert holder.get_by_role("heading", name="Contributeurs").is_visible()
    screenshot(holder, "project-filled-desktop")

    with tenant_scope(sceaux):
        need = db.session.scalars(select(Need)).one()
        assert need.state == "filled"
        assert [o.status for o in db.session.scalars(select(HelpOffer))] == ["accepted"]
        assert db.session.scalars(select(Publication.status)).one() == "published"
    db.session.remove()


@pytest.fixture
def content(cities):
    """A member and a project with a need, in each city."""
    pages = {}
    for city in cities:
        member = make_member(city, email=f"resident@{city.slug}.example.org",
                             visibility="public", bio="Habitante du quartier.")
        with tenant_scope(city):
            publication = Publication(kind="project", title="Une boîte à livres",
                                      slug="une-boite-a-livres", status="published",
                                      stage="idea", author_id=member.id,
                                      description="Échanger des livres au marché.",
                                      published_at=utcnow(), open_needs_count=1)
            publication.holders.append(Holder(membership_id=member.id))
            publication.needs.append(Need(kind="resource", resource="equipment",
                                          text="Une vieille armoire"))
            db.session.add(publication)
            db.session.commit()
            pages[city.slug] = f"/projects/{publication.id}-une-boite-a-livres"
    db.session.remove()
    return pages


KEY_PAGES = ["/", "/projects", "PROJECT", "/members", "/organisations", "/signup", "/login",
             "/search?q=livres", "/password/reset", "/pages/a-propos", "/open-data"]


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_key_pages_are_accessible_in_both_themes(cities, content, live_server, new_page,
                                                 locale):
    failures = {}
    for city in cities:
        for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page = new_page(locale=locale, viewport=viewport, for_axe=True)
            for path in KEY_PAGES:
                url = live_server.url(city, content[city.slug] if path == "PROJECT" else path)
                response = page.goto(url)
                assert response.status < 400 or path == "/pages/a-propos", url
                problems = axe_violations(page)
                if problems:
                    failures[f"{city.slug} {viewport_name} {path}"] = problems
                if viewport_name == "phone" and not fits_phone(page):
                    failures[f"{city.slug} phone {path}"] = "wider than 375 px"
                if path in ("/", "PROJECT", "/projects"):
                    name = "project" if path == "PROJECT" else path.strip("/") or "home"
                    screenshot(page, f"{city.slug}-{name}-{locale[:2]}-{viewport_name}")
    assert not failures, failures


def test_the_account_page_is_accessible_when_logged_in(cities, live_server, new_page):
    sceaux, _ = cities
    page = new_page(for_axe=True)
    sign_up(page, live_server, sceaux, "Inès Moreau", "ines@example.org")
    assert axe_violations(page) == []
    # Changing the password once killed the server process; this device stays signed in.
    page.get_by_label("Mot de passe actuel").fill(PASSWORD)
    page.get_by_label("Nouveau mot de passe").fill("a brand new passphrase")
    page.get_by_role("button", name="Changer mon mot de passe").click()
    page.get_by_text("Votre nouveau mot de passe est enregistré.").wait_for()
    page.reload()
    assert page.get_by_role("heading", name="Votre compte").is_visible()


def test_keyboard_reaches_the_content_first(cities, live_server, new_page):
    sceaux, _ = cities
    page = new_page()
    page.goto(live_server.url(sceaux, "/"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-48px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_the_accessibility_check_does_find_problems(new_page):
    page = new_page(for_axe=True)
    page.set_content('<html><body><img src="x.png"><p style="color:#ccc">Pâle</p>'
                     '<input type="text"></body></html>')
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= found
