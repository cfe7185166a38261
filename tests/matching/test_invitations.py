"""The holder invites a suggested person in one click; the invited person gets an email and
offers help or declines; a decline is never shown to the holder as a refusal."""

import re

from sqlalchemy import func, select

from tests.conftest import csrf_from, log_in, outbox, post_form
from tests.matching.helpers import accounting_city
from tests.threads import all_at_once
from upcampus.core.db import db
from upcampus.matching.models import Invitation
from upcampus.projects.models import HelpOffer
from upcampus.tenancy.context import tenant_scope


def invite(client, ids, kind, target_id):
    return post_form(client, f"/matching/needs/{ids['need']}/invite",
                     {"kind": kind, "target_id": str(target_id)}, page=ids["page"])


def invitations(city):
    with tenant_scope(city):
        return [(i.membership_id, i.organisation_id, i.status)
                for i in db.session.scalars(select(Invitation).order_by(Invitation.id))]


def test_invite_then_decline_then_invite_another_who_helps(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    holder = client_for(sceaux)
    log_in(holder, "holder@example.org")
    assert invite(holder, ids, "member", ids["accountant"]).status_code == 302
    assert invitations(sceaux) == [(ids["accountant"], None, "pending")]
    email = outbox(sceaux)[0]
    assert email.to_address == "ana@example.org" and "Le club des Blagis" in email.subject
    link = re.search(r"/matching/invitations/(\d+)", email.body_text).group(0)

    ana = client_for(sceaux)
    log_in(ana, "ana@example.org")
    assert "Le club des Blagis" in ana.get(link).text
    assert post_form(ana, f"{link}/decline", {}, page=link).status_code == 302
    assert invitations(sceaux) == [(ids["accountant"], None, "declined")]
    page = holder.get(ids["page"]).text
    suggestions = page.split("Des personnes qui pourraient aider")[1]
    assert "Invité·es : Ana Compta" in suggestions  # invited, never "declined"
    assert "Ana Compta</a>" not in suggestions  # nor suggested again
    assert "refus" not in suggestions.lower() and "declined" not in suggestions.lower()
    # The decline does not come back as a suggestion to Ana either.
    assert ids["page"] not in ana.get("/matching").text

    assert invite(holder, ids, "member", ids["treasurer"]).status_code == 302
    tom = client_for(sceaux)
    log_in(tom, "tom@example.org")
    link = re.search(r"/matching/invitations/\d+", outbox(sceaux)[0].body_text).group(0)
    post_form(tom, f"{link}/help", {"message": "Avec plaisir"}, page=link)
    assert invitations(sceaux)[1] == (ids["treasurer"], None, "offered")
    with tenant_scope(sceaux):
        offer = db.session.scalars(select(HelpOffer)).one()
        assert (offer.membership_id, offer.message) == (ids["treasurer"], "Avec plaisir")
    assert outbox(sceaux)[0].to_address == "holder@example.org"  # "someone can help"


def test_an_organisation_invited_is_answered_by_its_admins(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    holder = client_for(sceaux)
    log_in(holder, "holder@example.org")
    post_form(holder, f"/matching/needs/{ids['funding_need']}/invite",
              {"kind": "organisation", "target_id": str(ids["funder"])}, page=ids["page"])
    assert invitations(sceaux) == [(None, ids["funder"], "pending")]
    assert outbox(sceaux)[0].to_address == "gus@example.org"  # the funder's admin
    link = re.search(r"/matching/invitations/\d+", outbox(sceaux)[0].body_text).group(0)
    tom = client_for(sceaux)
    log_in(tom, "tom@example.org")  # not of the organisation
    assert tom.get(link).status_code == 404


def test_consent_holds_against_a_forged_invitation(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    holder = client_for(sceaux)
    log_in(holder, "holder@example.org")
    for who in ("hidden", "suspended", "shy"):
        invite(holder, ids, "member", ids[who])
    assert invitations(sceaux) == []
    assert not outbox(sceaux)


def test_only_holders_invite_and_bad_input_is_refused(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    tom = client_for(sceaux)
    log_in(tom, "tom@example.org")
    assert invite(tom, ids, "member", ids["accountant"]).status_code == 403
    holder = client_for(sceaux)
    log_in(holder, "holder@example.org")
    for kind, target in (("wizard", ids["accountant"]), ("member", "abc"), ("member", "-1"),
                         ("member", "99999999999999999999"), ("member", "")):
        response = invite(holder, ids, kind, target)
        assert response.status_code in (302, 404), (kind, target)
    assert invitations(sceaux) == []
    response = holder.post(f"/matching/needs/{ids['need']}/invite",
                           data={"kind": "member", "target_id": ids["accountant"]})
    assert response.status_code == 302 and invitations(sceaux) == []  # no CSRF token


def test_another_citys_ids_give_404(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    theirs = accounting_city(bourg, prefix="b-")
    holder = client_for(sceaux)
    log_in(holder, "holder@example.org")
    # A Sceaux holder on Bourg's need, and Bourg's member on Sceaux's need.
    token = csrf_from(holder.get(ids["page"]).text)
    assert holder.post(f"/matching/needs/{theirs['need']}/invite", data={
        "csrf_token": token, "kind": "member", "target_id": theirs["accountant"]}
    ).status_code == 404
    assert invite(holder, ids, "member", theirs["accountant"]).status_code == 404
    assert invitations(sceaux) == [] and invitations(bourg) == []
    b_holder = client_for(bourg)
    log_in(b_holder, "b-holder@example.org")
    invite(b_holder, theirs, "member", theirs["accountant"])
    (invitation_id,) = [i for i in _ids(bourg)]
    ana = client_for(sceaux)
    log_in(ana, "ana@example.org")
    assert ana.get(f"/matching/invitations/{invitation_id}").status_code == 404


def _ids(city):
    with tenant_scope(city):
        return list(db.session.scalars(select(Invitation.id)))


def test_two_clicks_at_once_send_one_invitation(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    clients = [client_for(sceaux) for _ in range(3)]
    for client in clients:
        log_in(client, "holder@example.org")
    tokens = [csrf_from(c.get(ids["page"]).text) for c in clients]
    calls = [lambda c=c, t=t: c.post(f"/matching/needs/{ids['need']}/invite", data={
        "csrf_token": t, "kind": "member", "target_id": str(ids["accountant"])})
        for c, t in zip(clients, tokens, strict=True)]
    assert {r.status_code for r in all_at_once(calls)} == {302}
    with tenant_scope(sceaux):
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 1
    assert len([e for e in outbox(sceaux) if e.to_address == "ana@example.org"]) == 1
