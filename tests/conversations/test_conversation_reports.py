"""A private message is a reportable item: the other side of the conversation reports
it from the conversation page; nobody else even finds it; the moderator reads the
reported words alone, and hiding it shows the conversation a notice instead."""

from sqlalchemy import select

from tests.conftest import post_form
from tests.factories import make_member
from upcampus.conversations.models import Message
from upcampus.core.db import db
from upcampus.moderation.models import Case
from upcampus.tenancy.context import tenant_scope

from .helpers import World, conversations_of, start


def test_the_recipient_reports_a_message_and_a_moderator_hides_it(sceaux, client_for):
    world = World(sceaux, client_for)
    start(world.client("karim"), "offer", world.offer_id, "Des mots blessants")
    [conversation] = conversations_of(sceaux)
    with tenant_scope(sceaux):
        message_id = db.session.scalar(select(Message.id))
    page = f"/messages/{conversation.id}"
    report = f"/report/message/{message_id}"
    assert report in world.client("lea").get(page).text
    assert report not in world.client("karim").get(page).text  # not one's own words
    # Anyone else, even a member of the city, finds nothing to report there.
    assert world.client("asso").get(report).status_code == 404
    assert post_form(world.client("karim"), report, {"reason": "abuse"},
                     page=page).status_code == 422
    response = post_form(world.client("lea"), report, {"reason": "abuse", "note": ""})
    assert response.status_code == 302 and response.location == f"{page}#message-{message_id}"
    with tenant_scope(sceaux):
        case = db.session.scalars(select(Case)).one()
        assert (case.kind, case.author_id, case.snapshot["text"]) == (
            "message", world.helper.id, "Des mots blessants")
        case_id = case.id

    make_member(sceaux, "moderator", email="modo@example.org")
    from tests.conftest import log_in

    moderator = client_for(sceaux)
    log_in(moderator, "modo@example.org")
    shown = moderator.get(f"/moderation/cases/{case_id}")
    assert shown.status_code == 200 and "Des mots blessants" in shown.text
    assert moderator.get(page).status_code == 404  # the conversation stays private
    decided = post_form(moderator, f"/moderation/cases/{case_id}/decide",
                        {"action": "hide", "reason": "Propos blessants"},
                        page=f"/moderation/cases/{case_id}")
    assert decided.status_code == 302
    for who in ("lea", "karim"):
        seen = world.client(who).get(page).text
        assert "Des mots blessants" not in seen
    assert "hidden by the moderators" in world.client("lea").get(page).text
