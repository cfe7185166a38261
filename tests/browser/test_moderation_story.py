"""Issue 16's story in Chromium: a comment reported by three residents is hidden, the
moderator hides it with a reason in the queue, the author reads why and appeals; the
moderation and account pages (account, notification settings, export) pass axe on a
375 px phone and a desktop screen."""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.moderation.models import Case
from upcampus.projects.models import Comment
from upcampus.tenancy.context import tenant_scope

from ..factories import make_member
from ..moderation.test_moderation import a_comment, a_publication
from .conftest import DESKTOP, PHONE, axe_violations, fits_phone, screenshot
from .test_repairs_story import log_in

RESIDENTS = ("lea@example.org", "marc@example.org", "zoe@example.org")


@pytest.fixture
def scene(sceaux):
    paul = make_member(sceaux, email="paul@example.org")
    holder = make_member(sceaux, email="nina@example.org")
    for email in RESIDENTS:
        make_member(sceaux, email=email)
    make_member(sceaux, role="moderator", email="mona@example.org")
    pub_id = a_publication(sceaux, holder)
    comment_id = a_comment(sceaux, pub_id, paul)
    city = SimpleNamespace(id=sceaux.id, subdomain=sceaux.subdomain)
    db.session.remove()  # the live server writes too: hold no transaction open
    return city, pub_id, comment_id


def checked(page, name: str, viewport) -> None:
    """axe finds nothing serious or critical; on a phone nothing overflows sideways."""
    assert axe_violations(page) == [], (name, axe_violations(page))
    if viewport is PHONE:
        assert fits_phone(page), name


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reported_three_times_hidden_decided_and_appealed(scene, live_server, new_page,
                                                          viewport):
    city, pub_id, comment_id = scene
    project = live_server.url(city, f"/projects/{pub_id}-un-jardin")
    for number, email in enumerate(RESIDENTS):
        page = new_page(viewport=viewport, for_axe=True)
        log_in(page, live_server, city, email)
        page.goto(project)
        page.get_by_role("link", name="Signaler", exact=True).first.click()
        page.wait_for_url(re.compile(rf"/report/comment/{comment_id}$"))
        if number == 0:
            checked(page, "report", viewport)
        page.get_by_label("Insulte ou harcèlement").check()
        page.get_by_role("button", name="Envoyer le signalement").click()
        page.get_by_text("Merci : les modérateurs du réseau vont l'examiner.").wait_for()
    with tenant_scope(city):  # three reports: hidden until reviewed
        assert db.session.get(Comment, comment_id).removed is True
        case = db.session.scalars(select(Case)).one()
        assert (case.reports_count, case.held) == (3, True)
        case_id = case.id
    db.session.remove()

    moderator = new_page(viewport=viewport, for_axe=True)
    log_in(moderator, live_server, city, "mona@example.org")
    moderator.goto(live_server.url(city, "/moderation"))
    checked(moderator, "queue", viewport)
    moderator.get_by_role("link", name=re.compile("Vous êtes tous des idiots")).click()
    moderator.wait_for_url(re.compile(rf"/moderation/cases/{case_id}$"))
    checked(moderator, "case", viewport)
    moderator.get_by_label("Le masquer (l'auteur lit le motif)").check()
    moderator.get_by_label("Motif que l'auteur lira").fill("Pas d'insultes ici.")
    moderator.get_by_role("button", name="Enregistrer la décision").click()
    moderator.wait_for_url(re.compile(r"/moderation"))
    screenshot(moderator, f"moderation-decided-{viewport['width']}")

    author = new_page(viewport=viewport, for_axe=True)
    log_in(author, live_server, city, "paul@example.org")
    author.goto(live_server.url(city, "/moderation/mine"))
    author.get_by_text("Le motif des modérateurs : Pas d'insultes ici.").wait_for()
    checked(author, "mine", viewport)
    author.get_by_label("Pourquoi contestez-vous cette décision ?").fill("C'était de l'humour.")
    author.get_by_role("button", name="Contester cette décision").click()
    author.get_by_text("Votre recours attend un autre modérateur.").wait_for()
    with tenant_scope(city):
        case = db.session.get(Case, case_id)
        assert (case.state, case.appeal_state) == ("hidden", "pending")
    db.session.remove()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_account_pages_pass_axe(scene, live_server, new_page, viewport):
    city, _pub_id, _comment_id = scene
    page = new_page(viewport=viewport, for_axe=True)
    log_in(page, live_server, city, "paul@example.org")
    for path in ("/account", "/account/notifications", "/notifications",
                 "/pages/confidentialite", "/pages/accessibilite"):
        page.goto(live_server.url(city, path))
        checked(page, path, viewport)
    page.goto(live_server.url(city, "/account"))
    page.get_by_role("button", name="Télécharger mes données").click()
    page.wait_for_url(re.compile(r"/account#export-title$"))
    checked(page, "export asked", viewport)
    screenshot(page, f"account-export-{viewport['width']}")
