"""The API's writes: projects, needs, help offers, support and follow, organisations. Each
calls the operation the pages call, refuses what the page refuses in the same words, and
answers bad input with a problem (never a 500, nothing half-saved)."""

import html
import json

import pytest
from sqlalchemy import func, select

from tests.conftest import log_in, outbox, post_form
from tests.factories import make_member
from tests.threads import all_at_once
from upcampus.api.models import IdempotentAnswer
from upcampus.core.db import db
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.models import Follow, HelpOffer, Need, Publication, Support
from upcampus.tenancy.context import tenant_scope

from .test_api import bearer, make_project, token_for

NEW = {"kind": "project", "title": "Composteur de quartier", "stage": "idea",
       "themes": ["ecology"], "status": "published", "description": "Au square"}


@pytest.fixture
def people(two_cities):
    """Léa holds a published project on Sceaux (write token); Marc is another member of
    Sceaux (write token); Bourg has a project of its own."""
    sceaux, bourg = two_cities
    lea = make_member(sceaux, email="lea@example.org")
    marc = make_member(sceaux, email="marc@example.org")
    pub_id = make_project(sceaux, lea)
    with tenant_scope(sceaux):
        need_id = db.session.scalars(select(Need.id)).one()
    _id, lea_secret = token_for(sceaux, lea)
    _id, marc_secret = token_for(sceaux, marc)
    bourg_holder = make_member(bourg, email="bourg@example.org")
    bourg_pub = make_project(bourg, bourg_holder, title="Projet de Bourg")
    return {"sceaux": sceaux, "bourg": bourg, "lea_member": lea, "marc_id": marc.id,
            "pub_id": pub_id, "need_id": need_id,
            "lea": bearer(lea_secret), "marc": bearer(marc_secret),
            "bourg_pub": bourg_pub, "bourg_holder": bourg_holder}


def count(city, model, *where) -> int:
    with tenant_scope(city):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- the "done when" ---------------------------------------------------------

def test_a_token_creates_a_project_lists_it_and_is_refused_on_the_other_city(client_for,
                                                                           people):
    sceaux, bourg = people["sceaux"], people["bourg"]
    api = client_for(sceaux)
    created = api.post("/api/v1/projects", headers=people["marc"], json=NEW)
    assert created.status_code == 201, created.text
    body = created.json
    assert body["title"] == "Composteur de quartier" and body["status"] == "published"
    assert body["themes"] == ["ecology"] and body["kind"] == "project"
    assert body["holders"] == [{"kind": "member", "id": people["marc_id"], "name": "Marc"}]
    assert created.headers["Location"] == f"/api/v1/projects/{body['id']}"
    listed = api.get("/api/v1/projects", headers=people["marc"]).json["items"]
    assert "Composteur de quartier" in [p["title"] for p in listed]
    refused = client_for(bourg).post("/api/v1/projects", headers=people["marc"], json=NEW)
    assert refused.status_code == 401 and refused.mimetype == "application/problem+json"
    assert count(bourg, Publication, Publication.title == NEW["title"]) == 0
    assert count(sceaux, Publication, Publication.title == NEW["title"]) == 1


def test_a_draft_is_created_when_asked_and_seen_by_its_holder_only(client_for, people):
    api = client_for(people["sceaux"])
    draft = api.post("/api/v1/projects", headers=people["marc"],
                     json={**NEW, "status": "draft"}).json
    assert draft["status"] == "draft" and draft["published_at"] is None
    assert api.get(f"/api/v1/projects/{draft['id']}", headers=people["marc"]).status_code == 200
    assert api.get(f"/api/v1/projects/{draft['id']}", headers=people["lea"]).status_code == 404
    assert draft["id"] not in [p["id"] for p in api.get("/api/v1/projects").json["items"]]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_page_and_the_api_refuse_a_short_title_with_the_same_message(client_for, people,
                                                                         language):
    sceaux = people["sceaux"]
    api = client_for(sceaux).post("/api/v1/projects", json={**NEW, "title": "ab"},
                                  headers={**people["marc"], "Accept-Language": language})
    assert api.status_code == 422
    message = api.json["errors"]["title"]
    page_client = client_for(sceaux)
    log_in(page_client, "marc@example.org")
    page_client.get(f"/lang/{language}")
    page = post_form(page_client, "/projects/new", {"kind": "project", "title": "ab",
                                                    "stage": "idea", "publish": "1"})
    assert page.status_code == 422
    assert html.escape(message) in page.text
    expected = {"en": "Give a title of 3 to 160 characters.",
                "fr": "Donnez un titre de 3 à 160 caractères."}[language]
    assert message == expected
    assert count(sceaux, Publication) == 1  # the fixture's, nothing more


