"""The browser session for same-site scripts (issue 14): reads with the session cookie, and
writes only with the CSRF token of one of the site's pages — a cookie another site makes
the browser send is not enough."""

from sqlalchemy import select

from tests.account_helpers import cookies_of
from tests.api.test_api import make_project
from tests.conftest import BASE_DOMAIN, csrf_from, log_in
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.projects.models import Support
from upcampus.tenancy.context import tenant_scope


def supports(city, pub_id):
    with tenant_scope(city):
        return db.session.scalars(select(Support).where(Support.publication_id == pub_id)).all()


def test_a_same_site_script_writes_with_the_pages_csrf_token_only(client_for, sceaux, bourg):
    lea = make_member(sceaux, email="lea@example.org")
    pub_id = make_project(sceaux, lea)
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    assert client.get("/api/v1/me").json["name"]
    forged = client.put(f"/api/v1/projects/{pub_id}/support")
    assert forged.status_code == 403 and forged.mimetype == "application/problem+json"
    assert "X-CSRFToken" in forged.json["detail"]
    wrong = client.put(f"/api/v1/projects/{pub_id}/support", headers={"X-CSRFToken": "nope"})
    assert wrong.status_code == 403 and supports(sceaux, pub_id) == []
    token = csrf_from(client.get("/account").text)
    done = client.put(f"/api/v1/projects/{pub_id}/support", headers={"X-CSRFToken": token})
    assert done.status_code == 204 and len(supports(sceaux, pub_id)) == 1
    comment = client.post(f"/api/v1/projects/{pub_id}/comments", json={"body": "Bravo !"},
                          headers={"X-CSRFToken": token})
    assert comment.status_code == 201 and comment.json["body"] == "Bravo !"


def test_a_session_of_one_city_writes_nothing_on_another(client_for, sceaux, bourg):
    make_member(sceaux, email="lea@example.org")
    other = make_member(bourg, email="paul@example.org")
    pub_id = make_project(bourg, other)
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    token = csrf_from(client.get("/account").text)
    there = client_for(bourg)
    for name, value in cookies_of(client, sceaux).items():  # carried over by hand
        there.set_cookie(name, value, domain=f"{bourg.subdomain}.{BASE_DOMAIN}")
    answer = there.put(f"/api/v1/projects/{pub_id}/support", headers={"X-CSRFToken": token})
    assert answer.status_code in (401, 403) and supports(bourg, pub_id) == []
