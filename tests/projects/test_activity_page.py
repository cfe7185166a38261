"""/account/activity: my publications, my offers of help with their state, the projects
I follow and support; paginated, a fixed number of queries, this city's rows only."""

from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from upcampus.core.db import db, utcnow
from upcampus.projects.models import Follow, HelpOffer, Holder, Need, Publication, Support
from upcampus.tenancy.context import tenant_scope


def add_projects(city, holder, count: int, marker: str) -> list[int]:
    """`count` published projects of `holder`, each with one open need."""
    ids = []
    with tenant_scope(city):
        for n in range(count):
            publication = Publication(kind="project", title=f"{marker} {n}",
                                      slug=f"{marker.lower()}-{n}", status="published",
                                      stage="idea", author_id=holder.id,
                                      published_at=utcnow())
            publication.holders.append(Holder(membership_id=holder.id))
            publication.needs.append(Need(kind="resource", resource="equipment"))
            db.session.add(publication)
            db.session.flush()
            ids.append(publication.id)
        db.session.commit()
    return ids


def take_part(city, me, ids):
    with tenant_scope(city):
        for pub_id in ids:
            need_id = db.session.scalar(select(Need.id).where(Need.publication_id == pub_id))
            db.session.add_all([HelpOffer(need_id=need_id, membership_id=me.id,
                                          status="accepted", message="Moi"),
                                Follow(publication_id=pub_id, membership_id=me.id),
                                Support(publication_id=pub_id, membership_id=me.id)])
        db.session.commit()


def test_my_activity_lists_what_i_do_here_only(client_for, sceaux, bourg, count_queries):
    me = make_member(sceaux, email="karim@example.org")
    other = make_member(sceaux, email="lea@example.org")
    take_part(sceaux, me, add_projects(sceaux, other, 1, "Jardin"))
    add_projects(sceaux, me, 1, "Composteur")
    there = make_member(bourg, account=me.account)
    take_part(bourg, there, add_projects(bourg, there, 1, "Bourgeois"))
    client = client_for(sceaux)
    log_in(client, "karim@example.org")
    mine = client.get("/account/activity").text
    assert "Composteur 0" in mine and "Jardin" not in mine and "Bourgeois" not in mine
    offers = client.get("/account/activity?show=offers").text
    assert "Jardin 0" in offers and "acceptée" in offers and "Bourgeois" not in offers
    for show in ("following", "supported"):
        page = client.get(f"/account/activity?show={show}").text
        assert "Jardin 0" in page and "Bourgeois" not in page
    assert client.get("/account/activity?show=secrets").status_code == 404
    assert 'href="/account/activity"' in client.get("/account").text

    counts = {}
    for size in (1, 5):
        take_part(sceaux, me, add_projects(sceaux, other, size, f"Lot{size}"))
        add_projects(sceaux, me, size, f"Mien{size}")
        for show in ("publications", "offers", "following", "supported"):
            with count_queries() as queries:
                assert client.get(f"/account/activity?show={show}").status_code == 200
            counts.setdefault(show, set()).add(queries.count)
    assert all(len(found) == 1 for found in counts.values()), counts


def test_activity_is_paginated_and_needs_a_sign_in(client_for, sceaux):
    me = make_member(sceaux, email="karim@example.org")
    add_projects(sceaux, me, 23, "Projet")
    client = client_for(sceaux)
    assert client.get("/account/activity").status_code == 302
    log_in(client, "karim@example.org")
    first = client.get("/account/activity").text
    assert first.count('class="card"') == 20 and "page=2" in first
    assert client.get("/account/activity?page=2").text.count('class="card"') == 3


def test_a_draft_can_be_finished_from_my_activity(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    post_form(client, "/projects/new", {"kind": "idea", "title": "Un banc", "stage": "idea",
                                        "description": "", "neighbourhood": "",
                                        "address": "", "draft": "1"})
    with tenant_scope(sceaux):
        pub_id = db.session.scalar(select(Publication.id))
    page = client.get("/account/activity").text
    assert f'href="/projects/{pub_id}/publish/preview"' in page and "Brouillon" in page