def test_a_replayed_idempotency_key_creates_one_project(client_for, people):
    api = client_for(people["sceaux"])
    headers = {**people["marc"], "Idempotency-Key": "create-1"}
    first = api.post("/api/v1/projects", headers=headers, json=NEW)
    again = api.post("/api/v1/projects", headers=headers, json=NEW)
    assert first.status_code == again.status_code == 201 and again.json == first.json
    other = api.post("/api/v1/projects", headers=headers, json={**NEW, "title": "Autre"})
    assert other.status_code == 422 and other.json["type"].endswith("idempotency-conflict")
    # The same key on another address is another request, not a replay of this one.
    elsewhere = api.post(f"/api/v1/projects/{people['pub_id']}/comments", headers=headers,
                         json={"body": "Bravo"})
    assert elsewhere.status_code == 422
    assert count(people["sceaux"], Publication, Publication.title == NEW["title"]) == 1
    with tenant_scope(people["sceaux"]):
        assert db.session.scalar(select(func.count()).select_from(IdempotentAnswer)) == 1


# --- editing -------------------------------------------------------------------------

def test_a_holder_patches_only_the_fields_sent(client_for, people):
    api = client_for(people["sceaux"])
    url = f"/api/v1/projects/{people['pub_id']}"
    changed = api.patch(url, headers=people["lea"], json={"title": "Jardin des Blagis",
                                                          "themes": ["ecology"]})
    assert changed.status_code == 200, changed.text
    assert changed.json["title"] == "Jardin des Blagis" and changed.json["themes"] == ["ecology"]
    assert changed.json["description"] == "Des planches" and changed.json["stage"] == "idea"
    unpublished = api.patch(url, headers=people["lea"], json={"status": "draft"})
    assert unpublished.json["status"] == "draft"
    with tenant_scope(people["sceaux"]):
        publication = db.session.get(Publication, people["pub_id"])
        assert (publication.title, publication.status) == ("Jardin des Blagis", "draft")


def test_a_patch_is_refused_to_others_and_for_bad_fields(client_for, people):
    api = client_for(people["sceaux"])
    url = f"/api/v1/projects/{people['pub_id']}"
    not_holder = api.patch(url, headers=people["marc"], json={"title": "Pris"})
    assert not_holder.status_code == 403 and not_holder.json["detail"]
    for body, field in (({"titre": "x"}, "titre"), ({"title": 12}, "title"),
                        ({"title": "ab"}, "title"), ({"themes": ["nope"]}, "themes"),
                        ({"themes": ["eco\x00logy"]}, "themes"),
                        ({"stage": "done"}, "stage")):
        refused = api.patch(url, headers=people["lea"], json=body)
        assert refused.status_code == 422, body
        assert field in refused.json["errors"]
    with tenant_scope(people["sceaux"]):
        assert db.session.get(Publication, people["pub_id"]).title == "Jardin partagé"


# --- needs and help offers -----------------------------------------------------------

