"""Delete my account, leave a city: what the person chose stays under "A former member",
and nothing else of them is left anywhere (every table of the metadata, every blob)."""

from sqlalchemy import func, select

from tests.accounts.erasure_life import PICTURE, a_full_life, needles, traces
from tests.conftest import log_in, outbox, post_form
from tests.factories import make_member
from tests.forms_as_shown import submit_as_shown
from tests.threads import all_at_once
from upcampus.accounts import erasure_plan as plan
from upcampus.accounts.erasure import FORMER_EMAIL, delete_account, leave_city
from upcampus.accounts.models import Account, ErasedEmail, Membership
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event
from upcampus.organisations.models import OrganisationMember
from upcampus.projects.models import Comment, Publication, PublicationImage
from upcampus.search.models import SearchDocument
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.keys import row_links

EMAIL = "zephyrine@example.org"
CHOICES = {"publications": "keep", "organisation_publications": "keep", "events": "remove"}


def test_every_table_naming_a_person_says_what_becomes_of_it(app_context):
    declared = set(plan.BY_MEMBERSHIP) | set(plan.BY_ACCOUNT)
    for table in db.metadata.sorted_tables:
        for column in table.c:
            for key in row_links(column):  # not the tenant_id half of a city key
                if key.column.table.name in ("accounts", "memberships"):
                    assert (table.name, column.name) in declared, (table.name, column.name)


def _former(city):
    with across_tenants():
        return db.session.scalars(select(Membership).join(Membership.account).where(
            Account.email == FORMER_EMAIL, Membership.tenant_id == city.id)).one()


def test_deleting_my_account_leaves_no_trace(client_for, sceaux, bourg):
    person, neighbour, theirs = a_full_life(sceaux, EMAIL)
    make_member(bourg, account=person.account, bio="xylophoniste aussi à Bourg")
    client = client_for(sceaux)
    log_in(client, EMAIL)
    page = client.get("/account/delete")
    assert page.status_code == 200 and "Un ancien membre" in page.text
    refused = post_form(client, "/account/delete", {**CHOICES, "password": "wrong"},
                        page="/account/delete")
    assert refused.status_code == 422
    done = post_form(client, "/account/delete", {**CHOICES, "password": "correct horse battery"},
                     page="/account/delete")
    assert done.status_code == 302
    assert traces(needles(EMAIL, "Zéphyrine Quaglia")) == []
    assert client.get("/account").status_code in (302, 401)  # signed out
    former = _former(sceaux)
    with tenant_scope(sceaux):
        kept = db.session.scalars(select(Publication).where(
            Publication.title == "Un jardin partagé")).one()
        assert kept.author_id == former.id
        assert db.session.scalar(select(func.count()).select_from(PublicationImage)) == 0
        assert db.session.scalars(select(Event.title)).all() == ["Pique-nique"]
        comment = db.session.scalars(select(Comment).where(
            Comment.body == "Bonne idée, je viens")).one()
        assert comment.membership_id == former.id
        assert db.session.get(Publication, theirs).supports_count == 0
        # The neighbour is still the organisation's admin; the search knows the former
        # member by no name of theirs.
        assert db.session.scalars(select(OrganisationMember.membership_id)).all() == [
            neighbour.id]
        assert db.session.scalar(select(func.count()).select_from(SearchDocument).where(
            SearchDocument.ref_id == person.id, SearchDocument.kind == "member")) == 0
    shown = client_for(sceaux).get(f"/projects/{kept.id}-{kept.slug}")
    assert shown.status_code == 200 and "Un ancien membre" in shown.text
    assert db.session.scalar(select(func.count()).select_from(ErasedEmail)) == 0


def test_leaving_a_city_leaves_the_other_untouched(sceaux, bourg):
    person, _, _ = a_full_life(sceaux, EMAIL)
    in_bourg = make_member(bourg, account=person.account, bio="xylophoniste à Bourg")
    assert leave_city(person.account_id, sceaux.id, {"publications": "remove"})
    assert traces(["xylophoniste", "Quaglia"], (PICTURE,), tenant_id=sceaux.id) == [
        "accounts.display_name"]  # the account itself, which stays (national)
    with across_tenants():
        assert db.session.get(Membership, in_bourg.id).bio == "xylophoniste à Bourg"
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Publication.title).where(
            Publication.title == "Un jardin partagé")).all() == []
    assert leave_city(person.account_id, sceaux.id) is False  # left already


