"""Private notes: the city's facilitators and admins read them; nobody else does, nor
search, the API or open data. The audit trail: every action, its actor, before and
after, never a note's content; staff read a project's history."""

import pytest
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.facilitation.models import TrackEvent
from upcampus.search.operations import reindex_current_city
from upcampus.tenancy.context import tenant_scope

from ..conftest import post_form
from .world import QUALIFY, logged, make_world, move

NOTE = "Confidentiel-Zorglub : la banque hésite encore"


@pytest.fixture
def noted(sceaux, client_for):
    world = make_world(sceaux)
    facilitator = logged(client_for, sceaux, world.facilitator)
    move(facilitator, world.pub_id, "spotted", "")
    move(facilitator, world.pub_id, "qualified", "spotted", **QUALIFY)
    response = post_form(facilitator, f"/facilitation/projects/{world.pub_id}/notes",
                         {"body": NOTE}, page=f"/facilitation/projects/{world.pub_id}")
    assert response.status_code == 302
    return world, facilitator


def test_facilitators_and_admins_read_the_notes(noted, client_for):
    world, facilitator = noted
    assert NOTE in facilitator.get(f"/facilitation/projects/{world.pub_id}").text
    admin = logged(client_for, world.city, world.admin)
    assert NOTE in admin.get(f"/facilitation/projects/{world.pub_id}").text


def test_the_holder_does_not_read_them(noted, client_for):
    world, _ = noted
    holder = logged(client_for, world.city, world.holder)
    assert NOTE not in holder.get(f"/projects/{world.pub_id}-projet").text
    assert holder.get(f"/facilitation/projects/{world.pub_id}").status_code == 403


def test_partners_and_moderators_do_not_read_them(noted, client_for):
    world, facilitator = noted
    post_form(facilitator, f"/facilitation/projects/{world.pub_id}/accompaniments",
              {"partner_id": str(world.partner_ids[0]), "kind": "advice", "brief": "Aide"},
              page=f"/facilitation/projects/{world.pub_id}")
    partner = logged(client_for, world.city, world.partner_admins[0])
    space = partner.get(f"/organisations/{world.org_ids[0]}/accompaniments")
    assert space.status_code == 200 and "Aide" in space.text and NOTE not in space.text
    assert partner.get(f"/facilitation/projects/{world.pub_id}").status_code == 403
    moderator = logged(client_for, world.city, world.moderator)
    assert moderator.get(f"/facilitation/projects/{world.pub_id}").status_code == 403
    response = post_form(moderator, f"/facilitation/projects/{world.pub_id}/notes",
                         {"body": "moi aussi"}, page="/account")
    assert response.status_code == 403


def test_other_cities_do_not_read_them(noted, client_for, bourg, member_of):
    world, _ = noted
    other = member_of(bourg, role="admin", email="admin@bourg.test.org")
    client = logged(client_for, bourg, other)
    assert client.get(f"/facilitation/projects/{world.pub_id}").status_code == 404
    assert NOTE not in client.get("/facilitation").text


def test_search_the_api_and_open_data_do_not_hold_them(noted, client_for):
    world, facilitator = noted
    with tenant_scope(world.city):
        reindex_current_city()
    for query in ("Zorglub", "banque hésite"):  # the page repeats the query, never finds it
        assert "Comptoir" not in facilitator.get(f"/search?q={query}").text
    assert "Comptoir" in facilitator.get("/search?q=comptoir").text
    for path in (f"/api/v1/projects/{world.pub_id}",
                 "/api/v1/projects", "/open-data/projects.csv", "/open-data/projects.json",
                 "/feeds/projects.atom"):
        response = facilitator.get(path)
        assert response.status_code == 200, path
        assert "Zorglub" not in response.get_data(as_text=True), path
    assert "Le Comptoir Végétal" in facilitator.get("/open-data/projects.csv").get_data(
        as_text=True)  # the project itself is there


def test_the_audit_trail_names_actor_before_after_and_never_a_notes_content(noted,
                                                                          client_for):
    world, facilitator = noted
    with tenant_scope(world.city):
        events = db.session.execute(select(
            TrackEvent.action, TrackEvent.actor_id, TrackEvent.before, TrackEvent.after,
            TrackEvent.reason)
            .order_by(TrackEvent.id)).all()
    assert [(e.action, e.before, e.after) for e in events] == [
        ("step", "", "spotted"), ("referent", "", world.facilitator.account.display_name),
        ("step", "spotted", "qualified"), ("note", "", "written")]
    assert {e.actor_id for e in events} == {world.facilitator.id}
    assert not any("Zorglub" in (e.before + e.after + e.reason) for e in events)
    history = facilitator.get(f"/facilitation/projects/{world.pub_id}").text
    section = history[history.index('id="history"'):]
    assert "Note privée" in section and "Qualifié" in section and "Zorglub" not in section
    assert world.facilitator.account.display_name in section


def test_an_empty_or_long_note_is_refused_keeping_what_was_typed(noted):
    world, facilitator = noted
    page = f"/facilitation/projects/{world.pub_id}"
    response = post_form(facilitator, f"{page}/notes", {"body": "  "}, page=page)
    assert response.status_code == 422
    long = "x" * 5001
    response = post_form(facilitator, f"{page}/notes", {"body": long}, page=page)
    assert response.status_code == 422 and long in response.text
