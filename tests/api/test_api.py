"""The JSON door: personal API tokens, /api/v1/ reads and comments, problem+json
errors, ETags, per-token limits, and the OpenAPI document (checked by schemathesis, every
operation, writes included). The other writes: test_api_writes.py."""

import contextvars
import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from upcampus.api.models import ApiToken, IdempotentAnswer
from upcampus.api.operations import create_token, digest
from upcampus.core.db import db, utcnow
from upcampus.projects.models import Comment, Holder, Need, Publication
from upcampus.tenancy.context import tenant_scope


def make_project(city, holder, title="Jardin partagé", status="published"):
    with tenant_scope(city):
        publication = Publication(kind="project", title=title, slug="jardin", stage="idea",
                                  description="Des planches", status=status,
                                  author_id=holder.id, neighbourhood="Centre", open_needs_count=1,
                                  published_at=utcnow() if status == "published" else None)
        publication.holders.append(Holder(membership_id=holder.id))
        publication.needs.append(Need(kind="resource", resource="premises", text="Un local"))
        db.session.add(publication)
        db.session.commit()
        return publication.id


def token_for(city, membership, scope="write"):
    with tenant_scope(city):
        token, secret = create_token(membership.account, "script", scope)
        return token.id, secret


def bearer(secret, **headers):
    return {"Authorization": f"Bearer {secret}", **headers}


@pytest.fixture
def world(two_cities):
    sceaux, bourg = two_cities
    lea = make_member(sceaux, email="lea@example.org", visibility="public")
    pub_id = make_project(sceaux, lea)
    token_id, secret = token_for(sceaux, lea)
    return sceaux, bourg, lea, pub_id, secret


# --- tokens --------------------------------------------------------------------------

def test_tokens_are_created_shown_once_stored_hashed_listed_and_revoked(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    assert 'href="/account/tokens"' in client.get("/account").text
    created = post_form(client, "/account/tokens", {"name": "Site de la ville",
                                                    "scope": "write"})
    assert created.status_code == 201
    assert created.headers["Cache-Control"] == "no-store"
    secret = created.text.split('<code id="new-token">')[1].split("</code>")[0]
    with tenant_scope(sceaux):
        token = db.session.scalars(select(ApiToken)).one()
        assert token.secret_hash == digest(secret) and secret not in token.secret_hash
        assert token.last_used_at is None
    listed = client.get("/account/tokens").text
    assert "Site de la ville" in listed and secret not in listed and token.prefix in listed
    me = client_for(sceaux).get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200 and me.json["token_scope"] == "write"
    with tenant_scope(sceaux):
        assert db.session.get(ApiToken, token.id).last_used_at is not None
    revoked = post_form(client, f"/account/tokens/{token.id}/revoke", {}, page="/account/tokens")
    assert revoked.status_code == 302
    assert "Site de la ville" not in client.get("/account/tokens").text
    again = client_for(sceaux).get("/api/v1/me", headers=bearer(secret))
    assert again.status_code == 401
    assert again.mimetype == "application/problem+json"


def test_a_token_form_without_its_csrf_or_name_is_refused(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    forged = client.post("/account/tokens", data={"name": "x", "scope": "write"})
    assert forged.status_code == 422
    nameless = post_form(client, "/account/tokens", {"name": " ", "scope": "write"})
    assert nameless.status_code == 422 and "Donnez un nom" in nameless.text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(ApiToken)).all() == []


def test_another_city_can_neither_see_nor_revoke_a_token(client_for, world):
    sceaux, bourg, lea, _pub_id, secret = world
    with tenant_scope(sceaux):
        token_id = db.session.scalars(select(ApiToken.id)).one()
    make_member(bourg, account=lea.account)  # the same person, member over there too
    client = client_for(bourg)
    log_in(client, "lea@example.org")
    # The token's name, "script", in the page's body (its head has meta "description").
    assert "script" not in client.get("/account/tokens").text.split("<main")[1]
    response = post_form(client, f"/account/tokens/{token_id}/revoke", {},
                         page="/account/tokens")
    assert response.status_code == 404
    assert client_for(sceaux).get("/api/v1/me", headers=bearer(secret)).status_code == 200


# --- the curl-like flow --------------------------------------------------------------

def test_a_write_token_of_sceaux_lists_and_comments_there_and_is_refused_on_bourg(
        client_for, world):
    sceaux, bourg, lea, pub_id, secret = world
    api = client_for(sceaux)
    listed = api.get("/api/v1/projects", headers=bearer(secret))
    assert listed.status_code == 200
    assert [p["title"] for p in listed.json["items"]] == ["Jardin partagé"]
    detail = api.get(f"/api/v1/projects/{pub_id}", headers=bearer(secret)).json
    assert detail["needs"][0]["text"] == "Un local"
    assert detail["holders"] == [{"kind": "member", "id": lea.id,
                                  "name": lea.account.display_name}]
    posted = api.post(f"/api/v1/projects/{pub_id}/comments", headers=bearer(secret),
                      json={"body": "Je peux aider le samedi."})
    assert posted.status_code == 201, posted.text
    assert posted.json["body"] == "Je peux aider le samedi."
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Comment.body)).all() == ["Je peux aider le samedi."]
    other = client_for(bourg)
    for response in (other.get("/api/v1/projects", headers=bearer(secret)),
                     other.post(f"/api/v1/projects/{pub_id}/comments", headers=bearer(secret),
                                json={"body": "Intrus"})):
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert response.json["status"] == 401
    with tenant_scope(bourg):
        assert db.session.scalars(select(Comment)).all() == []


