"""Consent: sign-up records the charter and terms accepted with their versions; a new
version asks again before anything else (accept, or decline and be signed out); the API
refuses writes until then."""

import pytest
from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, log_in, post_form
from tests.factories import make_member
from upcampus.accounts.models import Account, Consent
from upcampus.core.db import db
from upcampus.projects.models import Publication
from upcampus.tenancy.context import tenant_scope

from ..api.test_api import bearer, token_for

SIGNUP = {"display_name": "Léa Benali", "email": "lea@example.org",
          "password": "une longue phrase de passe"}
NEW_TERMS = ["charte:2026-11-30", "conditions:2027-03-01"]


def consents(email: str) -> set[tuple[str, str, int | None]]:
    account = db.session.scalars(select(Account).where(Account.email == email)).one()
    return {(c.document, c.version, c.city_id) for c in db.session.scalars(
        select(Consent).where(Consent.account_id == account.id))}


def test_signing_up_records_the_charter_and_terms_with_their_versions(client_for, sceaux):
    client = client_for(sceaux)
    page = client.get("/signup").text
    assert 'href="/pages/charte"' in page and 'href="/pages/conditions"' in page
    refused = post_form(client, "/signup", SIGNUP)
    assert refused.status_code == 422
    assert "Acceptez la charte et les conditions d&#39;utilisation" in refused.text
    assert db.session.scalars(select(Account)).all() == []
    accepted = post_form(client, "/signup", {**SIGNUP, "accept": "y"})
    assert accepted.status_code == 302
    assert consents("lea@example.org") == {("charte", "2026-11-30", sceaux.id),
                                           ("conditions", "2026-11-30", sceaux.id)}


def test_the_terms_page_is_shared_and_in_every_footer(client_for, sceaux):
    client = client_for(sceaux)
    assert 'href="/pages/conditions"' in client.get("/").text
    english = client.get("/pages/conditions?lang=en")
    assert english.status_code == 200 and "Terms of use" in english.text


def test_a_new_version_asks_a_signed_in_person_before_anything_else(
        app, client_for, sceaux, monkeypatch):
    member = make_member(sceaux, email="marc@example.org")
    client = client_for(sceaux)
    log_in(client, "marc@example.org")
    assert client.get("/account").status_code == 200
    monkeypatch.setitem(app.config, "CONSENT_VERSIONS", NEW_TERMS)
    asked = client.get("/account")
    assert asked.status_code == 302 and asked.location == "/consent?next=/account"
    page = client.get(asked.location).text.partition("<footer")[0]
    assert 'href="/pages/conditions"' in page and "2027-03-01" in page
    assert 'href="/pages/charte"' not in page  # the charter did not change
    # Nothing else opens meanwhile, not even a form sent from an old page.
    assert client.get("/projects/new").location.startswith("/consent")
    replayed = client.post("/projects/new", data={"title": "Un jardin"})
    assert replayed.status_code == 302 and replayed.location == "/consent?next=/"
    assert client.get("/pages/conditions").status_code == 200  # the document itself does
    done = post_form(client, "/consent", {"decision": "accept", "next": "/account"},
                     page="/consent")
    assert done.status_code == 302 and done.location == "/account"
    assert ("conditions", "2027-03-01", sceaux.id) in consents("marc@example.org")
    assert client.get("/account").status_code == 200
    assert member.id


def test_declining_explains_and_signs_out_and_the_next_sign_in_asks_again(
        app, client_for, sceaux, monkeypatch):
    make_member(sceaux, email="marc@example.org")
    monkeypatch.setitem(app.config, "CONSENT_VERSIONS", NEW_TERMS)
    client = client_for(sceaux)
    signed_in = log_in(client, "marc@example.org")
    assert client.get(signed_in.location).location.startswith("/consent")
    declined = post_form(client, "/consent", {"decision": "decline"}, page="/consent")
    assert declined.status_code == 302
    home = client.get(declined.location).text
    assert "vous pouvez toujours lire les réseaux" in home
    assert client.get("/account").location.startswith("/login")  # signed out
    assert ("conditions", "2027-03-01", sceaux.id) not in consents("marc@example.org")
    log_in(client, "marc@example.org")
    assert client.get("/account").location.startswith("/consent")


