"""The console at /console on the national host: who may open it, the figures of every
city in a fixed number of queries, onboarding with the manifest's rules and an invited
first admin, status, features, hosts and languages, national roles, the audit log."""

import re

import pytest
from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, csrf_from, log_in, outbox, post_form
from tests.factories import make_account, make_tenant
from upcampus.accounts.models import Account, Membership
from upcampus.console.models import AuditEntry
from upcampus.core.db import db, utcnow
from upcampus.projects.models import Publication
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.models import Tenant


@pytest.fixture
def platform_admin(app_context):
    account = make_account("platform@example.org")
    account.is_platform_admin = True
    db.session.commit()
    return account


@pytest.fixture
def console(national, platform_admin):
    log_in(national, "platform@example.org")
    return national


def test_only_the_national_team_opens_the_console(client_for, two_cities, member_of,
                                                  platform_admin):
    sceaux, _bourg = two_cities
    city_admin = member_of(sceaux, "admin", email="admin@example.org")
    # On a city's host there is no console at all.
    on_city = client_for(sceaux)
    log_in(on_city, "admin@example.org")
    assert on_city.get("/console").status_code == 404
    # On the national host: a login first, then the national role.
    national = client_for(BASE_DOMAIN)
    assert national.get("/console").status_code == 302
    log_in(national, city_admin.account.email)
    assert national.get("/console").status_code == 403
    assert national.get("/console/audit").status_code == 403
    assert national.get("/console/taxonomy/theme").status_code == 403
    # Support reads, changes nothing.
    support = make_account("support@example.org")
    support.national_role = "support"
    db.session.commit()
    reader = client_for(BASE_DOMAIN)
    log_in(reader, "support@example.org")
    assert reader.get("/console").status_code == 200
    page = reader.get(f"/console/cities/{sceaux.slug}")
    assert page.status_code == 200 and "save_status" not in page.text
    token = csrf_from(reader.get("/account").text)
    response = reader.post(f"/console/cities/{sceaux.slug}/status",
                           data={"csrf_token": token, "status": "suspended",
                                 "message_fr": "fermé"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Tenant, sceaux.id).status == "active"
    # A national editor edits national content but does not read the console.
    from upcampus.accounts.policy import can_nationally
    editor = make_account("editor@example.org")
    editor.national_role = "editor"
    db.session.commit()
    assert can_nationally(editor, "edit_national_content")
    assert not can_nationally(editor, "console.read")
    assert not can_nationally(support, "edit_national_content")


def _cities_with_figures(start: int, count: int):
    for i in range(start, start + count):
        city = make_tenant(f"ville-{i}", name=f"UP Ville {i}")
        for j in range(i % 3 + 1):
            member = Membership(account_id=make_account(f"m{i}-{j}@example.org").id)
            with tenant_scope(city):
                db.session.add(member)
                db.session.commit()


def test_city_figures_take_a_fixed_number_of_queries(console, count_queries, two_cities):
    _cities_with_figures(0, 2)
    with count_queries() as small:
        assert console.get("/console").status_code == 200
    _cities_with_figures(2, 6)
    with count_queries() as large:
        page = console.get("/console?sort=members&dir=desc")
    assert page.status_code == 200
    assert large.count == small.count
    assert "UP Ville 7" in page.text and "<svg" in page.text and 'role="img"' in page.text


def test_figures_and_sorting(app_context, two_cities, member_of):
    from upcampus.console.operations import city_figures, sorted_cities

    sceaux, bourg = two_cities
    member = member_of(sceaux, email="a@example.org")
    member_of(sceaux, email="b@example.org")
    member_of(bourg, email="c@example.org")
    member.account.last_login_at = utcnow()
    db.session.commit()
    with tenant_scope(sceaux):
        db.session.add(Publication(kind="project", title="P", slug="p", status="published",
                                   author_id=member.id, published_at=utcnow()))
        db.session.commit()
    figures = {c["slug"]: c for c in city_figures()}
    assert (figures["sceaux"]["members"], figures["sceaux"]["active"],
            figures["sceaux"]["projects"]) == (2, 1, 1)
    assert (figures["bourg-la-reine"]["members"], figures["bourg-la-reine"]["projects"]) == (1, 0)
    assert figures["sceaux"]["last_activity"] is not None
    ordered = sorted_cities(list(figures.values()), "members", True)
    assert [c["slug"] for c in ordered] == ["sceaux", "bourg-la-reine"]


ONBOARD = {"slug": "antony", "name": "UP Antony", "city": "Antony", "subdomain": "",
           "custom_domains": "", "default_locale": "fr", "enabled": ["fr", "en"],
           "primary": "#12466b", "secondary": "#8a3300", "font": "system",
           "admin_email": "maire@antony.example.org"}


def test_onboard_a_city_and_its_invited_admin_takes_it(console, client_for, two_cities):
    response = post_form(console, "/console/cities/new", ONBOARD)
    assert response.status_code == 302, response.text
    city = db.session.scalars(select(Tenant).where(Tenant.slug == "antony")).one()
    assert city.logo_type == "image/svg+xml" and city.branding["primary"] == "#12466b"
    email = outbox(city)[0]
    assert email.to_address == "maire@antony.example.org"
    link = re.search(r"http://antony\.upcampus\.test(/invitation/\S+)", email.body_text)
    assert link, email.body_text
    # The city's home is up and branded; its admin accepts on its own host.
    visitor = client_for(f"antony.{BASE_DOMAIN}")
    assert "UP Antony" in visitor.get("/").text
    assert visitor.get(link.group(1)).status_code == 200
    accepted = post_form(visitor, link.group(1), {"display_name": "Maire",
                                                  "password": "correct horse battery"})
    assert accepted.status_code == 302
    # A new account accepts the charter and terms of use first, as every sign-up does.
    assert visitor.get("/admin/members").location == "/consent?next=/admin/members"
    assert post_form(visitor, "/consent", {"decision": "accept", "next": "/admin/members"},
                     page="/consent").location == "/admin/members"
    assert visitor.get("/admin/members").status_code == 200
    with tenant_scope(city):
        membership = db.session.scalars(select(Membership)).one()
        assert membership.role == "admin" and membership.account.email_verified
    # Used once; another city's host refuses it.
    again = client_for(f"antony.{BASE_DOMAIN}")
    assert again.get(link.group(1)).status_code == 400
    assert client_for(two_cities[0]).get(link.group(1)).status_code == 400
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"city.onboard", "city.invite", "city.invite.accepted"} <= actions
    # Demoted later, the same link does not make its admin an admin again.
    with tenant_scope(city):
        db.session.scalars(select(Membership)).one().role = "member"
        db.session.commit()
    assert client_for(f"antony.{BASE_DOMAIN}").get(link.group(1)).status_code == 400