def test_pages_of_a_list_follow_the_cursor_and_filters_match_the_html(client_for, world):
    sceaux, _bourg, lea, _pub_id, _secret = world
    for n in range(4):
        make_project(sceaux, lea, title=f"Projet {n}")
    make_project(sceaux, lea, title="Brouillon", status="draft")
    api = client_for(sceaux)
    seen, cursor = [], None
    while True:
        page = api.get("/api/v1/projects", query_string={
            "limit": 2, **({"cursor": cursor} if cursor else {})}).json
        seen += [p["title"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["Projet 3", "Projet 2", "Projet 1", "Projet 0", "Jardin partagé"]
    assert api.get("/api/v1/projects?kind=wish").json["items"] == []
    assert len(api.get("/api/v1/projects?needs=open&neighbourhood=Centre").json["items"]) == 5


def test_members_are_listed_as_their_visibility_allows(client_for, world):
    sceaux, bourg, lea, _pub_id, secret = world
    make_member(sceaux, email="membres@example.org", visibility="members")
    make_member(sceaux, email="cache@example.org", visibility="hidden")
    outsider = make_member(bourg, email="bourg@example.org", visibility="public")
    _id, bourg_secret = token_for(bourg, outsider)

    def names(client, headers=None):
        return sorted(m["name"] for m in client.get("/api/v1/members",
                                                    headers=headers or {}).json["items"])

    api = client_for(sceaux)
    assert names(api) == ["Lea"]  # a visitor: public profiles only
    assert names(api, bearer(secret)) == ["Lea", "Membres"]  # a member of Sceaux
    assert names(client_for(bourg), bearer(bourg_secret)) == ["Bourg"]


def test_taxonomy_in_the_readers_language_and_me_needs_someone(client_for, world):
    sceaux, _bourg, _lea, _pub_id, _secret = world
    api = client_for(sceaux)
    english = api.get("/api/v1/taxonomy", headers={"Accept-Language": "en"}).json
    french = api.get("/api/v1/taxonomy", headers={"Accept-Language": "fr"}).json
    ecology = [t["label"] for t in english["themes"] if t["code"] == "ecology"]
    assert ecology and ecology != [t["label"] for t in french["themes"]
                                   if t["code"] == "ecology"]
    assert api.get("/api/v1/me").status_code == 401


def test_reads_carry_an_etag_and_answer_304_when_unchanged(client_for, world):
    sceaux, _bourg, _lea, pub_id, secret = world
    api = client_for(sceaux)
    first = api.get(f"/api/v1/projects/{pub_id}", headers=bearer(secret))
    etag = first.headers["ETag"]
    again = api.get(f"/api/v1/projects/{pub_id}", headers=bearer(secret, **{
        "If-None-Match": etag}))
    assert again.status_code == 304 and again.data == b""
    api.post(f"/api/v1/projects/{pub_id}/comments", headers=bearer(secret),
             json={"body": "ok"})
    with tenant_scope(sceaux):
        db.session.get(Publication, pub_id).title = "Jardin partagé des Blagis"
        db.session.commit()
    changed = api.get(f"/api/v1/projects/{pub_id}", headers=bearer(secret, **{
        "If-None-Match": etag}))
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_replayed_idempotency_key_gets_the_first_answer(client_for, world):
    sceaux, _bourg, _lea, pub_id, secret = world
    api = client_for(sceaux)
    url = f"/api/v1/projects/{pub_id}/comments"
    headers = bearer(secret, **{"Idempotency-Key": "k-1"})
    first = api.post(url, headers=headers, json={"body": "Une fois"})
    replay = api.post(url, headers=headers, json={"body": "Une fois"})
    assert first.status_code == replay.status_code == 201
    assert replay.json == first.json
    other = api.post(url, headers=headers, json={"body": "Autre chose"})
    assert other.status_code == 422
    assert other.json["type"].endswith("#problem-idempotency-conflict")
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Comment.body)).all() == ["Une fois"]
        assert len(db.session.scalars(select(IdempotentAnswer)).all()) == 1