def test_the_national_site_asks_too(app, client_for, sceaux, monkeypatch):
    make_member(sceaux, email="marc@example.org")
    monkeypatch.setitem(app.config, "CONSENT_VERSIONS", NEW_TERMS)
    national = client_for(BASE_DOMAIN)
    log_in(national, "marc@example.org")
    assert national.get("/account").location.startswith("/consent")


def test_the_api_refuses_writes_until_the_new_terms_are_accepted(
        app, client_for, sceaux, monkeypatch):
    member = make_member(sceaux, email="marc@example.org")
    _id, secret = token_for(sceaux, member)
    monkeypatch.setitem(app.config, "CONSENT_VERSIONS", NEW_TERMS)
    api = client_for(sceaux)
    body = {"kind": "project", "title": "Composteur", "stage": "idea", "themes": ["ecology"],
            "status": "published", "description": "Au square"}
    refused = api.post("/api/v1/projects", headers=bearer(secret), json=body)
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert "charte" in refused.text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Publication)).all() == []
    assert api.get("/api/v1/me", headers=bearer(secret)).status_code == 200  # reads do


def test_accepting_twice_at_once_keeps_one_row(app, client_for, sceaux, monkeypatch):
    from tests.threads import all_at_once

    make_member(sceaux, email="marc@example.org")
    monkeypatch.setitem(app.config, "CONSENT_VERSIONS", NEW_TERMS)
    clients = [client_for(sceaux) for _ in range(4)]
    for client in clients:
        log_in(client, "marc@example.org")
    from tests.conftest import csrf_from

    tokens = [csrf_from(c.get("/consent").text) for c in clients]
    statuses = all_at_once([
        lambda c=c, t=t: c.post("/consent",
                                data={"csrf_token": t, "decision": "accept"}).status_code
        for c, t in zip(clients, tokens, strict=True)])
    assert statuses == [302] * 4
    rows = [c for c in consents("marc@example.org") if c[1] == "2027-03-01"]
    assert rows == [("conditions", "2027-03-01", sceaux.id)]


def test_sign_up_without_a_page_refuses_without_acceptance(sceaux):
    from upcampus.accounts.operations import sign_up
    from upcampus.core.rules import RuleError
    from upcampus.tenancy.resolver import CityInfo

    city = CityInfo.load(sceaux.id)
    for accept in (None, False):
        payload = {**SIGNUP, **({} if accept is None else {"accept": accept})}
        with tenant_scope(sceaux), pytest.raises(RuleError) as refused:
            sign_up(city, payload, locale="fr", base_url="http://x")
        assert refused.value.field == "accept"
    assert db.session.scalars(select(Account)).all() == []


def test_declining_new_terms_never_locks_anyone_out_of_their_data(
        app, client_for, sceaux, monkeypatch):
    make_member(sceaux, email="marc@example.org")
    monkeypatch.setitem(app.config, "CONSENT_VERSIONS", NEW_TERMS)
    client = client_for(sceaux)
    log_in(client, "marc@example.org")
    asked = client.get("/consent").text
    assert 'href="/account/delete"' in asked and 'href="/account/leave"' in asked
    assert client.get("/account/delete").status_code == 200  # not sent to /consent
    assert client.get("/account/leave").status_code == 200
    exported = post_form(client, "/account/export", {}, page="/consent")
    assert exported.status_code == 302
    from upcampus.accounts.models import DataExport
    assert db.session.scalars(select(DataExport)).all()  # asked without accepting
    assert client.get("/projects/new").location.startswith("/consent")  # taking part: no