def test_an_invited_existing_account_logs_in_first(console, client_for, app_context):
    make_account("maire@antony.example.org")
    assert post_form(console, "/console/cities/new", ONBOARD).status_code == 302
    city = db.session.scalars(select(Tenant).where(Tenant.slug == "antony")).one()
    path = re.search(r"(/invitation/\S+)", outbox(city)[0].body_text).group(1)
    client = client_for(f"antony.{BASE_DOMAIN}")
    page = client.get(path)
    assert 'name="password"' not in page.text and "/login?next=" in page.text
    log_in(client, "maire@antony.example.org")
    assert post_form(client, path, {}).status_code == 302
    with tenant_scope(city):
        assert db.session.scalars(select(Membership.role)).one() == "admin"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"slug": "sceaux"}, "slug", "already taken"),
    ({"subdomain": "bourg-la-reine"}, "subdomain", "Already used by bourg-la-reine"),
    ({"custom_domains": "x.upcampus.test"}, "custom_domains", "under the platform"),
    ({"custom_domains": "not a host"}, "custom_domains", "is not a domain name"),
    ({"primary": "blue"}, "primary", "Not a colour like #1d4f91."),
    ({"slug": "www"}, "slug", "reserved"),
    ({"enabled": ["en"], "default_locale": "fr"}, "default_locale",
     "The default language must be one of the enabled ones."),
])
def test_onboarding_refuses_with_the_manifest_messages(console, two_cities, change, field,
                                                       message):
    console.get("/lang/en")
    response = post_form(console, "/console/cities/new", {**ONBOARD, **change})
    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalar(select(Tenant.id).where(Tenant.slug == "antony")) is None
    assert outbox() == []
    assert db.session.scalar(select(AuditEntry.id)) is None


def test_the_cli_and_the_console_refuse_in_the_same_words(app_context, tmp_path, two_cities):
    from tests.factories import write_manifest
    from upcampus.tenancy.manifest import ManifestError, flatten
    from upcampus.tenancy.operations import check_city, read_manifest

    folder = write_manifest(tmp_path / "antony", {"branding": {"primary": "blue"},
                                                  "subdomain": "sceaux"})
    with pytest.raises(ManifestError) as from_folder:
        read_manifest(folder)
    with pytest.raises(ManifestError) as from_console:
        check_city({"slug": "antony", "name": "UP Antony", "city": "Antony",
                    "subdomain": "sceaux", "branding": {"primary": "blue",
                                                        "secondary": "#8a3300"}})
    assert dict(flatten(from_folder.value.errors)) == dict(flatten(from_console.value.errors))


