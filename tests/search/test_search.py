"""Search across projects, needs, members and organisations of the current city, with
either engine: accents and case do not matter, French words are stemmed, results are
ranked, and nothing of another city (or hidden) ever shows."""

import pytest

from tests.conftest import log_in, post_form
from tests.factories import make_member
from tests.projects.test_projects import code_id, publish
from upcampus.taxonomy.models import Skill


def titles(response) -> list[str]:
    import re

    """Result titles as read (the matched words are marked in them)."""
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a>', response.text)
    return [re.sub(r"</?mark>", "", t).replace("&#39;", "'") for t in found]


@pytest.fixture
def content(client_for, two_cities):
    sceaux, bourg = two_cities
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    publish(client, title="Un jardin partagé à l'École des Blagis",
            description="Des planches de potager.")
    publish(client, title="Fête de quartier", description="On parlera aussi de jardins.")
    publish(client, title="Brouillon secret sur les jardins", publish=None, draft="1")
    from sqlalchemy import select

    from upcampus.core.db import db
    from upcampus.projects.models import Publication
    from upcampus.tenancy.context import tenant_scope

    with tenant_scope(sceaux):
        pub = db.session.scalars(select(Publication).where(
            Publication.title.like("Un jardin%"))).one()
        pub_id, slug = pub.id, pub.slug
    post_form(client, f"/projects/{pub_id}/needs", {
        "kind": "skill", "skill_id": code_id(Skill, "permaculture"),
        "text": "Quelqu'un qui connaît la permaculture"}, page=f"/projects/{pub_id}-{slug}")
    gardener = make_member(sceaux, email="gardener@example.org")
    other = client_for(sceaux)
    log_in(other, "gardener@example.org")
    post_form(other, "/account/profile", {"bio": "Jardinière passionnée", "visibility": "members",
                                          "neighbourhood": "Robinson"}, page="/account")
    make_member(bourg, email="b@example.org")
    bourg_client = client_for(bourg)
    log_in(bourg_client, "b@example.org")
    publish(bourg_client, title="Jardin de Bourg-la-Reine")
    return sceaux, bourg, client, gardener


def test_accents_case_and_stemming_do_not_matter(client_for, content):
    sceaux, *_ = content
    visitor = client_for(sceaux)
    assert "Un jardin partagé à l'École des Blagis" in titles(visitor.get("/search?q=ecole"))
    assert "Un jardin partagé à l'École des Blagis" in titles(visitor.get("/search?q=ÉCOLES"))
    found = titles(visitor.get("/search?q=jardins"))
    assert "Un jardin partagé à l'École des Blagis" in found and "Fête de quartier" in found
    assert found.index("Un jardin partagé à l'École des Blagis") < found.index(
        "Fête de quartier")  # a title match ranks above a body match


def test_needs_members_and_organisations_are_found_as_visibility_allows(client_for, content):
    sceaux, _, client, gardener = content
    visitor = client_for(sceaux)
    assert any("Permaculture" in t for t in titles(visitor.get("/search?q=permaculture")))
    assert "Gardener" not in titles(visitor.get("/search?q=jardiniere"))  # members only
    assert "Gardener" in titles(client.get("/search?q=jardiniere"))


def test_drafts_and_other_cities_never_show(client_for, content):
    sceaux, bourg, client, _ = content
    found = titles(client.get("/search?q=jardin"))
    assert "Brouillon secret sur les jardins" not in found
    assert "Jardin de Bourg-la-Reine" not in found
    assert titles(client_for(bourg).get("/search?q=jardin")) == ["Jardin de Bourg-la-Reine"]


@pytest.mark.parametrize("query", ['"', "jardin*", "a OR b", "-jardin", "(((", "' OR 1=1 --",
                                   "NEAR(x y)", "x" * 500, "%00", "  "])
def test_odd_queries_never_break(client_for, content, query):
    sceaux, *_ = content
    response = client_for(sceaux).get("/search", query_string={"q": query})
    assert response.status_code == 200
