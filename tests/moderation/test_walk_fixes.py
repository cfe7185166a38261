"""What a tester found walking moderation on a phone: the deciding moderator offered
appeal buttons that refuse, authors never told in the app, kinds read as verbs, a queue
table breaking mid-word, and a comment hidden for review reading as removed for good."""

from html import unescape

import pytest
from sqlalchemy import select

from tests.conftest import post_form
from tests.moderation.test_moderation import (
    a_comment,
    a_publication,
    decide,
    report,
    signed_in,
    the_case,
)
from upcampus.core.db import db
from upcampus.notifications.models import Notification
from upcampus.tenancy.context import tenant_scope


@pytest.fixture
def scene(client_for, sceaux):
    """Léa's publication, Paul's rude comment on it, and the city's moderator."""
    lea, lea_client = signed_in(client_for, sceaux, "lea@example.org")
    paul, paul_client = signed_in(client_for, sceaux, "paul@example.org")
    pub_id = a_publication(sceaux, lea)
    _, moderator = signed_in(client_for, sceaux, "modo@example.org", "moderator")
    return {"lea": lea_client, "paul": paul_client, "paul_member": paul, "pub_id": pub_id,
            "comment_id": a_comment(sceaux, pub_id, paul), "moderator": moderator}


def hidden_and_appealed(scene, sceaux):
    report(scene["lea"], "comment", scene["comment_id"])
    case = the_case(sceaux)
    decide(scene["moderator"], case.id, "hide", "Pas d'insultes ici.")
    post_form(scene["paul"], f"/moderation/mine/{case.id}/appeal",
              {"note": "C'était de l'humour."}, page="/moderation/mine")
    assert the_case(sceaux).appeal_state == "pending"
    return case


def test_the_deciding_moderator_is_told_someone_else_reviews_the_appeal(
        scene, client_for, sceaux):
    case = hidden_and_appealed(scene, sceaux)
    page = unescape(scene["moderator"].get(f"/moderation/cases/{case.id}").text)
    assert "C'était de l'humour." in page
    assert "Maintenir la décision" not in page and "L'annuler" not in page
    assert f"/moderation/cases/{case.id}/appeal/uphold" not in page
    assert "un autre modérateur ou un administrateur du réseau doit examiner" in page
    _, admin = signed_in(client_for, sceaux, "admin@example.org", "admin")
    other = unescape(admin.get(f"/moderation/cases/{case.id}").text)
    assert "Maintenir la décision" in other and "doit examiner le recours" not in other


def test_a_reporter_moderator_is_told_why_they_cannot_decide(scene, sceaux):
    report(scene["moderator"], "comment", scene["comment_id"])
    case = the_case(sceaux)
    page = unescape(scene["moderator"].get(f"/moderation/cases/{case.id}").text)
    assert "Enregistrer la décision" not in page
    assert "Vous avez signalé ce contenu" in page


def notifications_of(city, membership_id):
    with tenant_scope(city):
        return [(n.kind, n.verb, n.url, n.title) for n in db.session.scalars(
            select(Notification).where(Notification.membership_id == membership_id))]