def test_suspend_with_a_message_then_reactivate(console, client_for, two_cities):
    sceaux, _bourg = two_cities
    path = f"/console/cities/{sceaux.slug}"
    refused = post_form(console, f"{path}/status", {"status": "suspended"}, page=path)
    assert refused.status_code == 422
    assert db.session.get(Tenant, sceaux.id).status == "active"
    done = post_form(console, f"{path}/status",
                     {"status": "suspended", "message_fr": "Fermé pour travaux"}, page=path)
    assert done.status_code == 302
    closed = client_for(sceaux).get("/")
    assert closed.status_code == 503 and "Fermé pour travaux" in closed.text
    post_form(console, f"{path}/status", {"status": "active"}, page=path)
    assert client_for(sceaux).get("/").status_code == 200
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.action, e.before["status"], e.after["status"]) for e in entries] == [
        ("city.status", "active", "suspended"), ("city.status", "suspended", "active")]
    assert entries[0].actor_email == "platform@example.org" and entries[0].city_slug == "sceaux"


def test_switch_features(console, client_for, two_cities):
    sceaux, _bourg = two_cities
    path = f"/console/cities/{sceaux.slug}"
    assert client_for(sceaux).get("/projects").status_code == 200
    post_form(console, f"{path}/features", {"features": ["directory", "api"]}, page=path)
    db.session.expire_all()
    assert db.session.get(Tenant, sceaux.id).features == {
        "directory": True, "projects": False, "api": True, "events": False, "matching": False}
    assert client_for(sceaux).get("/projects").status_code == 404


def test_edit_hosts_and_languages(console, client_for, two_cities):
    sceaux, bourg = two_cities
    path = f"/console/cities/{sceaux.slug}"
    taken = post_form(console, f"{path}/hosts", {
        "subdomain": "bourg-la-reine", "custom_domains": "", "default_locale": "fr",
        "enabled": ["fr"]}, page=path)
    assert taken.status_code == 422
    outside = post_form(console, f"{path}/hosts", {
        "subdomain": "sceaux", "custom_domains": f"evil.{BASE_DOMAIN}",
        "default_locale": "fr", "enabled": ["fr"]}, page=path)
    assert outside.status_code == 422
    db.session.expire_all()
    assert db.session.get(Tenant, sceaux.id).domains == []
    done = post_form(console, f"{path}/hosts", {
        "subdomain": "up-sceaux", "custom_domains": "up.sceaux.example",
        "default_locale": "fr", "enabled": ["fr"]}, page=path)
    assert done.status_code == 302
    assert client_for(f"up-sceaux.{BASE_DOMAIN}").get("/").status_code == 200
    assert client_for("up.sceaux.example").get("/").status_code == 200
    assert client_for(sceaux).get("/").status_code == 404
    db.session.expire_all()
    assert db.session.get(Tenant, sceaux.id).locales == ["fr"]


def test_national_roles_and_the_last_platform_admin(console, platform_admin, app_context):
    make_account("helper@example.org")
    post_form(console, "/console/roles", {"email": "helper@example.org", "role": "support"})
    helper = db.session.scalars(select(Account).where(
        Account.email == "helper@example.org")).one()
    assert helper.national_role == "support"
    alone = post_form(console, "/console/roles", {"email": "platform@example.org",
                                                  "role": "none"})
    assert alone.status_code == 422
    db.session.expire_all()
    assert db.session.get(Account, platform_admin.id).is_platform_admin
    post_form(console, "/console/roles", {"email": "helper@example.org",
                                          "role": "platform_admin"})
    assert post_form(console, "/console/roles", {
        "email": "platform@example.org", "role": "none"}).status_code == 302
    db.session.expire_all()
    assert not db.session.get(Account, platform_admin.id).is_platform_admin
    assert [e.action for e in db.session.scalars(select(AuditEntry))] == ["role.grant"] * 3


def test_the_audit_log_filters(console, two_cities):
    sceaux, bourg = two_cities
    for city in two_cities:
        path = f"/console/cities/{city.slug}"
        post_form(console, f"{path}/features", {"features": ["projects"]}, page=path)
    everything = console.get("/console/audit")
    assert everything.text.count("city.features") >= 2
    only = console.get("/console/audit?city=bourg-la-reine")
    assert "<td>bourg-la-reine</td>" in only.text and "<td>sceaux</td>" not in only.text
    nobody = console.get("/console/audit?actor=someone@example.org")
    assert "<td>city.features</td>" not in nobody.text
    with across_tenants():
        assert db.session.scalar(select(AuditEntry.id).where(
            AuditEntry.city_slug == "sceaux")) is not None
