"""The city desk: one entry in the header for the city's staff, the way to what each
role allows, and what needs the team now, in a fixed number of queries."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from upcampus.core.db import db, utcnow
from upcampus.facilitation.models import Accompaniment, Track
from upcampus.projects.models import HelpOffer, Need
from upcampus.tenancy.context import tenant_scope

from .world import logged, make_world, publication


@pytest.fixture
def world(sceaux):
    return make_world(sceaux)


def test_staff_find_the_desk_in_the_header_and_the_pages_their_role_allows(world,
                                                                           client_for):
    pages = {}
    for name in ("facilitator", "moderator", "admin", "member", "holder"):
        client = logged(client_for, world.city, getattr(world, name))
        home = client.get("/").text
        assert ('href="/desk"' in home) == (name in ("facilitator", "moderator", "admin"))
        response = client.get("/desk")
        pages[name] = response
    assert pages["member"].status_code == pages["holder"].status_code == 403
    facilitator, moderator, admin = (pages[n].text for n in ("facilitator", "moderator",
                                                              "admin"))
    assert "Espace ville" in facilitator
    assert 'href="/facilitation"' in facilitator and 'href="/admin/taxonomy"' in facilitator
    assert 'href="/admin/members"' not in facilitator
    assert 'href="/admin/members"' in admin and 'href="/admin/branding"' in admin
    assert 'href="/facilitation"' not in moderator and "Ce qui vous attend" not in moderator
    assert client_for(world.city).get("/desk").status_code == 302  # log in first


def age(model, row_id, column, days):
    db.session.execute(update(model).where(model.id == row_id).values(
        {column: utcnow() - timedelta(days=days)}))


def test_what_needs_the_team_now(world, client_for, member_of):
    helper = member_of(world.city, email="helper@sceaux.test.org")
    with tenant_scope(world.city):
        need = Need(publication_id=world.pub_id, kind="resource", resource="premises")
        db.session.add(need)
        db.session.flush()
        old, fresh = (HelpOffer(need_id=need.id, membership_id=m.id)
                      for m in (helper, world.member))
        db.session.add_all([old, fresh])
        db.session.flush()
        age(HelpOffer, old.id, "created_at", 8)
        followed = publication(world.city, world.holder, "Un coworking à Robinson")
        db.session.add(Track(publication_id=followed, step="accompanied"))
        quiet = Accompaniment(publication_id=followed, partner_id=world.partner_ids[0],
                              kind="advice", brief="b", status="active")
        waiting = Accompaniment(publication_id=followed, partner_id=world.partner_ids[1],
                                kind="training", brief="b")
        db.session.add_all([quiet, waiting])
        db.session.flush()
        age(Accompaniment, quiet.id, "last_news_at", 31)
        db.session.commit()
    page = logged(client_for, world.city, world.facilitator).get("/desk").text
    assert "Nouveaux projets pas encore regardés (1)" in page
    assert "Le Comptoir Végétal" in page  # not looked at yet; the coworking is followed
    assert "Propositions d’aide sans réponse depuis une semaine (1)" in page
    assert "Accompagnements sans nouvelles depuis un mois (1)" in page
    assert "Sollicitations de partenaires en attente de réponse (1)" in page
    assert page.count("Un coworking à Robinson") == 2


def test_the_desk_reads_a_fixed_number_of_queries(world, client_for, count_queries):
    client = logged(client_for, world.city, world.facilitator)

    def queries():
        client.get("/desk")  # warm: the session's first reads
        with count_queries() as counter:
            assert client.get("/desk").status_code == 200
        return counter.count

    small = queries()
    for i in range(15):
        pub_id = publication(world.city, world.holder, f"Projet {i}")
        with tenant_scope(world.city):
            if i % 2:
                db.session.add(Track(publication_id=pub_id, step="qualified"))
            db.session.add(Accompaniment(publication_id=pub_id, kind="advice", brief="b",
                                         partner_id=world.partner_ids[i % 2]))
            db.session.commit()
    assert queries() == small
