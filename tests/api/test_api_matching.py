"""/api/v1/ for matching: who could meet a need (its holders only, as on the project
page), with reasons in the reader's language, and the needs that fit the reader."""

import pytest

from tests.api.test_api import bearer
from tests.matching.helpers import accounting_city
from upcampus.accounts.models import Membership
from upcampus.api.operations import create_token
from upcampus.core.db import db
from upcampus.tenancy.context import tenant_scope


def token_of(city, membership_id, scope="read"):
    with tenant_scope(city):
        account = db.session.get(Membership, membership_id).account
        return bearer(create_token(account, "script", scope)[1])


@pytest.fixture
def city(two_cities):
    sceaux, bourg = two_cities
    ids = accounting_city(sceaux)
    others = accounting_city(bourg, prefix="b-")
    return {"sceaux": sceaux, "bourg": bourg, "ids": ids, "others": others,
            "holder": token_of(sceaux, ids["holder"]),
            "accountant": token_of(sceaux, ids["accountant"]),
            "bourg_holder": token_of(bourg, others["holder"]),
            "bourg_accountant": token_of(bourg, others["accountant"])}


def test_the_holders_see_who_could_help_with_reasons(client_for, city):
    ids = city["ids"]
    api = client_for(city["sceaux"])
    url = f"/api/v1/needs/{ids['need']}/suggestions"
    answer = api.get(url, headers={**city["holder"], "Accept-Language": "fr"})
    assert answer.status_code == 200, answer.text
    items = answer.json["items"]
    assert (items[0]["kind"], items[0]["id"]) == ("member", ids["accountant"])
    assert items[0]["name"] == "Ana Compta" and items[0]["reasons"]
    assert "comptabilité" in " ".join(items[0]["reasons"]).lower()
    shown = {(i["kind"], i["id"]) for i in items}
    for who in ("hidden", "suspended", "shy", "holder"):
        assert ("member", ids[who]) not in shown
    english = api.get(url, headers={**city["holder"], "Accept-Language": "en"}).json
    assert english["items"][0]["reasons"] != items[0]["reasons"]
    # Not a holder: 403; nobody: 401; another city's token: 401; another city's need: 404.
    assert api.get(url, headers=city["accountant"]).status_code == 403
    assert api.get(url).status_code == 401
    other = client_for(city["bourg"])
    assert other.get(url, headers=city["holder"]).status_code == 401
    assert other.get(url, headers=city["bourg_holder"]).status_code == 404


def test_needs_for_me_lists_the_needs_that_fit_the_reader(client_for, city):
    ids = city["ids"]
    api = client_for(city["sceaux"])
    answer = api.get("/api/v1/me/needs-for-me", headers=city["accountant"])
    assert answer.status_code == 200
    items = answer.json["items"]
    assert items and items[0]["need"]["id"] == ids["need"]
    assert items[0]["project_title"] == "Le club des Blagis" and items[0]["reasons"]
    # Bourg's matching twin never shows up on Sceaux, nor Sceaux's need on Bourg.
    assert {i["need"]["id"] for i in items} <= {ids["need"], ids["funding_need"]}
    assert api.get("/api/v1/me/needs-for-me").status_code == 401
    bourg_items = client_for(city["bourg"]).get("/api/v1/me/needs-for-me",
                                                headers=city["bourg_accountant"]).json["items"]
    assert [i["need"]["id"] for i in bourg_items][:1] == [city["others"]["need"]]


def test_the_switch_turns_both_off(client_for, city):
    sceaux = city["sceaux"]
    sceaux.features = {**sceaux.features, "matching": False}
    db.session.commit()
    api = client_for(sceaux)
    for url in (f"/api/v1/needs/{city['ids']['need']}/suggestions", "/api/v1/me/needs-for-me"):
        answer = api.get(url, headers=city["holder"])
        assert answer.status_code == 404 and answer.mimetype == "application/problem+json"