def test_the_last_admin_names_another_first(client_for, sceaux):
    admin = make_member(sceaux, role="admin", email="admin@example.org")
    client = client_for(sceaux)
    log_in(client, "admin@example.org")
    page = client.get("/account/leave")
    assert "dernier administrateur" in page.text and 'name="password"' not in page.text
    response = client.post("/account/delete", data={"password": "correct horse battery"})
    assert response.status_code in (400, 422)  # no form on the page, and no deletion
    with tenant_scope(sceaux):
        assert db.session.get(Membership, admin.id) is not None
    make_member(sceaux, role="admin", email="other-admin@example.org")
    assert delete_account(admin.account_id) is True


def test_the_last_admin_of_an_organisation_names_another_first(sceaux):
    person, neighbour, _ = a_full_life(sceaux, EMAIL)
    with tenant_scope(sceaux):
        db.session.query(OrganisationMember).filter_by(membership_id=neighbour.id).delete()
        db.session.commit()
    try:
        delete_account(person.account_id)
    except Exception as error:  # noqa: BLE001 - the refusal is what we check
        assert "Amis du parc" in str(error.message)
    else:
        raise AssertionError("the last admin of an organisation was deleted")
    with across_tenants():
        assert db.session.get(Account, person.account_id) is not None


def test_a_blocked_address_cannot_sign_up_again(client_for, sceaux):
    blocked = make_member(sceaux, email="troll@example.org",
                          blocked_until=utcnow().replace(year=utcnow().year + 1))
    assert delete_account(blocked.account_id)
    assert db.session.scalar(select(func.count()).select_from(ErasedEmail)) == 1
    assert traces(["troll@example.org"], ()) == []
    client = client_for(sceaux)
    response = post_form(client, "/signup", {
        "accept": "y", "email": "Troll@example.org", "display_name": "Revenu",
        "password": "a long new password 42"})
    assert response.status_code == 422 and "nouvelle inscription" in response.text
    assert outbox(sceaux) == []


def test_two_delete_clicks_at_once_delete_once(postgres_only, app, sceaux):
    person = make_member(sceaux, email="twice@example.org")

    def click():
        with app.app_context():
            return delete_account(person.account_id, CHOICES)

    assert sorted(all_at_once([click, click])) == [False, True]
    with across_tenants():
        assert db.session.scalar(select(Account.id).where(
            Account.id == person.account_id)) is None


def test_the_leave_page_keeps_by_default_and_refuses_bad_input(client_for, sceaux, bourg):
    person = make_member(sceaux, email=EMAIL)
    make_member(bourg, account=person.account)
    client = client_for(sceaux)
    log_in(client, EMAIL)
    assert client.get("/account/leave").status_code == 200
    assert client_for(sceaux).get("/account/leave").status_code == 302  # signed in first
    unchanged = submit_as_shown(client, "/account/leave")  # no password typed
    assert unchanged.status_code == 422
    bad = post_form(client, "/account/leave", {"publications": "burn", "password": "x" * 5000},
                    page="/account/leave")
    assert bad.status_code == 422
    with tenant_scope(sceaux):
        assert db.session.get(Membership, person.id) is not None
    left = post_form(client, "/account/leave", {"password": "correct horse battery"},
                     page="/account/leave")
    assert left.status_code == 302
    with across_tenants():
        assert [m.tenant_id for m in db.session.scalars(select(Membership).where(
            Membership.account_id == person.account_id))] == [bourg.id]
    assert client.get("/account/leave").status_code == 404  # nothing left to leave here


def test_an_export_asked_twice_at_once_is_prepared_once(postgres_only, client_for, sceaux):
    from tests.conftest import csrf_from
    from upcampus.accounts.models import DataExport

    make_member(sceaux, email=EMAIL)
    clients = [client_for(sceaux) for _ in range(2)]
    tokens = []
    for client in clients:
        log_in(client, EMAIL)
        tokens.append(csrf_from(client.get("/account").text))
    statuses = all_at_once([
        lambda c=client, t=token: c.post("/account/export", data={"csrf_token": t}).status_code
        for client, token in zip(clients, tokens, strict=True)])
    assert statuses == [302, 302]
    with across_tenants():
        assert db.session.scalar(select(func.count()).select_from(DataExport)) == 1
