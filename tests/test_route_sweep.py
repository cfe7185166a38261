"""Every route, called on one city's host with the identifiers of the other city's rows,
by a visitor and by that city's administrator (who is also a plain member of the other
city): nothing of the other city is shown, and nothing of it changes.

A new route with URL arguments must say here which value of the other city to try; the
sweep fails on a route it does not know how to call, so none is forgotten."""

import pytest
from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.organisations.models import (
    Organisation,
    OrganisationJoinRequest,
    OrganisationMember,
)
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.scoping import SharedOrLocal, TenantOwned

from .conftest import csrf_from, log_in
from .factories import make_member

SECRET = "SECRET-OF-BOURG"


@pytest.fixture
def bourg_world(two_cities):
    """Rows of Bourg-la-Reine, each carrying the secret marker where it has text."""
    sceaux, bourg = two_cities
    admin = make_member(sceaux, "admin", email="admin@sceaux.test.org")
    make_member(bourg, "member", account=admin.account)  # a plain member over there
    holder = make_member(bourg, "admin", email="holder@bourg.test.org", visibility="public",
                         bio=SECRET, offers=SECRET, neighbourhood=SECRET)
    asker = make_member(bourg, email="asker@bourg.test.org", visibility="public", bio=SECRET)
    with tenant_scope(bourg):
        organisation = Organisation(name=SECRET, slug="secret", kind="association",
                                    description=SECRET, offers=["advice"])
        organisation.members.append(OrganisationMember(membership_id=holder.id, role="admin"))
        db.session.add(organisation)
        db.session.add(Theme(code="local-secret", label_fr=SECRET, label_en=SECRET))
        db.session.flush()
        join_request = OrganisationJoinRequest(organisation_id=organisation.id,
                                               membership_id=asker.id, message=SECRET)
        db.session.add(join_request)
        db.session.commit()
        values = {
            "slug": "secret-de-bourg", "code": "en", "filename": "css/main.css",
            "token": "x", "membership_id": str(holder.id), "org_id": str(organisation.id),
            "request_id": str(join_request.id),
            "member_id": str(organisation.members[0].id), "answer": "accept",
            "action": "suspend",
        }
    return sceaux, bourg, admin, values


def urls(app, values):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"{rule.rule}: add a value for {unknown} to bourg_world"
        yield rule, app.url_map.bind("x").build(rule.endpoint, {
            name: values[name] for name in rule.arguments}, append_unknown=False)


def bourg_fingerprint(bourg) -> list:
    """Every row Bourg-la-Reine owns, as plain values."""
    rows = []
    owned = [m.class_ for m in db.Model.registry.mappers
             if issubclass(m.class_, TenantOwned | SharedOrLocal)]
    with across_tenants():
        for model in sorted(owned, key=lambda m: m.__name__):
            for row in db.session.scalars(select(model).where(model.tenant_id == bourg.id)):
                rows.append((model.__name__, sorted(
                    (c.key, repr(getattr(row, c.key))) for c in model.__mapper__.column_attrs)))
    db.session.rollback()
    return rows


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "admin"])
def test_no_route_of_a_city_shows_another_citys_rows(app, client_for, bourg_world, logged_in):
    sceaux, bourg, admin, values = bourg_world
    client = client_for(sceaux)
    if logged_in:
        log_in(client, admin.account.email)
    assert SECRET in client_for(bourg).get(f"/members/{values['membership_id']}").text
    tried = 0
    for rule, url in urls(app, values):
        if "GET" not in rule.methods:
            continue
        response = client.get(url, headers={"Accept-Language": "fr"})
        body = response.get_data(as_text=True)
        response.close()
        tried += 1
        assert response.status_code < 500, url
        assert SECRET not in body, url
    assert tried > 20


def test_no_write_reaches_another_city(app, client_for, bourg_world):
    sceaux, bourg, admin, values = bourg_world
    client = client_for(sceaux)
    log_in(client, admin.account.email)
    token = csrf_from(client.get("/account").text)
    before = bourg_fingerprint(bourg)
    data = {"csrf_token": token, "role": "admin", "name": "hijacked", "kind": "business",
            "message": "hijacked", "display_name": "hijacked", "label_fr": "hijacked",
            "bio": "hijacked", "visibility": "public", "kind_": "theme"}
    posted = 0
    for rule, url in urls(app, values):
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            response = client.open(url, method=method, data=data)
            response.close()
            posted += 1
            assert response.status_code < 500, (method, url)
    assert posted > 10
    assert bourg_fingerprint(bourg) == before
    with tenant_scope(bourg):
        assert db.session.scalars(select(Membership.role).where(
            Membership.id == int(values["membership_id"]))).one() == "admin"