# --- bad input -----------------------------------------------------------------------

BAD = {
    "malformed JSON": ("post", {"data": b'{"body": ', "content_type": "application/json"},
                       400, "invalid-json", None),
    "unknown field": ("post", {"json": {"body": "ok", "admin": True}}, 422, "validation",
                      "admin"),
    "wrong type": ("post", {"json": {"body": 12}}, 422, "validation", "body"),
    "empty body text": ("post", {"json": {"body": "  "}}, 422, "validation", "body"),
    "not JSON": ("post", {"data": {"body": "x"}}, 415, "unsupported-media-type", None),
    "a list": ("post", {"json": ["body"]}, 422, "validation", "_schema"),
    "10 MB body": ("post", {"data": b"{" + b" " * (10 * 1024 * 1024) + b"}",
                            "content_type": "application/json"}, 413, "too-large", None),
    "limit of a million": ("get", {"query_string": {"limit": 10**6}}, 422, "validation",
                           "limit"),
    "limit of zero": ("get", {"query_string": {"limit": 0}}, 422, "validation", "limit"),
    "cursor altered": ("get", {"query_string": {"cursor": "eyJpIjo5OTl9.forged"}}, 400,
                       "bad-cursor", "cursor"),
    "cursor not ASCII": ("get", {"query_string": {"cursor": "é\u202e.ü"}}, 400, "bad-cursor",
                         "cursor"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_gets_a_translated_problem_never_a_500(client_for, world, case):
    sceaux, _bourg, _lea, pub_id, secret = world
    method, kwargs, status, kind, field = BAD[case]
    api = client_for(sceaux)
    url = f"/api/v1/projects/{pub_id}/comments" if method == "post" else "/api/v1/projects"
    answers = {}
    for language in ("fr", "en"):
        response = getattr(api, method)(url, headers=bearer(secret, **{
            "Accept-Language": language}), **kwargs)
        assert response.status_code == status, response.text
        assert response.mimetype == "application/problem+json"
        body = json.loads(response.data)
        assert body["status"] == status and body["type"].endswith(f"#problem-{kind}")
        if field:
            assert body["errors"][field]
        answers[language] = body["title"] + json.dumps(body.get("errors"))
    assert answers["fr"] != answers["en"]  # each in the reader's language
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Comment)).all() == []


def test_a_cursor_of_another_list_or_city_is_refused(client_for, world):
    sceaux, bourg, lea, _pub_id, _secret = world
    for n in range(3):
        make_project(sceaux, lea, title=f"Projet {n}")
    cursor = client_for(sceaux).get("/api/v1/projects?limit=1").json["next_cursor"]
    assert cursor
    assert client_for(sceaux).get(f"/api/v1/members?cursor={cursor}").status_code == 400
    assert client_for(bourg).get(f"/api/v1/projects?cursor={cursor}").status_code == 400


