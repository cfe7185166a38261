"""Putting people in touch, in Chromium at phone width: a resident offers help on a
project, the holder answers in a conversation, and each sees their counts change in the
header (the bell, the messages); the pages are clean for axe and fit a phone."""

import re
from types import SimpleNamespace

import pytest

from upcampus.core.db import db

from ..factories import make_member
from ..notifications.test_notifications import publication_of
from .conftest import PHONE, axe_violations, fits_phone, screenshot
from .test_repairs_story import log_in


@pytest.fixture
def garden(sceaux):
    holder = make_member(sceaux, email="lea@example.org")
    make_member(sceaux, email="karim@example.org")
    pub_id, slug, _need_id = publication_of(sceaux, holder)
    city = SimpleNamespace(id=sceaux.id, subdomain=sceaux.subdomain)
    db.session.remove()  # the live server writes too: hold no transaction open
    return city, f"/projects/{pub_id}-{slug}"


def badge(page, css: str) -> str:
    found = page.locator(f"{css} .badge")
    return found.text_content().split()[0] if found.count() else ""


def test_a_resident_offers_help_and_the_holder_answers_in_a_conversation(
        garden, live_server, new_page):
    city, project = garden
    karim = new_page(viewport=PHONE, for_axe=True)
    log_in(karim, live_server, city, "karim@example.org")
    karim.goto(live_server.url(city, project))
    karim.get_by_label("Votre message aux porteurs").fill("J'ai une brouette et des outils.")
    karim.get_by_role("button", name="Je peux aider").click()
    karim.get_by_text("Vous avez proposé votre aide.").wait_for()

    lea = new_page(viewport=PHONE, for_axe=True)
    log_in(lea, live_server, city, "lea@example.org")
    lea.goto(live_server.url(city, project))
    assert badge(lea, "a.bell") == "1"  # help offered: the bell counts it
    lea.get_by_role("link", name="Écrire à Karim").click()
    lea.get_by_label("Votre message").fill("Merci Karim !\nSamedi 10 h au jardin ?")
    lea.get_by_role("button", name="Envoyer").click()
    lea.wait_for_url(re.compile(r"/messages/\d+$"))
    lea.get_by_role("heading", name="Conversation avec Karim").wait_for()
    assert axe_violations(lea) == [] and fits_phone(lea)
    screenshot(lea, "conversation-phone")

    karim.goto(live_server.url(city, "/"))
    assert badge(karim, "a.messages-link") == "1"
    assert badge(karim, "a.bell") == "1"  # and the notification of the message
    karim.get_by_role("link", name=re.compile("^Messages")).click()
    karim.get_by_role("heading", name="Messages", exact=True).wait_for()
    assert axe_violations(karim) == [] and fits_phone(karim)
    screenshot(karim, "messages-phone")
    karim.get_by_role("link", name="Lea").click()
    karim.get_by_text("Samedi 10 h au jardin ?").wait_for()
    assert badge(karim, "a.messages-link") == ""  # read now
    karim.get_by_label("Votre message").fill("Parfait, à samedi.")
    karim.get_by_role("button", name="Envoyer").click()
    karim.get_by_text("Parfait, à samedi.").wait_for()

    lea.goto(live_server.url(city, "/messages"))
    assert badge(lea, "a.messages-link") == "1"
