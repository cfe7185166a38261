"""Partners and accompaniments: the city marks partners and what they bring; a
facilitator asks two of them; each partner's admins read only their own requests,
answer with a word, add dated milestones and close them; the holders see the timeline,
the public only when the holders and the city both show it; emails on the way."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.facilitation.models import Accompaniment, Partner
from upcampus.notifications.digest import city_digests
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.tenancy.context import tenant_scope

from ..conftest import outbox, post_form
from .world import QUALIFY, logged, make_world, move, track


@pytest.fixture
def world(sceaux):
    return make_world(sceaux)


@pytest.fixture
def qualified(world, client_for):
    facilitator = logged(client_for, world.city, world.facilitator)
    move(facilitator, world.pub_id, "spotted", "")
    move(facilitator, world.pub_id, "qualified", "spotted", **QUALIFY)
    return facilitator


def ask(client, world, partner_index, kind, brief):
    return post_form(client, f"/facilitation/projects/{world.pub_id}/accompaniments",
                     {"partner_id": str(world.partner_ids[partner_index]), "kind": kind,
                      "brief": brief}, page=f"/facilitation/projects/{world.pub_id}")


def accompaniments(city):
    with tenant_scope(city):
        rows = db.session.scalars(select(Accompaniment).order_by(Accompaniment.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def test_the_city_marks_partners_and_finds_them_by_what_they_bring(world, client_for):
    client = logged(client_for, world.city, world.facilitator)
    with tenant_scope(world.city):
        organisation = Organisation(name="Les Voisins Visiteurs", slug="voisins",
                                    kind="association")
        db.session.add(organisation)
        db.session.commit()
        org_id = organisation.id
    response = post_form(client, "/facilitation/partners/new", {
        "organisation_id": str(org_id), "brings": ["volunteers", "network"],
        "contact_name": "Jeanne Dupuis", "contact_email": "jeanne@voisins.example.org"})
    assert response.status_code == 302, response.text
    again = post_form(client, "/facilitation/partners/new", {"organisation_id": str(org_id)})
    assert again.status_code == 422 and "déjà partenaire" in again.text
    bad = post_form(client, "/facilitation/partners/new", {
        "organisation_id": str(org_id + 100), "contact_email": "pas une adresse"})
    assert bad.status_code == 422
    volunteers = client.get("/facilitation/partners?brings=volunteers").text
    assert "Les Voisins Visiteurs" in volunteers and "La Couveuse" not in volunteers
    assert "Jeanne Dupuis" in volunteers
    everyone = client.get("/facilitation/partners").text
    assert "La Couveuse" in everyone and "Service du développement économique" in everyone


def test_partners_are_asked_only_once_the_project_is_qualified(world, client_for):
    facilitator = logged(client_for, world.city, world.facilitator)
    response = ask(facilitator, world, 0, "advice", "Relire le plan")
    assert response.status_code == 422 and "Qualifiez le projet" in response.text
    assert accompaniments(world.city) == []


def test_the_whole_accompaniment_story(world, qualified, client_for):
    facilitator = qualified
    assert ask(facilitator, world, 0, "city_service", "Trouver un local en centre-ville"
               ).status_code == 302
    assert ask(facilitator, world, 1, "training", "Former au métier de restaurateur"
               ).status_code == 302
    twice = ask(facilitator, world, 1, "training", "Encore")
    assert twice.status_code == 422 and "déjà été sollicité" in twice.text
    first, second = accompaniments(world.city)
    to_partners = {e.to_address: e for e in outbox(world.city)
                   if e.to_address.startswith("partner")}
    assert set(to_partners) == {a.account.email for a in world.partner_admins}
    assert "/accompaniments" in to_partners[world.partner_admins[0].account.email].body_text

    service = logged(client_for, world.city, world.partner_admins[0])
    couveuse = logged(client_for, world.city, world.partner_admins[1])
    space = service.get(f"/organisations/{world.org_ids[0]}/accompaniments").text
    assert "Trouver un local" in space and "Former au métier" not in space
    # A partner never reads, nor answers, another partner's request.
    assert service.get(f"/organisations/{world.org_ids[1]}/accompaniments").status_code == 403
    refused = post_form(service, f"/accompaniments/{second.id}/accept", {"answer": "Oui"},
                        page="/account")
    assert refused.status_code == 403
    assert post_form(couveuse, f"/accompaniments/{second.id}/decline",
                     {"answer": "Pas cette année, désolés."}, page="/account"
                     ).status_code == 302
    assert post_form(service, f"/accompaniments/{first.id}/accept",
                     {"answer": "Avec plaisir."}, page="/account").status_code == 302
    again = post_form(service, f"/accompaniments/{first.id}/decline", {}, page="/account")
    assert again.status_code == 302  # told: already answered
    first, second = accompaniments(world.city)
    assert (first.status, first.answer, second.status) == ("active", "Avec plaisir.",
                                                           "declined")
    # The first acceptance moves the project to "accompanied"; the holders hear of it.
    assert track(world.city, world.pub_id).step == "accompanied"
    city_digests(world.city.id, force=True)  # steps go to the weekly digest by default
    assert any("accompagné" in e.body_text for e in outbox(world.city)
               if e.to_address == world.holder.account.email)

    start = first.started_on
    before = post_form(service, f"/accompaniments/{first.id}/milestones", {
        "happened_on": (start - timedelta(days=1)).isoformat(), "text": "Trop tôt"},
        page="/account", follow_redirects=True)
    assert "avant le début de l’accompagnement" in before.text
    assert post_form(service, f"/accompaniments/{first.id}/milestones", {
        "happened_on": start.isoformat(), "text": "Visite du local rue Houdan"},
        page="/account").status_code == 302
    # The referent writes milestones too; another facilitator does not.
    assert post_form(facilitator, f"/accompaniments/{first.id}/milestones", {
        "happened_on": start.isoformat(), "text": "Bail signé"},
        page="/account").status_code == 302
    admin = logged(client_for, world.city, world.admin)
    assert post_form(admin, f"/accompaniments/{first.id}/milestones", {
        "happened_on": start.isoformat(), "text": "Non"}, page="/account").status_code == 403
    no_outcome = post_form(service, f"/accompaniments/{first.id}/close",
                           {"status": "done"}, page="/account", follow_redirects=True)
    assert "Dites ce que l’accompagnement a apporté" in no_outcome.text
    assert post_form(service, f"/accompaniments/{first.id}/close", {
        "status": "done", "outcome": "Le restaurant a ouvert en septembre."},
        page="/account").status_code == 302

    # The holders see the timeline (never the briefs); visitors only when both show it.
    holder = logged(client_for, world.city, world.holder)
    path = f"/projects/{world.pub_id}-projet"
    page = holder.get(path).text
    assert "Accompagné par Service du développement économique" in page
    assert "Visite du local rue Houdan" in page and "Bail signé" in page
    assert "Trouver un local" not in page and "La Couveuse" not in page
    visitor = client_for(world.city)
    assert "Visite du local" not in visitor.get(path).text
    post_form(holder, f"/projects/{world.pub_id}/timeline/show", {}, page=path)
    assert "Visite du local" not in visitor.get(path).text  # the city has not agreed
    post_form(facilitator, f"/facilitation/projects/{world.pub_id}/show", {},
              page=f"/facilitation/projects/{world.pub_id}")
    assert "Visite du local" in visitor.get(path).text
    # Only a holder gives the holders' half.
    member = logged(client_for, world.city, world.member)
    assert post_form(member, f"/projects/{world.pub_id}/timeline/hide", {},
                     page=path).status_code == 403
    assert "Visite du local" in visitor.get(path).text


def test_an_organisation_member_who_is_not_its_admin_cannot_answer(world, qualified,
                                                                   client_for, member_of):
    ask(qualified, world, 0, "advice", "Conseil")
    plain = member_of(world.city, email="plain@sceaux.test.org")
    with tenant_scope(world.city):
        db.session.add(OrganisationMember(organisation_id=world.org_ids[0],
                                          membership_id=plain.id, role="member"))
        db.session.commit()
    client = logged(client_for, world.city, plain)
    assert client.get(f"/organisations/{world.org_ids[0]}/accompaniments").status_code == 403
    (request,) = accompaniments(world.city)
    assert post_form(client, f"/accompaniments/{request.id}/accept", {},
                     page="/account").status_code == 403
    assert accompaniments(world.city)[0].status == "requested"


def test_a_bad_date_or_empty_milestone_is_refused(world, qualified, client_for):
    ask(qualified, world, 0, "advice", "Conseil")
    (request,) = accompaniments(world.city)
    service = logged(client_for, world.city, world.partner_admins[0])
    post_form(service, f"/accompaniments/{request.id}/accept", {}, page="/account")
    for data in ({"happened_on": "demain", "text": "x"}, {"happened_on": "", "text": "x"},
                 {"happened_on": date.today().isoformat(), "text": ""},
                 {"happened_on": "9999-12-31", "text": "Un jour"},
                 {"happened_on": (date.today() + timedelta(days=3)).isoformat(),
                  "text": "Pas encore arrivé"}):
        response = post_form(service, f"/accompaniments/{request.id}/milestones", data,
                             page="/account")
        assert response.status_code == 302
    future = service.get(response.headers["Location"]).text
    assert "Une étape raconte ce qui s’est passé" in future
    with tenant_scope(world.city):
        assert db.session.get(Accompaniment, request.id).milestones == []
        assert db.session.scalar(select(db.func.count()).select_from(Partner)) == 2
