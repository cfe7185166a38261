"""Events are reportable like the rest; a blocked member may neither create an
organisation nor an event nor invite nor help through an invitation; a platform admin
blocks an account in every city (audited), which still reads everywhere."""

import re

from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, log_in, outbox, post_form
from tests.events.helpers import create, staff_client, the_event
from tests.factories import make_account, make_member
from tests.matching.helpers import accounting_city
from tests.moderation.test_moderation import a_publication, report, the_case
from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import FOREVER
from upcampus.console.models import AuditEntry
from upcampus.core.db import db
from upcampus.events.models import Event
from upcampus.matching.models import Invitation
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Comment
from upcampus.tenancy.context import tenant_scope

BLOCKED = "bloqué votre participation"


def block(city, membership_id: int) -> None:
    with tenant_scope(city):
        db.session.get(Membership, membership_id).blocked_until = FOREVER
        db.session.commit()


def signed_in(client_for, city, email, role="member"):
    member = make_member(city, role=role, email=email)
    client = client_for(city)
    log_in(client, email)
    return member, client


# --- events reportable ---------------------------------------------------------------

def test_an_event_is_reported_hidden_by_a_moderator_then_kept(client_for, sceaux, bourg):
    _staff, organiser = staff_client(client_for, sceaux)
    assert create(organiser).status_code == 302
    event = the_event(sceaux)
    _lea, lea = signed_in(client_for, sceaux, "lea@example.org")
    page = lea.get(f"/events/{event.id}-{event.slug}").text
    assert f'href="/report/event/{event.id}"' in page
    assert f"/report/event/{event.id}" not in organiser.get(
        f"/events/{event.id}-{event.slug}").text  # who may edit it does not report it
    assert report(lea, "event", event.id, note="Arnaque").status_code == 302
    case = the_case(sceaux)
    assert (case.kind, case.target_id, case.reports_count) == ("event", event.id, 1)
    _m, moderator = signed_in(client_for, sceaux, "mod@example.org", "moderator")
    queue = moderator.get("/moderation").text
    assert f"/moderation/cases/{case.id}" in queue and "Événement" in queue
    post_form(moderator, f"/moderation/cases/{case.id}/decide",
              {"action": "hide", "reason": "Lien douteux.", "days": "0"},
              page=f"/moderation/cases/{case.id}")
    hidden = the_event(sceaux)
    assert hidden.description == "" and hidden.accessibility == ""
    # The other city can neither report it nor see the case.
    _b, bourg_member = signed_in(client_for, bourg, "bourg@example.org")
    assert bourg_member.get(f"/report/event/{event.id}").status_code == 404
    _bm, bourg_mod = signed_in(client_for, bourg, "bmod@example.org", "moderator")
    assert bourg_mod.get(f"/moderation/cases/{case.id}").status_code == 404


def test_the_organiser_cannot_report_their_own_event(client_for, sceaux):
    _staff, organiser = staff_client(client_for, sceaux)
    create(organiser)
    event = the_event(sceaux)
    refused = report(organiser, "event", event.id)
    assert refused.status_code in (403, 422)
    with tenant_scope(sceaux):
        from upcampus.moderation.models import Case
        assert db.session.scalars(select(Case)).all() == []


# --- block checks ----------------------------------------------------------------------

def test_a_blocked_member_cannot_create_an_organisation(client_for, sceaux):
    member, client = signed_in(client_for, sceaux, "jeanne@example.org")
    block(sceaux, member.id)
    refused = post_form(client, "/organisations/new", {
        "name": "Les Voisins", "kind": "association", "description": "Visites"})
    assert refused.status_code in (403, 422) and BLOCKED in refused.text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Organisation)).all() == []


def test_a_blocked_facilitator_cannot_create_an_event(client_for, sceaux):
    staff, organiser = staff_client(client_for, sceaux)
    block(sceaux, staff.id)
    refused = create(organiser)
    assert refused.status_code in (403, 422) and BLOCKED in refused.text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Event)).all() == []


def invitation_link(city) -> str:
    return re.search(r"/matching/invitations/\d+", outbox(city)[0].body_text).group(0)


