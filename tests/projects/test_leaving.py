"""A publication nobody carries any more (its last holder left or deleted their account)
stays, under "A former member", but its open needs are withdrawn: nobody would answer."""

from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from tests.projects.test_projects import PROJECT
from upcampus.accounts.erasure import delete_account, leave_city
from upcampus.core.db import db
from upcampus.projects.models import Need, Publication
from upcampus.tenancy.context import tenant_scope

KEEP = {"publications": "keep", "organisation_publications": "keep", "events": "keep"}


def _publish_with_a_need(client, title):
    post_form(client, "/projects/new", {**PROJECT, "title": title, "publish": "1"})
    with tenant_scope_of(client):
        publication = db.session.scalars(select(Publication).where(
            Publication.title == title)).one()
        pub_id, page = publication.id, f"/projects/{publication.id}-{publication.slug}"
    post_form(client, f"/projects/{pub_id}/needs", {"kind": "resource", "resource": "funding",
                                                    "text": "Un prêt"}, page=page)
    return pub_id, page


def tenant_scope_of(client):
    return tenant_scope(client.city)


def states(city, pub_id):
    with tenant_scope(city):
        return ([n.state for n in db.session.scalars(select(Need).where(
            Need.publication_id == pub_id))],
                db.session.get(Publication, pub_id).open_needs_count)


def test_needs_nobody_answers_are_withdrawn_and_co_held_ones_stay(client_for, sceaux):
    lea = make_member(sceaux, email="lea@example.org")
    paul = make_member(sceaux, email="paul@example.org")
    make_member(sceaux, email="karim@example.org")
    clients = {}
    for email in ("lea@example.org", "paul@example.org"):
        clients[email] = client_for(sceaux)
        clients[email].city = sceaux
        log_in(clients[email], email)
    alone, alone_page = _publish_with_a_need(clients["lea@example.org"], "Le verger")
    shared, shared_page = _publish_with_a_need(clients["paul@example.org"], "La fresque")
    post_form(clients["paul@example.org"], f"/projects/{shared}/holders",
              {"email": "karim@example.org"}, page=f"/projects/{shared}/edit")

    assert delete_account(lea.account_id, KEEP)
    assert leave_city(paul.account_id, sceaux.id, KEEP)
    assert states(sceaux, alone) == (["withdrawn"], 0)
    assert states(sceaux, shared) == (["open"], 1)  # Karim still carries it
    visitor = client_for(sceaux)
    assert "Je peux aider" not in visitor.get(alone_page).text
    assert "Je peux aider" in visitor.get(shared_page).text
