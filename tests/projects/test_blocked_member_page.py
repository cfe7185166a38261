"""A member the moderators blocked reads a project page but is offered nothing they could
not do: no comment, reply, support or help form, and a note saying why."""

from datetime import timedelta

from sqlalchemy import update

from tests.conftest import log_in, post_form
from tests.factories import make_member
from tests.projects.test_projects import PROJECT, the_publication
from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.tenancy.context import tenant_scope


def test_a_blocked_member_reads_and_is_told_why_there_is_no_form(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    holder = client_for(sceaux)
    log_in(holder, "lea@example.org")
    post_form(holder, "/projects/new", {**PROJECT, "publish": "1"})
    pub_id, slug, _ = the_publication(sceaux)
    page = f"/projects/{pub_id}-{slug}"
    post_form(holder, f"/projects/{pub_id}/needs", {"kind": "resource", "resource": "funding",
                                                    "text": "Un prêt"}, page=page)
    post_form(holder, f"/projects/{pub_id}/comments", {"body": "Bienvenue"}, page=page)
    karim = make_member(sceaux, email="karim@example.org")
    reader = client_for(sceaux)
    log_in(reader, "karim@example.org")
    shown = reader.get(page).text
    assert f"/projects/{pub_id}/comments" in shown and "Je soutiens" in shown
    with tenant_scope(sceaux):
        db.session.execute(update(Membership).where(Membership.id == karim.id)
                           .values(blocked_until=utcnow() + timedelta(days=7)))
        db.session.commit()
    shown = reader.get(page).text
    assert "Bienvenue" in shown and "Un prêt" in shown  # still reads everything
    assert "vous pouvez encore lire" in shown
    for offered in (f'action="/projects/{pub_id}/comments"', "Je soutiens", "Suivre",
                    "Je peux aider", 'name="parent_id"'):
        assert offered not in shown, offered
