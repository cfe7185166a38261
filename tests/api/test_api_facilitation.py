"""/api/v1/facilitation/ for the city's team only: the board's data with its filters, a
project's track, history and accompaniments (never a private note, in any answer), and
the pipeline's move, a stale expected step being a 409 problem."""

import json

import pytest

from tests.api.test_api import bearer, token_for
from tests.facilitation.world import QUALIFY, make_world, publication, track
from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.facilitation.accompaniments import ask_partner
from upcampus.facilitation.operations import add_note
from upcampus.projects.models import Publication
from upcampus.tenancy.context import tenant_scope

NOTE = "Note privée : le porteur hésite, ne pas ébruiter"


@pytest.fixture
def team(two_cities):
    sceaux, bourg = two_cities
    world = make_world(sceaux)
    other = make_world(bourg, "bourg")
    return {"world": world, "other": other, "sceaux": sceaux, "bourg": bourg,
            "facilitator": bearer(token_for(sceaux, world.facilitator)[1]),
            "admin": bearer(token_for(sceaux, world.admin)[1]),
            "member": bearer(token_for(sceaux, world.member)[1]),
            "holder": bearer(token_for(sceaux, world.holder)[1]),
            "bourg_token": bearer(token_for(bourg, other.facilitator)[1])}


def step(api, pub_id, headers, target, expected, **fields):
    return api.post(f"/api/v1/facilitation/projects/{pub_id}/step", headers=headers,
                    json={"step": target, "expected": expected, **fields})


def test_only_the_citys_team_reads_and_moves(client_for, team):
    sceaux, bourg, world = team["sceaux"], team["bourg"], team["world"]
    api = client_for(sceaux)
    urls = ("/api/v1/facilitation/projects", f"/api/v1/facilitation/projects/{world.pub_id}")
    for who in ("member", "holder"):
        for url in urls:
            answer = api.get(url, headers=team[who])
            assert answer.status_code == 403 and answer.mimetype == "application/problem+json"
        assert step(api, world.pub_id, team[who], "spotted", "").status_code == 403
    for url in urls:
        assert api.get(url).status_code == 401  # nobody
        # another city's token
        assert api.get(url, headers=team["bourg_token"]).status_code == 401
    assert step(api, world.pub_id, team["bourg_token"], "spotted", "").status_code == 401
    assert track(sceaux, world.pub_id) is None
    # Sceaux's team asking for Bourg's project: not found.
    bourg_pub = team["other"].pub_id
    assert api.get(f"/api/v1/facilitation/projects/{bourg_pub}",
                   headers=team["facilitator"]).status_code == 404
    assert step(api, bourg_pub, team["facilitator"], "spotted", "").status_code == 404
    assert track(bourg, bourg_pub) is None
    assert api.get(urls[0], headers=team["admin"]).status_code == 200


def test_the_board_says_step_referent_and_days_with_the_boards_filters(client_for, team):
    sceaux, world = team["sceaux"], team["world"]
    api = client_for(sceaux)
    second = publication(sceaux, world.holder, "Repair café", theme=None, open_needs=1)
    assert step(api, world.pub_id, team["facilitator"], "spotted", "").status_code == 200
    moved = step(api, world.pub_id, team["facilitator"], "qualified", "spotted", **QUALIFY)
    assert moved.status_code == 200, moved.text
    assert moved.json["track"]["step"] == "qualified"
    assert step(api, second, team["admin"], "spotted", "").status_code == 200
    board = api.get("/api/v1/facilitation/projects", headers=team["facilitator"]).json
    cards = {c["title"]: c for c in board["items"]}
    assert cards["Le Comptoir Végétal"]["step"] == "qualified"
    assert cards["Le Comptoir Végétal"]["referent"]["id"] == world.facilitator.id
    assert cards["Le Comptoir Végétal"]["days_in_step"] == 0
    assert cards["Repair café"]["referent"] is None

    def titles(**filters):
        return [c["title"] for c in api.get("/api/v1/facilitation/projects",
                                            query_string=filters,
                                            headers=team["facilitator"]).json["items"]]

    assert titles(step="spotted") == ["Repair café"]
    assert titles(referent="me") == ["Le Comptoir Végétal"]
    assert titles(needs="open") == ["Repair café"]
    assert titles(theme="ecology") == ["Le Comptoir Végétal"]
    assert titles(age="7") == []
    first = api.get("/api/v1/facilitation/projects?limit=1", headers=team["facilitator"]).json
    rest = api.get("/api/v1/facilitation/projects", headers=team["facilitator"],
                   query_string={"limit": 1, "cursor": first["next_cursor"]}).json
    assert [c["title"] for c in first["items"] + rest["items"]] == ["Repair café",
                                                                    "Le Comptoir Végétal"]


def test_a_stale_expected_step_is_a_409_and_changes_nothing(client_for, team):
    sceaux, world = team["sceaux"], team["world"]
    api = client_for(sceaux)
    assert step(api, world.pub_id, team["facilitator"], "spotted", "").status_code == 200
    stale = step(api, world.pub_id, team["admin"], "spotted", "")
    assert stale.status_code == 409
    assert stale.mimetype == "application/problem+json"
    assert stale.json["type"].endswith("#problem-conflict") and stale.json["errors"]["step"]
    skipped = step(api, world.pub_id, team["admin"], "realised", "spotted")
    assert skipped.status_code == 422 and skipped.json["errors"]["step"]
    unknown = step(api, world.pub_id, team["admin"], "qualified", "spotted", admin=True)
    assert unknown.status_code == 422 and "admin" in unknown.json["errors"]
    assert track(sceaux, world.pub_id).step == "spotted"
    read_only = bearer(token_for(sceaux, world.facilitator, scope="read")[1])
    assert step(api, world.pub_id, read_only, "qualified", "spotted",
                **QUALIFY).status_code == 403


def test_private_notes_never_appear_in_any_api_answer(client_for, team):
    sceaux, world = team["sceaux"], team["world"]
    api = client_for(sceaux)
    step(api, world.pub_id, team["facilitator"], "spotted", "")
    step(api, world.pub_id, team["facilitator"], "qualified", "spotted", **QUALIFY)
    with tenant_scope(sceaux):
        publication_ = db.session.get(Publication, world.pub_id)
        facilitator = db.session.get(Membership, world.facilitator.id)
        add_note(publication_, facilitator.account, facilitator, NOTE)
        ask_partner(publication_, facilitator.account, facilitator, {
            "partner_id": world.partner_ids[0], "kind": "advice", "brief": "Un conseil"})
    detail = api.get(f"/api/v1/facilitation/projects/{world.pub_id}",
                     headers=team["facilitator"])
    assert detail.status_code == 200
    body = detail.json
    assert [a["partner"]["name"] for a in body["accompaniments"]] == [
        "Service du développement économique"]
    assert "note" in [e["action"] for e in body["history"]]  # written, never what it says
    assert body["track"]["interest"] == QUALIFY["interest"]
    answers = [detail]
    for headers in (team["facilitator"], team["admin"], team["holder"], team["member"], {}):
        for url in ("/api/v1/facilitation/projects",
                    f"/api/v1/facilitation/projects/{world.pub_id}",
                    f"/api/v1/projects/{world.pub_id}", "/api/v1/projects",
                    f"/api/v1/projects/{world.pub_id}/needs"):
            answers.append(api.get(url, headers=headers))
    answers.append(step(api, world.pub_id, team["admin"], "accompanied", "qualified"))
    assert answers[-1].status_code == 200
    for answer in answers:
        text = answer.get_data(as_text=True)
        assert NOTE not in text and json.dumps(NOTE)[1:-1] not in text
