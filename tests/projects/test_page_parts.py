"""What a project page says of itself. It asks about its optional parts (themes, the events
it was born at, the city’s track, its credit) in one statement and shows those it has; an
idea at the idea stage says so once."""

from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from tests.projects.test_projects import PROJECT, code_id
from upcampus.core.db import db
from upcampus.projects.models import Publication
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import tenant_scope

PART_TABLES = ("publication_themes", "event_outcomes",
               "facilitation_tracks", "replications")


def test_one_statement_says_which_parts_a_page_has_and_those_it_has_show(
        client_for, sceaux, count_queries):
    make_member(sceaux, email="lea@example.org")
    holder = client_for(sceaux)
    log_in(holder, "lea@example.org")
    post_form(holder, "/projects/new", {**PROJECT, "publish": "1",
                                        "themes": [code_id(Theme, "ecology")]})
    post_form(holder, "/projects/new", {**PROJECT, "title": "Une boîte à livres",
                                        "publish": "1"})
    with tenant_scope(sceaux):
        themed, bare = [(p.id, p.slug) for p in db.session.scalars(
            select(Publication).order_by(Publication.id))]

    for client in (client_for(sceaux), holder):  # a visitor, then a member
        page = client.get(f"/projects/{themed[0]}-{themed[1]}").text
        assert "Écologie et environnement" in page
        with count_queries() as counter:
            page = client.get(f"/projects/{bare[0]}-{bare[1]}").text
        assert "Une boîte à livres" in page and "Écologie et environnement" not in page
        asking = [s for s in counter.statements if any(t in s for t in PART_TABLES)]
        assert len(asking) == 1 and all(t in asking[0] for t in PART_TABLES)
        # Its images: the publication's own row says it has none.
        assert not [s for s in counter.statements if s.startswith("SELECT publication_images")]


def test_an_idea_at_the_idea_stage_says_idea_once(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    holder = client_for(sceaux)
    log_in(holder, "lea@example.org")
    post_form(holder, "/projects/new", {**PROJECT, "kind": "idea", "publish": "1"})
    post_form(holder, "/projects/new", {**PROJECT, "title": "Une boîte à livres",
                                        "kind": "project", "publish": "1"})
    post_form(holder, "/projects/new", {**PROJECT, "title": "Un banc", "kind": "wish",
                                        "publish": "1"})
    listing = client_for(sceaux).get("/projects").text
    assert "Idée · À l’état d’idée" not in listing and "Projet · À l’état d’idée" in listing
    assert "Envie · À l’état d’idée" not in listing and "Envie" in listing
    with tenant_scope(sceaux):
        idea = db.session.scalars(select(Publication).where(Publication.kind == "idea")).one()
        path = f"/projects/{idea.id}-{idea.slug}"
    page = client_for(sceaux).get(path).text
    assert "Idée" in page and "À l’état d’idée" not in page
