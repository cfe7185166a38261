"""Conversations as members live them: from a help offer, with an organisation (its
admins answer), from an accompaniment, and member to member; unread counts in the header;
notifications and emails in the recipient's language; plain text; clear refusals."""

import pytest
from sqlalchemy import select, update

from tests.conftest import outbox
from tests.factories import make_member
from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.facilitation.models import Accompaniment, Partner, Track
from upcampus.notifications.models import Notification
from upcampus.tenancy.context import tenant_scope

from .helpers import World, bodies, conversations_of, reply, start


@pytest.fixture
def world(sceaux, client_for):
    return World(sceaux, client_for)


def notes_of(city, membership):
    with tenant_scope(city):
        return [(n.verb, n.title, n.url) for n in db.session.scalars(select(Notification).where(
            Notification.membership_id == membership.id).order_by(Notification.id))]


def badge(html: str) -> str | None:
    marker = 'class="messages-link">'
    if marker not in html:
        return None
    link = html.split(marker, 1)[1].split("</a>", 1)[0]
    return link.split('<span class="badge">', 1)[1].split("<", 1)[0] if "badge" in link else ""


def test_an_offer_becomes_a_conversation_with_unread_counts_and_emails(world, sceaux):
    helper, holder = world.client("karim"), world.client("lea")
    assert badge(holder.get("/messages").text) == ""  # the link, no count yet
    project = holder.get(f"/projects/{world.pub_id}-jardin").text
    assert f"/messages/new/offer/{world.offer_id}" in project  # "write to Karim"
    assert f"/messages/new/offer/{world.offer_id}" in helper.get(
        f"/projects/{world.pub_id}-jardin").text  # and back to the holders

    response = start(helper, "offer", world.offer_id, "Bonjour, je passe samedi ?")
    [conversation] = conversations_of(sceaux)
    assert response.status_code == 302 and response.location == f"/messages/{conversation.id}"
    assert (conversation.member_id, conversation.other_id) == (world.helper.id, world.holder.id)
    assert conversation.subject == "Un jardin partagé"
    # The holder hears of it: a notification, and an email at once, in English.
    url = f"http://sceaux.upcampus.test/messages/{conversation.id}"
    assert notes_of(sceaux, world.holder) == [("message", "Karim", url)]
    [email] = [e for e in outbox(sceaux) if e.to_address == "lea@example.org"]
    assert email.subject == "Karim sent you a message" and url in email.body_text
    assert "Bonjour, je passe" not in email.body_text  # the words stay on the site

    listed = holder.get("/messages").text
    assert badge(listed) == "1" and "Karim" in listed and "Un jardin partagé" in listed
    opened = holder.get(f"/messages/{conversation.id}").text
    assert "Bonjour, je passe samedi ?" in opened
    assert badge(holder.get("/messages").text) == ""  # read now
    assert reply(holder, conversation.id, "Oui, à 10 h !").status_code == 302
    assert badge(helper.get("/messages").text) == "1"
    [french] = [e for e in outbox(sceaux) if e.to_address == "karim@example.org"]
    assert french.subject == "Léa vous a envoyé un message"
    assert bodies(sceaux, conversation.id) == ["Bonjour, je passe samedi ?", "Oui, à 10 h !"]
    # Starting again from the offer opens the same conversation.
    again = helper.get(f"/messages/new/offer/{world.offer_id}")
    assert again.status_code == 302 and again.location == f"/messages/{conversation.id}"


