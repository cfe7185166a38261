"""A member the moderators blocked cannot answer, so nobody is offered to write to them:
their profile has no "Write a message" link and the new-message page says why at once."""

from datetime import timedelta

from sqlalchemy import update

from tests.conftest import csrf_from
from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.tenancy.context import tenant_scope

from .helpers import World, conversations_of


def test_nobody_starts_writing_to_a_blocked_member(sceaux, client_for):
    world = World(sceaux, client_for)
    karim = world.client("karim")
    profile = f"/members/{world.holder.id}"
    assert "/messages/new/member/" in karim.get(profile).text  # Léa may be written to
    with tenant_scope(sceaux):  # the moderators block Léa for a week
        db.session.execute(update(Membership).where(Membership.id == world.holder.id)
                           .values(blocked_until=utcnow() + timedelta(days=7)))
        db.session.commit()
    assert "/messages/new/member/" not in karim.get(profile).text
    page = karim.get(f"/messages/new/member/{world.holder.id}").text
    assert "ne peut pas participer au réseau pour le moment" in page
    assert 'name="body"' not in page
    sent = karim.post(f"/messages/new/member/{world.holder.id}",
                      data={"csrf_token": csrf_from(page), "body": "Bonjour"})
    assert sent.status_code == 422 and "ne peut pas participer" in sent.text
    assert conversations_of(sceaux) == []