def test_the_author_is_notified_in_the_app_and_finds_the_decisions_from_the_account(
        scene, client_for, sceaux):
    paul_id = scene["paul_member"].id
    assert "/moderation/mine" not in scene["paul"].get("/account").text
    report(scene["lea"], "comment", scene["comment_id"])
    case = the_case(sceaux)
    decide(scene["moderator"], case.id, "warn", "Restez courtois.")
    [(kind, verb, url, title)] = notifications_of(sceaux, paul_id)
    assert (kind, verb) == ("moderation", "moderation_decision")
    assert url.endswith("/moderation/mine") and title == "Vous êtes tous des idiots"
    inbox = unescape(scene["paul"].get("/notifications").text)
    assert "Une décision de modération sur ce que vous avez écrit" in inbox
    assert url in inbox
    account = unescape(scene["paul"].get("/account").text)
    assert "Décisions de modération me concernant" in account
    assert 'href="/moderation/mine"' in account
    assert "/moderation/mine" not in scene["lea"].get("/account").text  # no case of hers
    english = scene["paul"].get("/notifications", headers={"Accept-Language": "en"}).text
    assert "A moderation decision about what you wrote" in unescape(english)
    # The appeal's review reaches the author the same way.
    post_form(scene["paul"], f"/moderation/mine/{case.id}/appeal", {"note": "Humour."},
              page="/moderation/mine")
    _, admin = signed_in(client_for, sceaux, "admin@example.org", "admin")
    post_form(admin, f"/moderation/cases/{case.id}/appeal/uphold", {"reason": ""},
              page=f"/moderation/cases/{case.id}")
    verbs = sorted(v for _k, v, _u, _t in notifications_of(sceaux, paul_id))
    assert verbs == ["moderation_appeal", "moderation_decision"]


def test_kinds_read_as_nouns_and_the_queue_reads_on_a_phone(scene, sceaux):
    comment_id = scene["comment_id"]
    form = unescape(scene["lea"].get(f"/report/comment/{comment_id}").text)
    assert "Vous signalez : un commentaire." in form and "commenter." not in form
    english = unescape(scene["lea"].get(f"/report/comment/{comment_id}",
                                        headers={"Accept-Language": "en"}).text)
    assert "You report: a comment." in english
    report(scene["lea"], "comment", comment_id)
    case = the_case(sceaux)
    queue = unescape(scene["moderator"].get("/moderation").text)
    assert "Un commentaire — Vous êtes tous des idiots" in queue
    assert "Commenter" not in queue
    assert "<table" not in queue  # cards: nothing to squeeze into columns at 375 px
    assert f"Dossier n° {case.id} · 1 signalement" in queue
    shown = unescape(scene["moderator"].get(f"/moderation/cases/{case.id}").text)
    assert "<h1>Un commentaire</h1>" in shown
    # An appeal to review says what its number is.
    decide(scene["moderator"], case.id, "hide", "Pas d'insultes ici.")
    post_form(scene["paul"], f"/moderation/mine/{case.id}/appeal", {"note": "Humour."},
              page="/moderation/mine")
    appeals = unescape(scene["moderator"].get("/moderation").text)
    assert f"Un commentaire — Vous êtes tous des idiots</a> · dossier n° {case.id}" in appeals


def test_a_comment_hidden_for_review_says_so_and_tells_its_author_why(
        scene, client_for, sceaux):
    comment_id, pub_page = scene["comment_id"], f"/projects/{scene['pub_id']}-un-jardin"
    for i in range(3):
        report(signed_in(client_for, sceaux, f"voisin{i}@example.org")[1], "comment",
               comment_id)
    assert the_case(sceaux).held
    for client in (client_for(sceaux), scene["lea"]):
        page = unescape(client.get(pub_page).text)
        assert "Ce commentaire est masqué le temps que les modérateurs l'examinent." in page
        assert "a été retiré" not in page and "/moderation/mine" not in page
    own = unescape(scene["paul"].get(pub_page).text)
    assert "masqué le temps que les modérateurs l'examinent" in own
    assert "Il a été signalé ou contient un mot surveillé" in own
    assert 'href="/moderation/mine"' in own
    mine = unescape(scene["paul"].get("/moderation/mine").text)
    assert "Vous êtes tous des idiots" in mine and "Plusieurs personnes l'ont signalé." in mine
    assert "Contester cette décision" not in mine  # nothing decided yet
    assert "Décisions de modération me concernant" in unescape(
        scene["paul"].get("/account").text)
    # Once decided, it says the moderators hid it.
    decide(scene["moderator"], the_case(sceaux).id, "hide", "Pas d'insultes ici.")
    after = unescape(scene["lea"].get(pub_page).text)
    assert "Ce commentaire a été masqué par les modérateurs." in after
