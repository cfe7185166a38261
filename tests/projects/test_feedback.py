"""Feedback: featuring confirms and shows a badge; declining help, removing a comment and
suspending a member ask first on a step page saying what will happen (a plain form, no
script); an empty filtered list offers to reset the filters."""

import pytest
from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.projects.models import Comment, HelpOffer, Need, Publication
from upcampus.tenancy.context import tenant_scope

PROJECT = {"kind": "project", "title": "Un jardin partagé", "description": "Des planches.",
           "stage": "idea", "neighbourhood": "", "address": "", "publish": "1"}


def client_of(client_for, city, email, role="member"):
    make_member(city, role, email=email)
    client = client_for(city)
    log_in(client, email)
    return client


@pytest.fixture
def project(client_for, sceaux):
    holder = client_of(client_for, sceaux, "lea@example.org")
    post_form(holder, "/projects/new", PROJECT)
    with tenant_scope(sceaux):
        publication = db.session.scalars(select(Publication)).one()
        pub_id, slug = publication.id, publication.slug
    return holder, pub_id, f"/projects/{pub_id}-{slug}"


def test_featuring_says_so_and_shows_a_badge(project, client_for, sceaux):
    _, pub_id, page = project
    assert "À la une" not in client_for(sceaux).get(page).text
    facilitator = client_of(client_for, sceaux, "anim@example.org", "facilitator")
    response = post_form(facilitator, f"/projects/{pub_id}/feature", {}, page=page,
                         follow_redirects=True)
    assert "est mise en avant sur la page d’accueil" in response.text
    assert 'class="badge featured"' in client_for(sceaux).get(page).text
    assert 'class="badge featured"' in client_for(sceaux).get("/projects").text
    response = post_form(facilitator, f"/projects/{pub_id}/unfeature", {}, page=page,
                         follow_redirects=True)
    assert "n’est plus mise en avant" in response.text
    assert 'class="badge featured"' not in client_for(sceaux).get(page).text


def test_declining_help_asks_first(project, client_for, sceaux, bourg):
    holder, pub_id, page = project
    post_form(holder, f"/projects/{pub_id}/needs", {"kind": "resource",
                                                    "resource": "equipment"}, page=page)
    helper = client_of(client_for, sceaux, "karim@example.org")
    with tenant_scope(sceaux):
        need_id = db.session.scalar(select(Need.id))
    post_form(helper, f"/projects/{pub_id}/needs/{need_id}/help", {"message": "Moi"},
              page=page)
    with tenant_scope(sceaux):
        offer_id = db.session.scalar(select(HelpOffer.id))
    confirm = f"/projects/{pub_id}/offers/{offer_id}/decline"
    assert f'href="{confirm}"' in holder.get(page).text  # a link to the step, not a POST
    step = holder.get(confirm)
    assert step.status_code == 200 and "sera prévenu" in step.text
    assert f'action="{confirm}"' in step.text
    with tenant_scope(sceaux):
        assert db.session.scalar(select(HelpOffer.status)) == "pending"
    post_form(holder, confirm, {})
    with tenant_scope(sceaux):
        assert db.session.scalar(select(HelpOffer.status)) == "declined"
    assert client_of(client_for, bourg, "jeanne@example.org").get(confirm).status_code == 404


def test_removing_a_comment_asks_first(project, client_for, sceaux):
    holder, pub_id, page = project
    post_form(holder, f"/projects/{pub_id}/comments", {"body": "Premier jet"}, page=page)
    with tenant_scope(sceaux):
        comment_id = db.session.scalar(select(Comment.id))
    confirm = f"/projects/{pub_id}/comments/{comment_id}/remove"
    assert f'href="{confirm}"' in holder.get(page).text
    step = holder.get(confirm)
    assert step.status_code == 200 and "Ce commentaire a été retiré" in step.text
    with tenant_scope(sceaux):
        assert db.session.scalar(select(Comment.removed)) is False
    post_form(holder, confirm, {})
    with tenant_scope(sceaux):
        assert db.session.scalar(select(Comment.removed)) is True


def test_suspending_a_member_asks_first(client_for, sceaux, bourg):
    admin = client_of(client_for, sceaux, "admin@example.org", "admin")
    target = make_member(sceaux, email="karim@example.org")
    elsewhere = make_member(bourg, email="jeanne@example.org")
    confirm = f"/admin/members/{target.id}/suspend"
    members = admin.get("/admin/members").text
    assert f'href="{confirm}"' in members and "<table" not in members  # cards fit a phone
    step = admin.get(confirm)
    assert step.status_code == 200 and "ne pourra plus publier" in step.text
    with tenant_scope(sceaux):
        assert db.session.get(Membership, target.id).status == "active"
    post_form(admin, confirm, {})
    with tenant_scope(sceaux):
        assert db.session.get(Membership, target.id).status == "suspended"
    assert admin.get(f"/admin/members/{elsewhere.id}/suspend").status_code == 404
    plain = client_of(client_for, sceaux, "nadia@example.org")
    assert plain.get(confirm).status_code == 403


def test_an_empty_filtered_list_offers_to_reset(project, client_for, sceaux):
    visitor = client_for(sceaux)
    empty = visitor.get("/projects?kind=wish").text
    assert "Aucune publication ne correspond à ces filtres" in empty
    assert 'href="/projects">Réinitialiser les filtres' in empty
    assert "Réinitialiser les filtres" not in visitor.get("/projects").text


@pytest.mark.parametrize("path", ["/members", "/organisations", "/events"])
def test_empty_directories_offer_to_reset(client_for, sceaux, path):
    member = client_of(client_for, sceaux, "lea@example.org")
    empty = member.get(f"{path}?neighbourhood=Nulle-part&q=zzzzzz").text
    assert f'href="{path}">Réinitialiser les filtres' in empty
    assert "Réinitialiser les filtres" not in member.get(path).text
