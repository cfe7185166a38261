"""What a walk on a phone found in conversations: no reply form when the other side can no
longer hear; opening a conversation (or answering an offer) reads its notifications too;
the help offer at the top of its conversation; "1 non lue"; the message email greets and
says where to read and reply."""

import pytest
from sqlalchemy import select, update

from tests.conftest import outbox, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.notifications.models import Notification
from upcampus.projects.models import HelpOffer
from upcampus.tenancy.context import tenant_scope

from .helpers import World, conversations_of, reply, start


@pytest.fixture
def world(sceaux, client_for):
    return World(sceaux, client_for)


def unread_notes(city, membership, verb):
    with tenant_scope(city):
        return list(db.session.scalars(select(Notification.about_id).where(
            Notification.membership_id == membership.id, Notification.verb == verb,
            Notification.read_at.is_(None)).order_by(Notification.id)))


def test_a_block_between_them_leaves_no_reply_form_but_a_note(world, sceaux):
    karim, lea = world.client("karim"), world.client("lea")
    start(karim, "offer", world.offer_id, "Bonjour")
    [conversation] = conversations_of(sceaux)
    page = f"/messages/{conversation.id}"
    assert 'name="body"' in karim.get(page).text
    post_form(lea, f"{page}/block", {}, page=page)
    shown = karim.get(page).text
    assert 'name="body"' not in shown and "l’un de vous a bloqué l’autre" in shown
    assert 'name="body"' not in lea.get(page).text


def test_opening_a_conversation_reads_its_message_notifications_only(world, sceaux):
    karim, lea = world.client("karim"), world.client("lea")
    start(karim, "offer", world.offer_id, "Bonjour")
    start(world.client("asso"), "member", world.holder.id, "Autre chose")
    from_offer, other = conversations_of(sceaux)
    assert unread_notes(sceaux, world.holder, "message") == [from_offer.id, other.id]
    lea.get(f"/messages/{from_offer.id}")
    # The bell agrees with the Messages badge: only the other conversation is news.
    assert unread_notes(sceaux, world.holder, "message") == [other.id]
    reply(karim, from_offer.id, "Encore moi")
    assert unread_notes(sceaux, world.holder, "message") == [other.id, from_offer.id]
    lea.get(f"/messages/{from_offer.id}")
    assert unread_notes(sceaux, world.holder, "message") == [other.id]


def test_answering_an_offer_reads_the_holders_notification_of_it(world, sceaux):
    for who in ("nina", "zoe"):
        make_member(sceaux, email=f"{who}@example.org")
        with tenant_scope(sceaux):
            need_id = db.session.scalar(select(HelpOffer.need_id))
        project = f"/projects/{world.pub_id}-jardin"
        answer = post_form(world.client(who), f"/projects/{world.pub_id}/needs/{need_id}/help",
                           {"message": f"Moi, {who}"}, page=project)
        assert answer.status_code == 302
    with tenant_scope(sceaux):
        nina_offer, zoe_offer = db.session.scalars(select(HelpOffer.id).where(
            HelpOffer.id != world.offer_id).order_by(HelpOffer.id)).all()
    assert unread_notes(sceaux, world.holder, "help_offered") == [nina_offer, zoe_offer]
    post_form(world.client("lea"), f"/projects/{world.pub_id}/offers/{nina_offer}/accept", {},
              page=f"/projects/{world.pub_id}-jardin")
    assert unread_notes(sceaux, world.holder, "help_offered") == [zoe_offer]
    post_form(world.client("lea"), f"/projects/{world.pub_id}/offers/{zoe_offer}/decline", {},
              page=f"/projects/{world.pub_id}/offers/{zoe_offer}/decline")
    assert unread_notes(sceaux, world.holder, "help_offered") == []


def test_the_offer_stands_at_the_top_of_its_conversation_for_both(world, sceaux):
    with tenant_scope(sceaux):
        db.session.execute(update(HelpOffer).where(HelpOffer.id == world.offer_id).values(
            message="J'ai des <b>outils</b>"))
        db.session.commit()
    start(world.client("karim"), "offer", world.offer_id, "Bonjour")
    [conversation] = conversations_of(sceaux)
    for who, words in (("karim", "a proposé son aide pour le besoin « Matériel »"),
                       ("lea", "offered help on the need “Equipment”")):
        page = world.client(who).get(f"/messages/{conversation.id}").text
        offer = page.split('id="offer-title"', 1)[1].split("</section>", 1)[0]
        assert words in offer and "(Outils)" in offer
        assert "J&#39;ai des &lt;b&gt;outils&lt;/b&gt;" in offer and "<b>outils" not in offer
        assert ("Karim a proposé" if who == "karim" else "Karim offered") in offer
    # A conversation started elsewhere shows no offer.
    start(world.client("karim"), "member", world.holder.id, "Direct")
    direct = conversations_of(sceaux)[1]
    assert 'id="offer-title"' not in world.client("karim").get(f"/messages/{direct.id}").text


def test_screen_readers_hear_one_unread_in_the_singular(world, sceaux):
    lea, karim = world.client("lea"), world.client("karim")
    start(lea, "member", world.helper.id, "Un")
    page = karim.get("/projects").text
    assert '1<span class="visually-hidden"> non lue</span>' in page  # messages and bell
    assert "non lues" not in page
    start(world.client("asso"), "member", world.helper.id, "Deux")
    assert '2<span class="visually-hidden"> non lues</span>' in karim.get("/projects").text
    reply(karim, conversations_of(sceaux)[0].id, "Hello")
    assert '1<span class="visually-hidden"> unread</span>' in lea.get("/projects").text


def test_the_message_email_greets_and_says_where_to_read_and_reply(world, sceaux):
    start(world.client("karim"), "offer", world.offer_id, "Bonjour")
    [conversation] = conversations_of(sceaux)
    url = f"http://sceaux.upcampus.test/messages/{conversation.id}"
    [email] = [e for e in outbox(sceaux) if e.to_address == "lea@example.org"]
    assert email.body_text.startswith("Hello Léa,\n")
    assert f"Read and reply: {url}" in email.body_text
    assert "Hello Léa," in email.body_html
    assert f'Read and reply: <a href="{url}">' in email.body_html
    reply(world.client("lea"), conversation.id, "Oui")
    [french] = [e for e in outbox(sceaux) if e.to_address == "karim@example.org"]
    assert french.body_text.startswith("Bonjour Karim,\n")
    assert f"Lire et répondre : {url}" in french.body_text
    assert f'Lire et répondre : <a href="{url}">' in french.body_html