def test_needs_are_added_by_holders_and_listed_in_the_detail_shape(client_for, people):
    api = client_for(people["sceaux"])
    url = f"/api/v1/projects/{people['pub_id']}/needs"
    skill = api.post(url, headers=people["lea"], json={"kind": "skill",
                                                        "skill_code": "gardening",
                                                        "text": "Tailler les haies"})
    assert skill.status_code == 201, skill.text
    assert skill.json["skill_code"] == "gardening" and skill.json["state"] == "open"
    unknown = api.post(url, headers=people["lea"], json={"kind": "skill", "skill_code": "x"})
    assert unknown.status_code == 422 and "skill_code" in unknown.json["errors"]
    missing = api.post(url, headers=people["lea"], json={"kind": "skill"})
    assert missing.status_code == 422 and "skill_code" in missing.json["errors"]
    assert api.post(url, headers=people["marc"], json={"kind": "resource",
                                                        "resource": "funding"}).status_code == 403
    listed = api.get(url).json["items"]
    detail = api.get(f"/api/v1/projects/{people['pub_id']}").json["needs"]
    assert sorted(listed, key=lambda n: n["id"]) == sorted(detail, key=lambda n: n["id"])
    assert len(listed) == 2


def test_help_is_offered_listed_and_answered_by_the_holders(client_for, people):
    sceaux = people["sceaux"]
    api = client_for(sceaux)
    offered = api.post(f"/api/v1/needs/{people['need_id']}/offers", headers=people["marc"],
                       json={"message": "J'ai un garage"})
    assert offered.status_code == 201, offered.text
    offer = offered.json
    assert offer["member"]["name"] == "Marc" and offer["status"] == "pending"
    email = outbox(sceaux)[0]
    assert email.to_address == "lea@example.org"
    assert f"http://sceaux.upcampus.test/projects/{people['pub_id']}-jardin" in email.body_text
    twice = api.post(f"/api/v1/needs/{people['need_id']}/offers", headers=people["marc"],
                     json={"message": "Encore"})
    assert twice.status_code == 422 and twice.json["errors"]["message"]
    mine = api.get("/api/v1/me/offers", headers=people["marc"]).json["items"]
    assert [o["id"] for o in mine] == [offer["id"]]
    offers_url = f"/api/v1/projects/{people['pub_id']}/offers"
    assert api.get(offers_url, headers=people["marc"]).status_code == 403
    assert [o["id"] for o in api.get(offers_url, headers=people["lea"]).json["items"]] == [
        offer["id"]]
    assert api.post(f"/api/v1/offers/{offer['id']}/accept",
                    headers=people["marc"]).status_code == 403
    accepted = api.post(f"/api/v1/offers/{offer['id']}/accept", headers=people["lea"])
    assert accepted.status_code == 200 and accepted.json["status"] == "accepted"
    assert outbox(sceaux)[0].to_address == "marc@example.org"
    again = api.post(f"/api/v1/offers/{offer['id']}/decline", headers=people["lea"])
    assert again.status_code == 422
    with tenant_scope(sceaux):
        assert db.session.get(HelpOffer, offer["id"]).status == "accepted"


def test_help_is_offered_for_an_organisation_the_member_belongs_to_only(client_for, people):
    sceaux = people["sceaux"]
    with tenant_scope(sceaux):
        mine = Organisation(name="Garage solidaire", slug="garage", kind="association")
        mine.members.append(OrganisationMember(membership_id=people["marc_id"], role="admin"))
        theirs = Organisation(name="Autre", slug="autre", kind="association")
        db.session.add_all([mine, theirs])
        db.session.commit()
        mine_id, theirs_id = mine.id, theirs.id
    api = client_for(sceaux)
    url = f"/api/v1/needs/{people['need_id']}/offers"
    refused = api.post(url, headers=people["marc"], json={"organisation_id": theirs_id})
    assert refused.status_code == 422 and refused.json["errors"]["organisation_id"]
    wrong_type = api.post(url, headers=people["marc"], json={"organisation_id": "1"})
    assert wrong_type.status_code == 422
    offered = api.post(url, headers=people["marc"], json={"organisation_id": mine_id})
    assert offered.status_code == 201
    assert offered.json["organisation"] == {"id": mine_id, "name": "Garage solidaire"}