def test_messages_are_plain_text_and_bad_input_is_refused_clearly(world, sceaux):
    helper = world.client("karim")
    start(helper, "offer", world.offer_id, "<script>alert(1)</script>\n**gras**")
    [conversation] = conversations_of(sceaux)
    page = world.client("lea").get(f"/messages/{conversation.id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "**gras**" in page and "<strong>gras" not in page
    empty = reply(helper, conversation.id, "   ")
    too_long = reply(helper, conversation.id, "x" * 5001)
    assert empty.status_code == too_long.status_code == 422
    assert "Écrivez d’abord quelque chose" in empty.text
    assert "5000" in too_long.text or "5 000" in too_long.text
    assert len(bodies(sceaux, conversation.id)) == 1


def test_an_organisation_answers_through_its_admins(world, sceaux):
    member = world.client("lea")
    page = member.get(f"/organisations/{world.organisation_id}-jardiniers").text
    assert f"/messages/new/organisation/{world.organisation_id}" in page
    start(member, "organisation", world.organisation_id, "Prêtez-vous des bêches ?")
    [conversation] = conversations_of(sceaux)
    assert conversation.organisation_id == world.organisation_id
    # Both admins are told and see it; either may answer; Léa sees the organisation.
    assert [n[0] for n in notes_of(sceaux, world.admin)] == ["message"]
    assert [n[0] for n in notes_of(sceaux, world.admin2)] == ["message"]
    assert badge(world.client("asso2").get("/messages").text) == "1"
    assert reply(world.client("asso"), conversation.id, "Oui !").status_code == 302
    assert "Les Jardiniers" in member.get("/messages").text
    assert notes_of(sceaux, world.holder)[-1][0] == "message"
    # An admin does not write to their own organisation.
    refused = start(world.client("asso"), "organisation", world.organisation_id, "Moi")
    assert refused.status_code == 422 and len(conversations_of(sceaux)) == 1


def test_a_referent_and_a_partner_talk_about_an_accompaniment(world, sceaux, client_for):
    referent = make_member(sceaux, "facilitator", email="ref@example.org")
    with tenant_scope(sceaux):
        partner = Partner(organisation_id=world.organisation_id, brings=["advice"])
        db.session.add(partner)
        db.session.flush()
        db.session.add(Track(publication_id=world.pub_id, step="accompanied",
                             referent_id=referent.id))
        accompaniment = Accompaniment(publication_id=world.pub_id, partner_id=partner.id,
                                      kind="advice", brief="b", status="active")
        db.session.add(accompaniment)
        db.session.commit()
        accompaniment_id = accompaniment.id
    partner_page = world.client("asso").get(
        f"/organisations/{world.organisation_id}/accompaniments")
    assert f"/messages/new/accompaniment/{accompaniment_id}" in partner_page.text
    start(world.client("asso"), "accompaniment", accompaniment_id, "Point d'étape ?")
    [conversation] = conversations_of(sceaux)
    assert (conversation.member_id, conversation.organisation_id) == (
        referent.id, world.organisation_id)
    assert [n[0] for n in notes_of(sceaux, referent)] == ["message"]
    # A member who is neither side finds nothing there.
    assert world.client("karim").get(
        f"/messages/new/accompaniment/{accompaniment_id}").status_code == 404
    assert world.client("karim").get(f"/messages/{conversation.id}").status_code == 404


def test_members_choose_whether_others_may_start_a_conversation(world, sceaux):
    karim = world.client("karim")
    profile = karim.get(f"/members/{world.holder.id}")
    if profile.status_code == 200:
        assert f"/messages/new/member/{world.holder.id}" in profile.text
    with tenant_scope(sceaux):
        db.session.execute(update(Membership).where(Membership.id == world.holder.id)
                           .values(open_to_messages=False))
        db.session.commit()
    refused = start(karim, "member", world.holder.id, "Coucou")
    assert refused.status_code == 422
    assert "n’accepte pas de nouvelles conversations" in refused.text
    assert conversations_of(sceaux) == []
    # Léa may still start one, and Karim may answer it; an offer thread stays open too.
    assert start(world.client("lea"), "member", world.helper.id, "Bonjour").status_code == 302
    [direct] = conversations_of(sceaux)
    assert reply(karim, direct.id, "Bonjour Léa").status_code == 302
    assert start(karim, "offer", world.offer_id, "Pour l'offre").status_code == 302
    assert len(conversations_of(sceaux)) == 2


def test_the_setting_is_in_the_account_page(world, sceaux):
    from tests.conftest import post_form

    lea = world.client("lea")
    assert 'name="open_to_messages"' in lea.get("/account").text
    response = post_form(lea, "/account/profile", {"visibility": "members"}, page="/account")
    assert response.status_code == 302
    with tenant_scope(sceaux):
        assert db.session.get(Membership, world.holder.id).open_to_messages is False
    post_form(lea, "/account/profile", {"visibility": "members", "open_to_messages": "y"},
              page="/account")
    with tenant_scope(sceaux):
        db.session.expire_all()
        assert db.session.get(Membership, world.holder.id).open_to_messages is True


def test_blocking_ends_the_conversation_both_ways(world, sceaux, bourg):
    from tests.conftest import log_in, post_form
    from tests.factories import make_member

    karim, lea = world.client("karim"), world.client("lea")
    start(karim, "offer", world.offer_id, "Bonjour")
    [conversation] = conversations_of(sceaux)
    page = f"/messages/{conversation.id}"
    # Blocking asks first (it sat one tap after "Send"): a link to a page that says what
    # it does, whose form blocks.
    shown = lea.get(page).text
    assert f'href="{page}/block"' in shown and f'action="{page}/block"' not in shown
    confirm = lea.get(f"{page}/block").text
    assert "Block Karim?" in confirm and f'action="{page}/block"' in confirm
    assert world.client("asso").get(f"{page}/block").status_code == 404  # not theirs
    make_member(bourg, email="outsider@example.org")
    outsider = world.client_for(bourg)
    log_in(outsider, "outsider@example.org")
    assert outsider.get(f"{page}/block").status_code == 404  # another city's id
    assert post_form(lea, f"{page}/block", {}, page=f"{page}/block").status_code == 302
    assert "Unblock" in lea.get(page).text  # Léa reads English
    for client, words in ((karim, "l’un de vous a bloqué"), (lea, "one of you blocked")):
        refused = reply(client, conversation.id, "Encore ?")
        assert refused.status_code == 422 and words in refused.text
    assert start(karim, "member", world.holder.id, "Autrement ?").status_code == 422
    assert bodies(sceaux, conversation.id) == ["Bonjour"]
    post_form(lea, f"{page}/unblock", {}, page=page)
    assert reply(karim, conversation.id, "Merci").status_code == 302


def test_a_blocked_writer_or_a_gone_recipient_is_refused(world, sceaux):
    from datetime import timedelta

    from upcampus.core.db import utcnow

    karim = world.client("karim")
    start(karim, "offer", world.offer_id, "Bonjour")
    [conversation] = conversations_of(sceaux)
    with tenant_scope(sceaux):  # moderators block Karim for a week
        db.session.execute(update(Membership).where(Membership.id == world.helper.id)
                           .values(blocked_until=utcnow() + timedelta(days=7)))
        db.session.commit()
    refused = reply(karim, conversation.id, "Encore")
    assert refused.status_code == 422 and "pour le moment" in refused.text
    # Nor does anyone write to Karim while he is blocked: he could not answer.
    lea = world.client("lea")
    shown = lea.get(f"/messages/{conversation.id}").text
    assert "cannot take part in the city for now" in shown  # Léa reads English
    assert 'name="body"' not in shown
    refused = reply(lea, conversation.id, "Vous êtes là ?")
    assert refused.status_code == 422 and "cannot take part in the city for now" in refused.text
    with tenant_scope(sceaux):  # Léa is suspended: nobody writes to her
        db.session.execute(update(Membership).where(Membership.id == world.helper.id)
                           .values(blocked_until=None))
        db.session.execute(update(Membership).where(Membership.id == world.holder.id)
                           .values(status="suspended"))
        db.session.commit()
    # No reply form any more, a note in its place; a reply sent anyway is refused.
    shown = karim.get(f"/messages/{conversation.id}").text
    assert "Cette personne ne peut plus recevoir de messages." in shown
    assert 'name="body"' not in shown
    refused = reply(karim, conversation.id, "Encore")
    assert refused.status_code == 422 and "ne peut plus recevoir de messages" in refused.text
    with tenant_scope(sceaux):  # she leaves the city: the conversation stays for Karim
        db.session.delete(db.session.get(Membership, world.holder.id))
        db.session.commit()
    shown = karim.get(f"/messages/{conversation.id}")
    assert shown.status_code == 200 and "Bonjour" in shown.text
    assert "Cette personne a quitté le réseau" in shown.text and 'name="body"' not in shown.text
    refused = reply(karim, conversation.id, "Encore")
    assert refused.status_code == 422 and "a quitté le réseau" in refused.text
    assert bodies(sceaux, conversation.id) == ["Bonjour"]


def test_nobody_writes_to_themselves(world, sceaux):
    assert start(world.client("lea"), "member", world.holder.id, "Moi").status_code == 422
    assert conversations_of(sceaux) == []


def test_message_is_a_kind_of_notification_immediately_by_default(world):
    page = world.client("karim").get("/account/notifications").text
    assert "Messages privés" in page
    from upcampus.notifications.kinds import KINDS

    assert KINDS["message"][1] == "immediate"
