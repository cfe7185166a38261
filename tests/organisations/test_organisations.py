"""Organisations of a city: creation, page, directory, editing, members and requests."""

import pytest
from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.taxonomy.models import Skill
from upcampus.tenancy.context import tenant_scope

FIELDS = {"name": "Les Voisins Visiteurs", "kind": "association",
          "description": "Des bénévoles **rendent visite** aux aînés isolés.",
          "website": "https://voisins.example.org", "neighbourhood": "Les Blagis",
          "offers": ["skills", "network"], "offer_details": "Visites hebdomadaires"}


@pytest.fixture
def founder(client_for, sceaux):
    member = make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    log_in(client, "jeanne@example.org")
    return member, client


def create(client, **changes):
    return post_form(client, "/organisations/new", {**FIELDS, **changes})


def only_organisation(city):
    with tenant_scope(city):
        organisation = db.session.scalars(select(Organisation)).one()
        roles = {m.membership_id: m.role for m in organisation.members}
        return organisation.id, organisation.slug, roles


def test_a_member_creates_an_organisation_and_becomes_its_admin(founder, sceaux, client_for):
    member, client = founder
    skill = db.session.scalar(select(Skill.id).where(Skill.code == "elderly-visits"))
    response = create(client, skills=[skill])
    org_id, slug, roles = only_organisation(sceaux)
    assert slug == "les-voisins-visiteurs" and roles == {member.id: "admin"}
    assert response.location == f"/organisations/{org_id}-{slug}"
    page = client_for(sceaux).get(response.location).text
    for text in ("Les Voisins Visiteurs", "<strong>rendent visite</strong>", "Association",
                 "Réseau", "Visites aux personnes âgées"):
        assert text in page
    # Jeanne's profile is for members: visitors do not see her name among the members.
    assert "Jeanne" not in page and "Jeanne" in client.get(response.location).text
    assert client_for(sceaux).get(f"/organisations/{org_id}").status_code == 301


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": ""}, "This field is required"),
    ({"kind": "cult"}, "Not a valid choice"),
    ({"website": "javascript:alert(1)"}, "https://"),
    ({"offers": ["teleportation"]}, "not a valid choice"),
    ({"description": "x" * 5001}, "5000"),
])
def test_bad_organisation_input_is_refused_keeping_the_rest(founder, sceaux, changes,
                                                           message):
    _, client = founder
    response = create(client, **changes)
    assert response.status_code == 422
    assert "Visites hebdomadaires" in response.text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Organisation)).all() == []
    english = post_form(client, "/organisations/new", {**FIELDS, **changes},
                        headers={"Accept-Language": "en"})
    assert message in english.text


def test_visitors_and_outsiders_cannot_create(client_for, two_cities):
    sceaux, bourg = two_cities
    assert client_for(sceaux).get("/organisations/new").status_code == 302
    outsider = make_member(bourg, email="out@example.org")
    client = client_for(sceaux)
    log_in(client, outsider.account.email)
    assert client.get("/organisations/new").location == "/join"


def test_only_its_admins_edit_it(founder, client_for, sceaux):
    _, client = founder
    create(client)
    org_id, slug, _ = only_organisation(sceaux)
    edited = post_form(client, f"/organisations/{org_id}/edit",
                       {**FIELDS, "name": "Voisins Visiteurs de Sceaux"})
    assert edited.status_code == 302
    make_member(sceaux, email="other@example.org")
    other = client_for(sceaux)
    log_in(other, "other@example.org")
    assert other.get(f"/organisations/{org_id}/edit").status_code == 403
    with tenant_scope(sceaux):
        assert db.session.get(Organisation, org_id).name == "Voisins Visiteurs de Sceaux"


def test_join_request_accepted_by_an_admin(founder, client_for, sceaux):
    _, client = founder
    create(client)
    org_id, slug, _ = only_organisation(sceaux)
    asker = make_member(sceaux, email="karim@example.org")
    other = client_for(sceaux)
    log_in(other, "karim@example.org")
    page = f"/organisations/{org_id}-{slug}"
    post_form(other, f"/organisations/{org_id}/join", {"message": "Je veux aider"}, page=page)
    again = post_form(other, f"/organisations/{org_id}/join", {"message": "Encore"}, page=page,
                      follow_redirects=True)
    assert "attend déjà une réponse" in again.text
    admin_view = client.get(page).text
    assert "Je veux aider" in admin_view
    from upcampus.organisations.models import OrganisationJoinRequest

    with tenant_scope(sceaux):
        request_id = db.session.scalars(select(OrganisationJoinRequest.id)).one()
    assert post_form(other, f"/organisations/{org_id}/requests/{request_id}/accept", {},
                     page=page).status_code == 403  # not an admin of it
    post_form(client, f"/organisations/{org_id}/requests/{request_id}/accept", {}, page=page)
    _, _, roles = only_organisation(sceaux)
    assert roles[asker.id] == "member"
    answered = post_form(client, f"/organisations/{org_id}/requests/{request_id}/decline", {},
                         page=page, follow_redirects=True)
    assert "déjà reçu une réponse" in answered.text


def test_admin_roles_inside_an_organisation(founder, client_for, sceaux):
    member, client = founder
    create(client)
    org_id, slug, _ = only_organisation(sceaux)
    page = f"/organisations/{org_id}-{slug}"
    with tenant_scope(sceaux):
        own = db.session.scalars(select(OrganisationMember.id)).one()
    alone = post_form(client, f"/organisations/{org_id}/members/{own}/role", {"role": "member"},
                      page=page, follow_redirects=True)
    assert "au moins un administrateur" in alone.text
    _, _, roles = only_organisation(sceaux)
    assert roles[member.id] == "admin"


def test_directory_filters_by_kind_and_stays_in_its_city(founder, client_for, two_cities):
    sceaux, bourg = two_cities
    _, client = founder
    create(client)
    create(client, name="Le Comptoir Végétal", kind="business", neighbourhood="Centre")
    listing = client_for(sceaux).get("/organisations?kind=business").text
    assert "Le Comptoir Végétal" in listing and "Voisins" not in listing
    assert "2 structures trouvées." in client_for(sceaux).get("/organisations").text
    assert "0 structure trouvée." in client_for(bourg).get("/organisations").text
    assert client_for(sceaux).get("/organisations?kind=%00&page=-1").status_code == 200