def test_a_blocked_holder_cannot_invite_and_a_blocked_invitee_cannot_help(
        client_for, sceaux, bourg):
    ids = accounting_city(sceaux)
    holder = client_for(sceaux)
    log_in(holder, "holder@example.org")
    holder_id = db.session.scalar(select(Account.id).where(
        Account.email == "holder@example.org"))
    with tenant_scope(sceaux):
        holder_membership = db.session.scalar(select(Membership.id).where(
            Membership.account_id == holder_id))
    block(sceaux, holder_membership)
    refused = post_form(holder, f"/matching/needs/{ids['need']}/invite",
                        {"kind": "member", "target_id": str(ids["accountant"])},
                        page=ids["page"])
    assert refused.status_code == 302 and BLOCKED in holder.get(refused.location).text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Invitation)).all() == []
        db.session.get(Membership, holder_membership).blocked_until = None
        db.session.commit()

    assert post_form(holder, f"/matching/needs/{ids['need']}/invite",
                     {"kind": "member", "target_id": str(ids["accountant"])},
                     page=ids["page"]).status_code == 302
    block(sceaux, ids["accountant"])
    ana = client_for(sceaux)
    log_in(ana, "ana@example.org")
    link = invitation_link(sceaux)
    helping = post_form(ana, f"{link}/help", {"message": "Avec plaisir"}, page=link)
    assert helping.status_code == 302 and BLOCKED in ana.get(helping.location).text
    with tenant_scope(sceaux):
        assert db.session.scalar(select(Invitation.status)) == "pending"
    assert post_form(ana, f"{link}/decline", {}, page=link).status_code == 302  # still may


# --- blocked in every city by a platform admin --------------------------------------------

def test_a_platform_admin_blocks_an_account_everywhere_audited(client_for, sceaux, bourg):
    make_account("admin@up.example.org", is_platform_admin=True)
    paul_sceaux = make_member(sceaux, email="paul@example.org")
    account = db.session.get(Account, paul_sceaux.account_id)
    make_member(bourg, account=account)
    console = client_for(BASE_DOMAIN)
    log_in(console, "admin@up.example.org")
    done = post_form(console, "/console/blocks", {
        "email": "paul@example.org", "duration": "forever", "reason": "Spam partout"})
    assert done.status_code == 302
    assert "paul@example.org" in console.get("/console/blocks").text
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "account.block")).one()
    assert entry.subject == "paul@example.org" and entry.after["reason"] == "Spam partout"

    for city in (sceaux, bourg):
        paul = client_for(city)
        log_in(paul, "paul@example.org")
        assert paul.get("/organisations").status_code == 200  # reads still work
        refused = post_form(paul, "/organisations/new", {
            "name": "Les Voisins", "kind": "association", "description": "Visites"})
        assert refused.status_code in (403, 422) and "bloqué" in refused.text
    pub_id = a_publication(sceaux, make_member(sceaux, email="lea@example.org"))
    paul = client_for(sceaux)
    log_in(paul, "paul@example.org")
    commented = post_form(paul, f"/projects/{pub_id}/comments", {"body": "Achetez !"},
                          page=f"/projects/{pub_id}-un-jardin")
    assert "bloqué" in paul.get(commented.location).text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Comment)).all() == []

    lifted = post_form(console, "/console/blocks", {
        "email": "paul@example.org", "duration": "lift", "reason": ""})
    assert lifted.status_code == 302
    assert db.session.get(Account, account.id, populate_existing=True).blocked_until is None
    assert db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.action == "account.unblock")).one()


def test_only_platform_admins_block_everywhere_and_not_one_another(client_for, sceaux):
    make_account("support@up.example.org", national_role="support")
    make_account("admin@up.example.org", is_platform_admin=True)
    make_account("other@up.example.org", is_platform_admin=True)
    make_member(sceaux, email="paul@example.org")
    support = client_for(BASE_DOMAIN)
    log_in(support, "support@up.example.org")
    assert support.get("/console/blocks").status_code == 200  # the team reads the list
    forged = post_form(support, "/console/blocks", {
        "email": "paul@example.org", "duration": "forever"}, page="/console/roles")
    assert forged.status_code == 403
    admin = client_for(BASE_DOMAIN)
    log_in(admin, "admin@up.example.org")
    for data, message in (
            ({"email": "other@up.example.org", "duration": "forever"}, "administrateur"),
            ({"email": "nobody@example.org", "duration": "forever"}, "Aucun compte"),
            ({"email": "paul@example.org", "duration": "toujours"}, "")):
        refused = post_form(admin, "/console/blocks", data)
        assert refused.status_code == 422 and message in refused.text
    assert db.session.scalars(select(AuditEntry)).all() == []
    # A city's host has no console.
    assert client_for(sceaux).get("/console/blocks").status_code == 404
