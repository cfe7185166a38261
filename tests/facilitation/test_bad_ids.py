"""Ids typed into the city desk's forms that name nothing (too large for any row): a
clear message, never a 500, nothing written."""

import pytest

from ..conftest import post_form
from .world import QUALIFY, logged, make_world, move, track

HUGE = "99999999999999999999"  # beyond any integer key of SQLite or PostgreSQL


@pytest.fixture
def world(sceaux):
    return make_world(sceaux)


@pytest.fixture
def facilitator(world, client_for):
    return logged(client_for, world.city, world.facilitator)


def test_a_huge_referent_is_refused_when_qualifying_and_when_changing(world, facilitator):
    move(facilitator, world.pub_id, "spotted", "")
    response = move(facilitator, world.pub_id, "qualified", "spotted", referent_id=HUGE,
                    **QUALIFY)
    assert response.status_code == 422
    assert "Choisissez un référent" in response.text
    assert track(world.city, world.pub_id).step == "spotted"

    move(facilitator, world.pub_id, "qualified", "spotted", **QUALIFY)
    response = post_form(facilitator, f"/facilitation/projects/{world.pub_id}/referent",
                         {"referent_id": HUGE}, page=f"/facilitation/projects/{world.pub_id}",
                         follow_redirects=True)
    assert response.status_code == 200
    assert "Choisissez un référent" in response.text
    assert track(world.city, world.pub_id).referent_id == world.facilitator.id


def test_a_huge_partner_or_organisation_is_refused(world, facilitator):
    move(facilitator, world.pub_id, "spotted", "")
    move(facilitator, world.pub_id, "qualified", "spotted", **QUALIFY)
    page = f"/facilitation/projects/{world.pub_id}"
    response = post_form(facilitator, f"{page}/accompaniments",
                         {"partner_id": HUGE, "kind": "advice", "brief": "Un conseil."},
                         page=page)
    assert response.status_code == 422
    assert "Choisissez un partenaire dans la liste" in response.text

    response = post_form(facilitator, "/facilitation/partners/new",
                         {"organisation_id": HUGE, "brings": "advice"})
    assert response.status_code == 422
    assert "Choisissez une organisation dans la liste" in response.text
