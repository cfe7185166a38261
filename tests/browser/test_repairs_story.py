"""The repairs of issue 8, as a person meets them in Chromium: saving a project untouched
keeps its themes, a double click supports once, a password change keeps the person
signed in, a city's words with markup and '%' show as typed."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.projects.models import Publication, Support
from upcampus.tenancy.context import tenant_scope

from ..factories import PASSWORD, make_member
from .conftest import PHONE, fits_phone, publish_through_the_flow, screenshot


def log_in(page, live_server, city, email: str, password: str = PASSWORD) -> None:
    page.goto(live_server.url(city, "/login"))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/account$|/$"))


@pytest.fixture
def sceaux_people(sceaux):
    for role, email in (("member", "lea@example.org"), ("admin", "maire@example.org")):
        make_member(sceaux, role=role, email=email)
    city = SimpleNamespace(id=sceaux.id, subdomain=sceaux.subdomain)
    db.session.remove()  # the live server writes too: hold no transaction open
    return city


def test_edit_untouched_double_click_and_password_change(sceaux_people, live_server,
                                                         new_page):
    city = sceaux_people
    page = new_page(viewport=PHONE)
    log_in(page, live_server, city, "lea@example.org")
    page.goto(live_server.url(city, "/projects/new"))
    page.get_by_label("Titre").fill("Une grainothèque au marché")
    page.get_by_label("Écologie et environnement").check()
    page.get_by_label("Solidarité").check()
    publish_through_the_flow(page)
    page.wait_for_url(re.compile(r"/projects/\d+-une-grainotheque-au-marche$"))
    project_url = page.url

    # Opened and saved untouched: both themes are still ticked, and still saved.
    page.get_by_role("link", name="Modifier").click()
    assert page.get_by_label("Solidarité").is_checked()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text("Vos modifications sont enregistrées.").wait_for()
    with tenant_scope(city):
        publication = db.session.scalars(select(Publication)).one()
        assert len(publication.themes) == 2
    db.session.remove()

    # "Je soutiens" clicked in two tabs at once counts once.
    page.goto(project_url)
    second_tab = page.context.new_page()
    second_tab.goto(project_url)
    for tab in (page, second_tab):
        tab.get_by_role("button", name="Je soutiens").click(no_wait_after=True)
    for tab in (page, second_tab):
        tab.get_by_role("button", name="Je retire mon soutien").wait_for()
    page.get_by_text("1 soutien", exact=True).wait_for()
    with tenant_scope(city):
        assert len(db.session.scalars(select(Support)).all()) == 1
    db.session.remove()

    # A new password: the page answers, the person stays signed in, the new one works.
    page.goto(live_server.url(city, "/account"))
    page.get_by_label("Mot de passe actuel").fill(PASSWORD)
    page.get_by_label("Nouveau mot de passe").fill("un tout nouveau secret 2026")
    page.get_by_role("button", name="Changer mon mot de passe").click()
    page.get_by_text("Votre nouveau mot de passe est enregistré.").wait_for()
    screenshot(page, "password-changed-phone")
    page.goto(live_server.url(city, "/account"))
    assert page.get_by_role("button", name="Changer mon mot de passe").is_visible()
    other = new_page()
    log_in(other, live_server, city, "lea@example.org", "un tout nouveau secret 2026")
    assert "/login" not in other.url


def test_a_citys_words_show_as_typed(sceaux_people, live_server, new_page):
    city = sceaux_people
    page = new_page()
    log_in(page, live_server, city, "maire@example.org")
    page.goto(live_server.url(city, "/admin/words"))
    page.locator('input[name="fr-0"]').fill('<img src=x onerror="alert(1)"> 100% Scéens')
    page.get_by_role("button", name="Enregistrer les mots").click()
    page.get_by_text("Les mots de ce réseau sont enregistrés.").wait_for()
    visitor = new_page()
    visitor.goto(live_server.url(city, "/members"))
    heading = visitor.get_by_role("heading", level=1)
    assert heading.inner_text() == '<img src=x onerror="alert(1)"> 100% Scéens'
    assert visitor.locator("img[src=x]").count() == 0
    screenshot(visitor, "words-as-text-desktop")


def test_long_words_and_admin_tables_stay_within_a_phone(sceaux_people, live_server,
                                                        new_page):
    city = sceaux_people
    page = new_page(viewport=PHONE)
    log_in(page, live_server, city, "maire@example.org")
    page.goto(live_server.url(city, "/projects/new"))
    page.get_by_label("Titre").fill("Supercalifragilisticexpialidocious" * 3)
    page.get_by_label("Description").fill("https://example.org/" + "chemin-tres-long/" * 12)
    publish_through_the_flow(page)
    page.wait_for_url(re.compile(r"/projects/\d+-"))
    page.get_by_label("Votre commentaire").fill("Voir https://example.org/" + "x" * 150)
    page.get_by_role("button", name="Commenter").click()
    page.wait_for_load_state()
    assert fits_phone(page), page.url
    page.goto(live_server.url(city, "/admin/members"))
    assert fits_phone(page)
