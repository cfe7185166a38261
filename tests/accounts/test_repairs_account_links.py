"""Issue 8, accounts (after a review and a sweep): confirmation and reset links that hand
over nothing, used once even at once, one email for the same form sent at once, one
membership for a join sent at once, tokens of the wrong shape, an owner let back in."""


from sqlalchemy import select

from tests.account_helpers import NEW, age_the_outbox, cookies_of, sessions_of, wrong_login
from tests.conftest import BASE_DOMAIN, csrf_from, link_in, log_in, outbox, post_form
from tests.factories import PASSWORD, make_member
from tests.threads import all_at_once
from upcampus.accounts import throttle
from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.tenancy.context import tenant_scope

# --- 7. links that hand over nothing (second review) -------------------------------------------

ATTACKER, VICTIM = "a chosen passphrase", "the owner's passphrase"


def sign_up_as(client, email="lea@example.org", password=ATTACKER, name="Léa"):
    response = post_form(client, "/signup", {"accept": "y", "display_name": name, "email": email,
                                             "password": password})
    assert response.status_code == 302 and response.location == "/signup/sent"


def the_account(email="lea@example.org") -> Account:
    account = db.session.scalars(select(Account).where(Account.email == email)).one()
    db.session.rollback()
    return account


def test_the_confirmation_link_signs_in_only_the_browser_that_signed_up(client_for, sceaux):
    attacker, victim = client_for(sceaux), client_for(sceaux)
    sign_up_as(attacker)
    link = link_in(outbox(sceaux)[0], "/verify/")
    opened = victim.get(link)
    assert opened.status_code == 302 and opened.location == "/login"
    assert "Connectez-vous avec le mot de passe choisi" in victim.get("/login").text
    assert victim.get("/account").status_code == 302  # confirmed, signed in nowhere
    assert the_account().email_verified
    assert attacker.get(link).status_code == 302 and attacker.get("/account").status_code == 302
    # In the browser that signed up, the link finishes signing up and trusts the device.
    owner = client_for(sceaux)
    sign_up_as(owner, "ines@example.org", VICTIM)
    welcomed = owner.get(link_in(outbox(sceaux)[0], "/verify/"))
    assert welcomed.location == "/account" and owner.get("/account").status_code == 200
    assert "upcampus_device=" in str(welcomed.headers.getlist("Set-Cookie"))


def test_signing_up_again_unconfirmed_lets_the_inbox_choose_the_password(client_for, sceaux):
    attacker = client_for(sceaux)
    sign_up_as(attacker)
    log_in(attacker, "lea@example.org", ATTACKER)  # unconfirmed accounts may log in
    age_the_outbox()
    victim = client_for(sceaux)
    sign_up_as(victim, password=VICTIM, name="Léa Benali")
    finish = outbox(sceaux)[0]
    assert finish.to_address == "lea@example.org" and "Terminez" in finish.subject
    assert "/verify/" not in finish.body_text and "Léa" not in finish.body_text
    path = link_in(finish, "/password/reset/")
    chosen = post_form(victim, path, {"password": VICTIM, "confirm": VICTIM})
    assert chosen.status_code == 302 and victim.get("/account").status_code == 200
    assert the_account().email_verified
    assert attacker.get("/account").status_code == 302  # the attacker's session ended
    assert wrong_login(client_for(sceaux), "lea@example.org", ATTACKER).status_code == 422
    log_in(client_for(sceaux), "lea@example.org", VICTIM)


def test_the_same_email_asked_twice_within_a_minute_is_sent_once(client_for, sceaux):
    make_member(sceaux, email="jeanne@example.org")
    for _ in range(2):
        sign_up_as(client_for(sceaux))
        post_form(client_for(sceaux), "/password/reset", {"email": "jeanne@example.org"})
    assert sorted(e.to_address for e in outbox(sceaux)) == [
        "jeanne@example.org", "lea@example.org"]
    age_the_outbox()
    sign_up_as(client_for(sceaux))
    post_form(client_for(sceaux), "/password/reset", {"email": "jeanne@example.org"})
    assert len(outbox(sceaux)) == 4


def test_a_reset_link_used_at_once_works_once(client_for, sceaux):
    member = make_member(sceaux, email="jeanne@example.org")
    post_form(client_for(sceaux), "/password/reset", {"email": "jeanne@example.org"})
    path = link_in(outbox(sceaux)[0], "/password/reset/")
    clients = [client_for(sceaux) for _ in range(8)]
    tokens = [csrf_from(client.get(path).text) for client in clients]
    statuses = all_at_once([
        lambda c=client, t=token: c.post(path, data={"csrf_token": t, "password": NEW,
                                                     "confirm": NEW}).status_code
        for client, token in zip(clients, tokens, strict=True)])
    assert sorted(statuses) == [302] + [400] * 7
    assert sessions_of(member.account_id) == 1
    assert sum(client.get("/account").status_code == 200 for client in clients) == 1


def test_a_confirmation_link_opened_at_once_signs_in_once(client_for, sceaux):
    owner = client_for(sceaux)
    sign_up_as(owner)
    link = link_in(outbox(sceaux)[0], "/verify/")
    saved = cookies_of(owner, sceaux)
    copies = [client_for(sceaux) for _ in range(8)]
    for copy in copies:  # the same browser session, replayed 8 times at once
        copy.set_cookie("session", saved["session"], domain=f"sceaux.{BASE_DOMAIN}")
    locations = all_at_once([lambda c=copy: c.get(link).location for copy in copies])
    assert sorted(locations) == ["/"] * 7 + ["/account"]
    assert sessions_of(the_account().id) == 1