def test_offer_help_is_callable_without_a_request(app, people):
    """A job or the CLI calls the rule as the page does: the link in the email comes from
    the city row, not from a request."""
    from upcampus.accounts.models import Membership
    from upcampus.projects.needs import offer_help

    sceaux = people["sceaux"]
    with app.app_context(), tenant_scope(sceaux):
        need = db.session.get(Need, people["need_id"])
        marc = db.session.get(Membership, people["marc_id"])
        offer_help(need, marc, city=sceaux, message="Par un job")
    bodies = [email.body_text for email in outbox()]
    assert any(f"http://sceaux.upcampus.test/projects/{people['pub_id']}-jardin" in body
               for body in bodies)


# --- support and follow --------------------------------------------------------------

@pytest.mark.parametrize(("mark", "model"), [("support", Support), ("follow", Follow)])
def test_support_and_follow_are_idempotent(client_for, people, mark, model):
    sceaux = people["sceaux"]
    api = client_for(sceaux)
    url = f"/api/v1/projects/{people['pub_id']}/{mark}"
    assert [api.put(url, headers=people["marc"]).status_code for _ in range(2)] == [204, 204]
    assert count(sceaux, model) == 1
    assert [api.delete(url, headers=people["marc"]).status_code for _ in range(2)] == [204, 204]
    assert count(sceaux, model) == 0
    draft = make_project(sceaux, people["lea_member"], title="Brouillon", status="draft")
    assert api.put(f"/api/v1/projects/{draft}/{mark}", headers=people["marc"]).status_code == 404
    assert api.put(url).status_code == 401


def test_supports_sent_at_once_count_once(client_for, people):
    sceaux = people["sceaux"]
    url = f"/api/v1/projects/{people['pub_id']}/support"
    clients = [client_for(sceaux) for _ in range(8)]
    statuses = all_at_once([lambda c=c: c.put(url, headers=people["marc"]).status_code
                            for c in clients])
    assert statuses == [204] * 8
    assert count(sceaux, Support) == 1
    with tenant_scope(sceaux):
        assert db.session.get(Publication, people["pub_id"]).supports_count == 1


# --- organisations -------------------------------------------------------------------

ORGANISATION = {"name": "Les Jardiniers", "kind": "association", "themes": ["ecology"],
                "skills": ["gardening"], "website": "https://jardiniers.example.org"}


def test_organisations_are_created_and_edited_by_their_admins(client_for, people):
    sceaux = people["sceaux"]
    api = client_for(sceaux)
    created = api.post("/api/v1/organisations", headers=people["marc"], json=ORGANISATION)
    assert created.status_code == 201, created.text
    org = created.json
    assert org["skill_codes"] == ["gardening"] and org["themes"] == ["ecology"]
    url = f"/api/v1/organisations/{org['id']}"
    changed = api.patch(url, headers=people["marc"], json={"description": "Au square"})
    assert changed.status_code == 200
    assert (changed.json["description"], changed.json["name"]) == ("Au square",
                                                                   "Les Jardiniers")
    assert changed.json["skill_codes"] == ["gardening"]
    assert api.patch(url, headers=people["lea"], json={"name": "Pris"}).status_code == 403
    bad = api.patch(url, headers={**people["marc"], "Accept-Language": "en"},
                    json={"website": "jardiniers"})
    assert bad.status_code == 422
    assert bad.json["errors"]["website"] == "Enter a full address, starting with https://"
    with tenant_scope(sceaux):
        row = db.session.get(Organisation, org["id"])
        assert (row.name, row.website) == ("Les Jardiniers", "https://jardiniers.example.org")
        assert [m.role for m in row.members] == ["admin"]


# --- bad input on every write --------------------------------------------------------

