"""Visitors who are not signed in see "I can help" on needs, and are taken to sign up or
sign in and then straight back to the offer form; `next` is a path on this host only."""

import pytest
from sqlalchemy import select

from tests.conftest import link_in, log_in, outbox, post_form
from tests.factories import PASSWORD, make_member
from upcampus.core.db import db
from upcampus.projects.models import HelpOffer, Need, Publication
from upcampus.tenancy.context import tenant_scope

PROJECT = {"kind": "project", "title": "Un jardin partagé", "description": "Des planches.",
           "stage": "idea", "neighbourhood": "", "address": "", "publish": "1"}


@pytest.fixture
def need(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    holder = client_for(sceaux)
    log_in(holder, "lea@example.org")
    post_form(holder, "/projects/new", PROJECT)
    with tenant_scope(sceaux):
        publication = db.session.scalars(select(Publication)).one()
        pub_id, slug = publication.id, publication.slug
    post_form(holder, f"/projects/{pub_id}/needs", {
        "kind": "resource", "resource": "equipment", "text": "Des outils"},
        page=f"/projects/{pub_id}-{slug}")
    with tenant_scope(sceaux):
        need_id = db.session.scalar(select(Need.id))
    return pub_id, slug, need_id


def offers(city):
    with tenant_scope(city):
        found = [(o.membership.account.email, o.message)
                 for o in db.session.scalars(select(HelpOffer))]
        db.session.rollback()
        return found


def test_a_visitor_sees_i_can_help_and_signs_in_straight_back(need, client_for, sceaux):
    pub_id, slug, need_id = need
    help_page = f"/projects/{pub_id}/needs/{need_id}/help"
    visitor = client_for(sceaux)
    assert f'href="{help_page}"' in visitor.get(f"/projects/{pub_id}-{slug}").text
    page = visitor.get(help_page)
    assert page.status_code == 200 and "Des outils" in page.text
    assert f"/login?next={help_page}" in page.text and f"/signup?next={help_page}" in page.text
    make_member(sceaux, email="karim@example.org")
    response = post_form(visitor, f"/login?next={help_page}",
                         {"email": "karim@example.org", "password": PASSWORD})
    assert response.location == help_page
    form = visitor.get(help_page).text
    assert 'name="message"' in form and "Des outils" in form
    post_form(visitor, help_page, {"message": "J'ai une brouette"})
    assert offers(sceaux) == [("karim@example.org", "J'ai une brouette")]


def test_someone_of_another_city_joins_then_comes_back(need, client_for, sceaux, bourg):
    pub_id, _, need_id = need
    help_page = f"/projects/{pub_id}/needs/{need_id}/help"
    make_member(bourg, email="jeanne@example.org")
    client = client_for(sceaux)
    response = post_form(client, f"/login?next={help_page}",
                         {"email": "jeanne@example.org", "password": PASSWORD})
    assert response.location == f"/join?next={help_page}"
    assert post_form(client, response.location, {}).location == help_page
    assert 'name="message"' in client.get(help_page).text


def test_signing_up_comes_back_to_the_offer_form(need, client_for, sceaux):
    pub_id, _, need_id = need
    help_page = f"/projects/{pub_id}/needs/{need_id}/help"
    client = client_for(sceaux)
    post_form(client, f"/signup?next={help_page}", {
        "accept": "y", "display_name": "Nadia", "email": "nadia@example.org",
        "password": PASSWORD},
        page=f"/signup?next={help_page}")
    [email] = [e for e in outbox(sceaux) if e.to_address == "nadia@example.org"]
    assert client.get(link_in(email, "/verify/")).location == help_page


@pytest.mark.parametrize("target", [
    "https://evil.example/steal", "//evil.example/steal", "/\\evil.example",
    "http://sceaux.evil.example/", "javascript:alert(1)", "projects/1",
])
def test_next_never_leaves_this_host(need, client_for, sceaux, bourg, target):
    make_member(sceaux, email="karim@example.org")
    client = client_for(sceaux)
    response = post_form(client, "/login", {"email": "karim@example.org",
                                            "password": PASSWORD},
                         page="/login", query_string={"next": target})
    assert response.location == "/"
    assert post_form(client, "/join", {}, page="/join",
                     query_string={"next": target}).location == "/"
    make_member(bourg, email="jeanne@example.org")
    other = client_for(sceaux)
    joined = post_form(other, "/login", {"email": "jeanne@example.org", "password": PASSWORD},
                       query_string={"next": target})
    assert joined.location == "/join?next=/"
    newcomer = client_for(sceaux)
    post_form(newcomer, "/signup", {"accept": "y", "display_name": "Nadia",
                                    "email": "nadia@example.org",
                                    "password": PASSWORD}, query_string={"next": target})
    [email] = [e for e in outbox(sceaux) if e.to_address == "nadia@example.org"]
    assert newcomer.get(link_in(email, "/verify/")).location == "/"