def test_tokens_refused_with_the_right_status(client_for, world):
    sceaux, _bourg, lea, pub_id, secret = world
    _id, read_secret = token_for(sceaux, lea, scope="read")
    api = client_for(sceaux)
    url = f"/api/v1/projects/{pub_id}/comments"
    read_only = api.post(url, headers=bearer(read_secret), json={"body": "Lecture"})
    assert read_only.status_code == 403 and read_only.json["detail"]
    assert api.post(url, json={"body": "Anonyme"}).status_code == 401
    assert api.get("/api/v1/me", headers=bearer("upc_nothing")).status_code == 401
    assert api.get("/api/v1/me", headers={"Authorization": "Basic abc"}).status_code == 401
    with tenant_scope(sceaux):
        db.session.get(ApiToken, _id).revoked_at = utcnow()
        db.session.commit()
    assert api.get("/api/v1/me", headers=bearer(read_secret)).status_code == 401
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Comment)).all() == []


@pytest.mark.parametrize("path", ["/api/v1/projects/999999", "/api/v1/organisations/999999",
                                  "/api/v1/projects/999999/comments", "/api/v1/nothing",
                                  "/api/v1/projects/99999999999"])
def test_unknown_ids_are_404_problems(client_for, world, path):
    sceaux, _bourg, _lea, _pub_id, secret = world
    api = client_for(sceaux)
    response = (api.post(path, headers=bearer(secret), json={"body": "x"})
                if path.endswith("comments") else api.get(path, headers=bearer(secret)))
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_a_draft_of_sceaux_is_not_found_and_the_national_site_has_no_api(client_for, world,
                                                                         national):
    sceaux, _bourg, lea, _pub_id, secret = world
    draft = make_project(sceaux, lea, title="Brouillon", status="draft")
    assert client_for(sceaux).get(f"/api/v1/projects/{draft}").status_code == 404
    response = national.get("/api/v1/projects")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_requests_are_limited_per_token(make_app, world):
    sceaux, _bourg, lea, pub_id, secret = world
    _id, other_secret = token_for(sceaux, lea)
    app = make_app(RATE_LIMITS=True)
    from upcampus.core.limits import API_WRITE_LIMITS

    allowed = int(API_WRITE_LIMITS["api.add_project_comment"].split()[0])
    client = app.test_client()
    client.host = f"{sceaux.subdomain}.upcampus.test"
    url = f"/api/v1/projects/{pub_id}/comments"
    statuses = [client.post(url, headers=bearer(secret), json={"body": f"n{n}"}).status_code
                for n in range(allowed + 1)]
    assert statuses[:allowed] == [201] * allowed
    assert statuses[-1] == 429
    refused = client.post(url, headers=bearer(secret), json={"body": "encore"})
    assert refused.mimetype == "application/problem+json"
    # Another token of the same person has a limit of its own.
    assert client.post(url, headers=bearer(other_secret), json={"body": "x"}).status_code == 201
    app.extensions["upcampus_limiter"].reset()


# --- the description -----------------------------------------------------------------

def test_openapi_document_and_docs_page(client_for, world):
    sceaux, _bourg, _lea, _pub_id, _secret = world
    api = client_for(sceaux)
    spec = api.get("/api/v1/openapi.json").json
    assert spec["openapi"] == "3.1.0"
    assert "/api/v1/projects/{pub_id}/comments" in spec["paths"]
    assert "Problem" in spec["components"]["schemas"]
    docs = api.get("/api/v1/docs", headers={"Accept-Language": "en"})
    assert docs.status_code == 200 and "GET /api/v1/projects" in docs.text
    assert "<script" not in docs.text and "http" not in docs.text.split("openapi.json")[0][-40:]
    assert "cdn" not in docs.text.lower()


class OnSceaux:
    """Every request on Sceaux's host, served in an empty context as in production (the
    test's own app context, session and scope stay apart)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        environ["HTTP_HOST"] = "sceaux.upcampus.test"
        return contextvars.Context().run(self.app, environ, start_response)


def test_schemathesis_finds_no_5xx_and_no_answer_outside_the_document(app, world):
    """Each operation of the document, a few generated requests each (schemathesis'
    lazy pytest fixture does not run under this pytest, so hypothesis drives it here)."""
    sceaux, _bourg, _lea, _pub_id, secret = world
    make_member(sceaux, email="membres@example.org", visibility="members")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", OnSceaux(app))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 32
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            case.call_and_validate(headers=bearer(secret), checks=checks)

        call()
