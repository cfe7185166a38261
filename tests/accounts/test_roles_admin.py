"""Roles per city, decided in one policy module; city admins manage members."""

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, log_in, post_form
from tests.factories import make_account, make_member
from upcampus.accounts import policy
from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.tenancy.context import tenant_scope


def role_of(membership):
    with tenant_scope(membership.tenant_id):
        return db.session.get(Membership, membership.id).role


# --- the policy, without HTTP -----------------------------------------------------------

def _m(role="member", status="active", visibility="members", account_id=1):
    return Membership(role=role, status=status, visibility=visibility, account_id=account_id)


class Person:
    is_authenticated = True

    def __init__(self, id_=1, platform=False):
        self.id, self.is_platform_admin = id_, platform


@pytest.mark.parametrize(("role", "permission", "allowed"), [
    ("member", "members.manage", False), ("admin", "members.manage", True),
    ("moderator", "content.moderate", True), ("facilitator", "content.moderate", False),
    ("facilitator", "projects.facilitate", True), ("member", "organisations.create", True),
    ("facilitator", "taxonomy.extend", True), ("moderator", "taxonomy.extend", False),
])
def test_permissions_by_role(role, permission, allowed):
    assert policy.can(Person(), permission, _m(role)) is allowed


def test_suspended_members_and_visitors_may_do_nothing_platform_admins_everything():
    assert not policy.can(Person(), "organisations.create", _m(status="suspended"))
    assert not policy.can(None, "organisations.create", None)
    assert policy.can(Person(platform=True), "members.manage", None)


def test_role_change_rules():
    admin, target = _m("admin", account_id=1), _m("admin", account_id=2)
    assert policy.role_change_refusal(Person(), _m("member"), target, "member", 2) == "not_admin"
    assert policy.role_change_refusal(Person(), admin, target, "wizard", 2) == "unknown_role"
    assert policy.role_change_refusal(Person(), admin, target, "member", 1) == "last_admin"
    assert policy.role_change_refusal(Person(), admin, target, "member", 2) is None


@pytest.mark.parametrize(("visibility", "viewer", "seen"), [
    ("public", None, True), ("members", None, False), ("members", "member", True),
    ("hidden", "member", False), ("hidden", "admin", True),
])
def test_profile_visibility(visibility, viewer, seen):
    viewer_membership = _m(viewer, account_id=9) if viewer else None
    account = Person(9) if viewer else None
    target = _m(visibility=visibility, account_id=2)
    assert policy.can_see_profile(account, viewer_membership, target) is seen


# --- through HTTP -------------------------------------------------------------------------

@pytest.fixture
def staff(client_for, sceaux):
    admin = make_member(sceaux, "admin", email="admin@example.org")
    member = make_member(sceaux, email="member@example.org")
    client = client_for(sceaux)
    log_in(client, "admin@example.org")
    return admin, member, client


def test_admin_lists_members_and_changes_a_role(staff):
    admin, member, client = staff
    page = client.get("/admin/members")
    assert page.status_code == 200 and "member@example.org" in page.text
    response = post_form(client, f"/admin/members/{member.id}/role", {"role": "facilitator"},
                         page="/admin/members")
    assert response.status_code == 302 and role_of(member) == "facilitator"
    assert "a maintenant le rôle : Facilitateur·rice" in client.get("/admin/members").text


def test_a_non_admin_cannot_change_roles(client_for, sceaux, staff):
    admin, member, _ = staff
    client = client_for(sceaux)
    log_in(client, "member@example.org")
    assert client.get("/admin/members").status_code == 403
    token = csrf_from(client.get("/account").text)
    response = client.post(f"/admin/members/{admin.id}/role",
                           data={"csrf_token": token, "role": "member"})
    assert response.status_code == 403 and role_of(admin) == "admin"
    forbidden = client.post(f"/admin/members/{member.id}/role",
                            data={"csrf_token": token, "role": "admin"},
                            headers={"Accept-Language": "en"})
    assert forbidden.status_code == 403 and "Access denied" in forbidden.text
    assert role_of(member) == "member"


def test_visitors_are_sent_to_login(client_for, sceaux):
    response = client_for(sceaux).get("/admin/members")
    assert response.status_code == 302 and "/login" in response.location


def test_the_last_admin_cannot_step_down(staff):
    admin, _, client = staff
    post_form(client, f"/admin/members/{admin.id}/role", {"role": "member"},
              page="/admin/members")
    assert role_of(admin) == "admin"
    assert "au moins un administrateur" in client.get("/admin/members").text


def test_role_change_with_a_forged_token_or_bad_role_changes_nothing(staff):
    _, member, client = staff
    client.post(f"/admin/members/{member.id}/role", data={"csrf_token": "x", "role": "admin"})
    post_form(client, f"/admin/members/{member.id}/role", {"role": "emperor"},
              page="/admin/members")
    assert role_of(member) == "member"


def test_suspend_and_reinstate(staff, client_for, sceaux):
    _, member, client = staff
    post_form(client, f"/admin/members/{member.id}/suspend", {}, page="/admin/members")
    with tenant_scope(sceaux):
        assert db.session.get(Membership, member.id).status == "suspended"
    suspended = client_for(sceaux)
    log_in(suspended, "member@example.org")
    assert suspended.get("/organisations/new").status_code == 302  # may not create
    post_form(client, f"/admin/members/{member.id}/reinstate", {}, page="/admin/members")
    with tenant_scope(sceaux):
        assert db.session.get(Membership, member.id).status == "active"


def test_admins_of_one_city_have_no_power_in_another(client_for, two_cities):
    sceaux, bourg = two_cities
    admin = make_member(sceaux, "admin", email="admin@example.org")
    make_member(bourg, account=admin.account)
    target = make_member(bourg, email="target@example.org")
    client = client_for(bourg)
    log_in(client, "admin@example.org")
    assert client.get("/admin/members").status_code == 403
    token = csrf_from(client.get("/account").text)
    client.post(f"/admin/members/{target.id}/role", data={"csrf_token": token, "role": "admin"})
    assert role_of(target) == "member"


def test_platform_admins_manage_every_city(client_for, two_cities):
    sceaux, bourg = two_cities
    boss = make_account("platform@example.org", is_platform_admin=True)
    make_member(bourg, account=boss)
    client = client_for(bourg)
    log_in(client, "platform@example.org")
    assert client.get("/admin/members").status_code == 200


def test_production_refuses_to_start_with_demo_accounts(make_app, app_context):
    make_account("member@sceaux.example")
    with pytest.raises(RuntimeError, match="Demo account member@sceaux.example exists"):
        make_app(ENV="production", SECRET_KEY="s" * 40)
    db.session.execute(Account.__table__.delete())
    db.session.commit()
    assert make_app(ENV="production", SECRET_KEY="s" * 40)  # starts once they are gone
    assert db.session.scalars(select(Account)).all() == []


def test_no_suspend_is_offered_on_one_own_row(staff):
    admin, member, client = staff
    page = client.get("/admin/members").text
    assert f"/admin/members/{member.id}/suspend" in page
    assert f"/admin/members/{admin.id}/suspend" not in page
    # Typed by hand, the confirmation page sends back to the list with the reason.
    response = client.get(f"/admin/members/{admin.id}/suspend")
    assert response.status_code == 302 and response.location.endswith("/admin/members")
    assert "vous suspendre vous-même" in client.get("/admin/members").text
    post_form(client, f"/admin/members/{admin.id}/suspend", {}, page="/admin/members")
    with tenant_scope(admin.tenant_id):
        assert db.session.get(Membership, admin.id).status == "active"