def test_the_same_sign_up_or_reset_at_once_sends_one_email(client_for,
                                                           sceaux):
    clients = [client_for(sceaux) for _ in range(16)]
    tokens = [csrf_from(client.get("/signup").text) for client in clients]
    form = {"accept": "y", "display_name": "Léa", "email": "lea@example.org", "password": ATTACKER}
    statuses = all_at_once([
        lambda c=client, t=token: c.post("/signup", data={"csrf_token": t, **form}).status_code
        for client, token in zip(clients, tokens, strict=True)])
    assert statuses == [302] * 16
    assert [e.subject for e in outbox(sceaux)] == ["Confirmez votre adresse e-mail"]
    statuses = all_at_once([
        lambda c=client, t=token: c.post("/password/reset", data={
            "csrf_token": t, "email": "lea@example.org"}).status_code
        for client, token in zip(clients, tokens, strict=True)])
    assert statuses == [302] * 16 and len(outbox(sceaux)) == 2


def test_joining_at_once_makes_one_membership_and_no_error(client_for,
                                                           two_cities):
    sceaux, bourg = two_cities
    make_member(bourg, email="jeanne@example.org")
    clients = [client_for(sceaux) for _ in range(16)]
    for client in clients:
        assert log_in(client, "jeanne@example.org").location == "/join"
    tokens = [csrf_from(client.get("/join").text) for client in clients]
    statuses = all_at_once([
        lambda c=client, t=token: c.post("/join", data={"csrf_token": t}).status_code
        for client, token in zip(clients, tokens, strict=True)])
    # One joins; the others find a member ("you are a member"): no 500.
    assert set(statuses) <= {200, 302} and 302 in statuses, statuses
    with tenant_scope(sceaux):
        assert len(db.session.scalars(select(Membership)).all()) == 1


FORGED = {
    "verify": [{"a": {"x": 1}, "e": "lea@example.org"}, {"a": True, "e": "x"},
               {"a": "1", "e": "x"}, {"a": 10**20, "e": "x"}, {"a": 1, "e": ["x"]},
               {"a": [1], "e": "x"}, {"a": 1, "e": "x", "n": {"y": 1}}, {"e": "x"},
               {"a": 1, "e": "x", "z": 1}],
    "reset": [{"a": {"x": 1}, "v": 1}, {"a": 1, "v": {"x": 1}}, {"a": 1, "v": "1"},
              {"a": 10**20, "v": 1}, {"a": 1, "v": 2**40}, {"a": 1}, {"a": None, "v": 1}],
}


def test_a_signed_token_of_the_wrong_shape_is_refused_with_the_usual_message(client_for,
                                                                               sceaux):
    from upcampus.accounts.tokens import make_token

    client = client_for(sceaux)
    for purpose, payloads in FORGED.items():
        for payload in [*payloads, [1, 2], "text", {"c": {"x": 1}, "a": 1, "v": 1}]:
            if isinstance(payload, dict):
                payload = {"c": sceaux.id, **payload}
            token = make_token(purpose, payload)
            path = f"/verify/{token}" if purpose == "verify" else f"/password/reset/{token}"
            answer = client.get(path)
            assert answer.status_code == 400, (purpose, payload)
            assert "n’est pas valide" in answer.text, (purpose, payload)
            if purpose == "reset":
                posted = client.post(path, data={"csrf_token": csrf_from(
                    client.get("/login").text), "password": NEW, "confirm": NEW})
                assert posted.status_code == 400, payload


def test_a_reset_lets_a_locked_out_owner_back_in_on_that_browser(client_for, sceaux):
    make_member(sceaux, email="jeanne@example.org")
    attacker, owner = client_for(sceaux), client_for(sceaux)
    for _ in range(throttle.LIMITS["pair"] + 2):
        wrong_login(attacker)
    assert "Trop de tentatives" in wrong_login(owner, password=PASSWORD).text
    post_form(owner, "/password/reset", {"email": "jeanne@example.org"})
    reset = post_form(owner, link_in(outbox(sceaux)[0], "/password/reset/"),
                      {"password": NEW, "confirm": NEW})
    assert reset.status_code == 302
    assert "upcampus_device=" in str(reset.headers.getlist("Set-Cookie"))
    post_form(owner, "/logout", {}, page="/")
    assert log_in(owner, "jeanne@example.org", NEW).status_code == 302
    for _ in range(throttle.LIMITS["pair"] + 2):  # the attack goes on: not for this browser
        wrong_login(attacker)
    post_form(owner, "/logout", {}, page="/")
    assert log_in(owner, "jeanne@example.org", NEW).status_code == 302


def test_a_confirmation_in_the_signing_up_browser_forgives_failed_logins(client_for, sceaux):
    owner, attacker = client_for(sceaux), client_for(sceaux)
    sign_up_as(owner, password=VICTIM)
    for _ in range(throttle.LIMITS["pair"] + 2):
        wrong_login(attacker, email="lea@example.org")
    assert owner.get(link_in(outbox(sceaux)[0], "/verify/")).location == "/account"
    post_form(owner, "/logout", {}, page="/")
    assert log_in(owner, "lea@example.org", VICTIM).status_code == 302