def writes(people) -> list[tuple[str, str, dict]]:
    """(method, url, a valid body) of each new write, on Sceaux's rows."""
    pub, need = people["pub_id"], people["need_id"]
    return [("post", "/api/v1/projects", NEW),
            ("patch", f"/api/v1/projects/{pub}", {"title": "Nouveau titre"}),
            ("post", f"/api/v1/projects/{pub}/needs", {"kind": "resource",
                                                       "resource": "funding"}),
            ("post", f"/api/v1/needs/{need}/offers", {"message": "Oui"}),
            ("post", "/api/v1/organisations", ORGANISATION)]


def test_every_write_answers_bad_input_with_a_problem(client_for, people):
    sceaux = people["sceaux"]
    _id, read_secret = token_for(sceaux, people["lea_member"], scope="read")
    api = client_for(sceaux)
    before = {model: count(sceaux, model) for model in (Publication, Need, HelpOffer,
                                                         Organisation)}
    for method, url, body in writes(people):
        send = getattr(api, method)
        cases = [
            (people["lea"], {"data": b'{"title": ', "content_type": "application/json"},
             400),
            (people["lea"], {"json": {**body, "surprise": 1}}, 422),
            (people["lea"], {"json": {key: 12 for key in body}}, 422),
            (people["lea"], {"json": [body]}, 422),
            (people["lea"], {"data": body}, 415),
            (bearer(read_secret), {"json": body}, 403),
            ({}, {"json": body}, 401),
        ]
        for headers, kwargs, status in cases:
            response = send(url, headers=headers, **kwargs)
            assert response.status_code == status, (method, url, kwargs, response.text)
            assert response.mimetype == "application/problem+json"
            assert json.loads(response.data)["status"] == status
    after = {model: count(sceaux, model) for model in before}
    assert after == before


def test_the_other_citys_ids_are_not_found_and_unchanged(client_for, people):
    bourg, pub = people["bourg"], people["bourg_pub"]
    with tenant_scope(bourg):
        need = db.session.scalars(select(Need.id)).one()
        offer = HelpOffer(need_id=need, membership_id=people["bourg_holder"].id)
        org = Organisation(name="Asso de Bourg", slug="asso", kind="association")
        db.session.add_all([offer, org])
        db.session.commit()
        offer_id, org_id = offer.id, org.id
    api = client_for(people["sceaux"])
    tried = [("patch", f"/api/v1/projects/{pub}", {"title": "Pris par Sceaux"}),
             ("post", f"/api/v1/projects/{pub}/needs", {"kind": "resource",
                                                        "resource": "funding"}),
             ("get", f"/api/v1/projects/{pub}/needs", None),
             ("get", f"/api/v1/projects/{pub}/offers", None),
             ("post", f"/api/v1/needs/{need}/offers", {"message": "Oui"}),
             ("post", f"/api/v1/offers/{offer_id}/accept", None),
             ("put", f"/api/v1/projects/{pub}/support", None),
             ("delete", f"/api/v1/projects/{pub}/follow", None),
             ("patch", f"/api/v1/organisations/{org_id}", {"name": "Prise par Sceaux"})]
    for method, url, body in tried:
        response = getattr(api, method)(url, headers=people["lea"],
                                        **({"json": body} if body is not None else {}))
        assert response.status_code == 404, (method, url, response.text)
        assert response.mimetype == "application/problem+json"
    with tenant_scope(bourg):
        assert db.session.get(Publication, pub).title == "Projet de Bourg"
        assert db.session.get(HelpOffer, offer_id).status == "pending"
        assert db.session.get(Organisation, org_id).name == "Asso de Bourg"
        assert db.session.scalar(select(func.count()).select_from(Need)) == 1
        assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_new_reads_carry_an_etag(client_for, people):
    api = client_for(people["sceaux"])
    api.post(f"/api/v1/needs/{people['need_id']}/offers", headers=people["marc"], json={})
    for url, headers in ((f"/api/v1/projects/{people['pub_id']}/needs", people["marc"]),
                         (f"/api/v1/projects/{people['pub_id']}/offers", people["lea"]),
                         ("/api/v1/me/offers", people["marc"])):
        first = api.get(url, headers=headers)
        assert first.status_code == 200 and first.json["items"], url
        again = api.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, url
