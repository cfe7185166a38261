"""The board: projects by step with filters; each card says holder, open needs,
partners engaged and days in the step; no script; a fixed number of queries."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import update

from upcampus.core.db import db, utcnow
from upcampus.facilitation.models import Accompaniment, Track
from upcampus.tenancy.context import tenant_scope

from .world import logged, make_world, publication


@pytest.fixture
def world(sceaux):
    return make_world(sceaux)


def follow(city, pub_id, step, *, days=0, referent=None, engaged=()):
    with tenant_scope(city):
        track = Track(publication_id=pub_id, step=step, referent_id=referent)
        db.session.add(track)
        for partner_id in engaged:
            db.session.add(Accompaniment(publication_id=pub_id, partner_id=partner_id,
                                         kind="advice", brief="b", status="active"))
        db.session.flush()
        db.session.execute(update(Track).where(Track.id == track.id).values(
            step_since=utcnow() - timedelta(days=days)))
        db.session.commit()


def columns(html):
    soup = BeautifulSoup(html, "html.parser")
    return {section.h2["id"][4:]: [h3.get_text(strip=True) for h3 in section.find_all("h3")]
            for section in soup.select("section.board-column")}


def test_cards_by_step_with_what_the_team_needs_to_know(world, client_for):
    follow(world.city, world.pub_id, "accompanied", days=12, referent=world.facilitator.id,
           engaged=world.partner_ids)
    other = publication(world.city, world.holder, "Des visites aux aînés",
                        theme="solidarity", neighbourhood="Les Blagis", open_needs=2)
    follow(world.city, other, "qualified", days=40)
    response = logged(client_for, world.city, world.facilitator).get("/facilitation")
    html = response.text
    assert "<script" not in html  # works without JavaScript
    assert columns(html)["accompanied"] == ["Le Comptoir Végétal"]
    assert columns(html)["qualified"] == ["Des visites aux aînés"]
    card = BeautifulSoup(html, "html.parser").select_one("#col-accompanied").parent
    text = " ".join(card.get_text(" ", strip=True).split())
    assert "Holder" in text and "Partenaires engagés 2" in text
    assert "Jours à cette étape 12" in text and "Besoins ouverts 0" in text

    client = logged(client_for, world.city, world.facilitator)
    assert columns(client.get("/facilitation?theme=solidarity").text)["accompanied"] == []
    assert columns(client.get("/facilitation?neighbourhood=Les Blagis").text)[
        "qualified"] == ["Des visites aux aînés"]
    assert columns(client.get("/facilitation?neighbourhood=Centre").text)["qualified"] == []
    assert columns(client.get("/facilitation?referent=me").text)["qualified"] == []
    assert columns(client.get(f"/facilitation?referent={world.facilitator.id}").text)[
        "accompanied"] == ["Le Comptoir Végétal"]
    assert columns(client.get("/facilitation?age=30").text)["accompanied"] == []
    assert columns(client.get("/facilitation?needs=open").text)["qualified"] == [
        "Des visites aux aînés"]
    assert list(columns(client.get("/facilitation?step=qualified").text)) == ["qualified"]
    for odd in ("?age=abc", "?referent=%00", "?step=nowhere", "?theme=x" * 50, "?page=-1"):
        assert client.get("/facilitation" + odd).status_code == 200


def test_the_board_reads_a_fixed_number_of_queries(world, client_for, count_queries):
    client = logged(client_for, world.city, world.facilitator)

    def queries(path):
        client.get(path)
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    follow(world.city, world.pub_id, "spotted")
    small = [queries(p) for p in ("/facilitation", "/facilitation?step=spotted")]
    for i in range(60):
        pub_id = publication(world.city, world.holder, f"Projet {i}", open_needs=i % 2)
        follow(world.city, pub_id, ("spotted", "qualified", "accompanied")[i % 3],
               days=i, referent=world.admin.id if i % 2 else None,
               engaged=world.partner_ids[: i % 3])
    large = [queries(p) for p in ("/facilitation", "/facilitation?step=spotted")]
    assert large == small
    html = client.get("/facilitation").text
    assert len(columns(html)["spotted"]) == 20  # a column shows its first twenty
    assert "Les 21 projets à cette étape" in html
    second = client.get("/facilitation?step=spotted&page=2").text
    assert len(columns(second)["spotted"]) == 1  # 21 spotted: one on the second page
