"""Issue 8, accounts and security: password change, revocable sessions, login throttling
that races and locks nobody out, rate limits, no account enumeration, and emailed links
built from the city's configured address and bound to the city that sent them."""

import re
import threading

import pytest
from limits import parse
from sqlalchemy import select

import upcampus.accounts.operations as operations
from tests.account_helpers import NEW, age_the_outbox, cookies_of, replay, sessions_of, wrong_login
from tests.conftest import BASE_DOMAIN, csrf_from, link_in, log_in, outbox, post_form
from tests.factories import PASSWORD, make_member, make_tenant
from tests.projects.test_projects import publish, the_publication
from upcampus.accounts import passwords, throttle
from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.core.limits import RATE_LIMITS
from upcampus.tenancy.context import tenant_scope

# --- 1. changing one's password ------------------------------------------------------------

def test_a_password_change_keeps_this_device_and_ends_the_others(client_for, sceaux):
    member = make_member(sceaux, email="jeanne@example.org")
    here, elsewhere = client_for(sceaux), client_for(sceaux)
    log_in(here, "jeanne@example.org", remember=True)
    log_in(elsewhere, "jeanne@example.org", remember=True)
    saved_elsewhere = cookies_of(elsewhere, sceaux)
    wrong = post_form(here, "/account/password", {"current_password": "not it",
                                                  "password": NEW}, page="/account")
    assert wrong.status_code == 422 and "pas votre mot de passe actuel" in wrong.text
    changed = post_form(here, "/account/password", {"current_password": PASSWORD,
                                                    "password": NEW}, page="/account")
    assert changed.status_code == 302 and changed.location == "/account"
    page = here.get("/account")
    assert page.status_code == 200 and "Votre nouveau mot de passe est enregistré" in page.text
    here.delete_cookie("session", domain=f"sceaux.{BASE_DOMAIN}")
    assert here.get("/account").status_code == 200  # its remember cookie still holds
    assert elsewhere.get("/account").status_code == 302
    assert replay(client_for, sceaux, saved_elsewhere) == 302
    assert sessions_of(member.account_id) == 1
    assert wrong_login(client_for(sceaux), password=PASSWORD).status_code == 422
    log_in(client_for(sceaux), "jeanne@example.org", NEW)


# --- 2. sessions end on the server ------------------------------------------------------------

def test_logout_revokes_the_saved_session_and_remember_cookies(client_for, sceaux):
    make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    log_in(client, "jeanne@example.org", remember=True)
    saved = cookies_of(client, sceaux)
    assert set(saved) == {"session", "remember_token"}
    assert replay(client_for, sceaux, saved) == 200
    assert replay(client_for, sceaux, {"remember_token": saved["remember_token"]}) == 200
    assert post_form(client, "/logout", {}, page="/").status_code == 302
    assert client.get("/account").status_code == 302
    assert replay(client_for, sceaux, saved) == 302
    assert replay(client_for, sceaux, {"session": saved["session"]}) == 302
    assert replay(client_for, sceaux, {"remember_token": saved["remember_token"]}) == 302


def test_sign_out_of_every_device(client_for, two_cities):
    sceaux, bourg = two_cities
    member = make_member(sceaux, email="jeanne@example.org")
    make_member(bourg, account=member.account)
    phone, laptop, other_city = client_for(sceaux), client_for(sceaux), client_for(bourg)
    log_in(phone, "jeanne@example.org", remember=True)
    log_in(laptop, "jeanne@example.org", remember=True)
    log_in(other_city, "jeanne@example.org")
    saved_phone, saved_laptop = cookies_of(phone, sceaux), cookies_of(laptop, sceaux)
    page = laptop.get("/account").text
    assert "Se déconnecter de tous les appareils" in page
    english = laptop.get("/account", headers={"Accept-Language": "en"}).text
    assert "Sign out of every device" in english or "Se déconnecter" in english
    # A Sceaux session carried to Bourg ends nothing there: it is no session at all.
    carried = client_for(bourg)
    for name, value in saved_phone.items():
        carried.set_cookie(name, value, domain=f"bourg-la-reine.{BASE_DOMAIN}")
    token = csrf_from(carried.get("/login").text)
    refused = carried.post("/account/sessions/end", data={"csrf_token": token})
    assert refused.status_code == 302 and "/login" in refused.location
    assert replay(client_for, sceaux, saved_phone) == 200
    ended = post_form(laptop, "/account/sessions/end", {}, page="/account")
    assert ended.status_code == 302 and ended.location == "/"
    assert "Vous êtes déconnecté de tous les appareils" in laptop.get("/").text
    for saved in (saved_phone, saved_laptop):
        assert replay(client_for, sceaux, saved) == 302
    assert other_city.get("/account").status_code == 302  # every city: every device
    assert sessions_of(member.account_id) == 0


# --- 3. login throttling ---------------------------------------------------------------------

@pytest.fixture
def password_checks(monkeypatch):
    """Counts the (slow) password checks the login runs."""
    calls = []
    lock = threading.Lock()
    real = operations.check_password

    def counted(password_hash, password):
        with lock:
            calls.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(operations, "check_password", counted)
    monkeypatch.setattr(passwords, "check_password", counted)  # an unknown address's check
    return calls


def test_concurrent_wrong_passwords_check_at_most_the_limit(client_for, sceaux,
                                                           password_checks, is_postgres):
    make_member(sceaux, email="jeanne@example.org")
    attempts = 30 if is_postgres else 8  # SQLite writes one at a time anyway
    clients = [client_for(sceaux) for _ in range(attempts)]
    tokens = [csrf_from(c.get("/login").text) for c in clients]
    barrier = threading.Barrier(attempts)
    statuses = []

    def attempt(client, token):
        barrier.wait()
        response = client.post("/login", data={"csrf_token": token, "password": "wrong one",
                                               "email": "jeanne@example.org"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=pair)
               for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(statuses)) == [422], statuses
    assert len(password_checks) <= throttle.LIMITS["pair"]
    blocked = wrong_login(client_for(sceaux), password=PASSWORD)
    assert "Trop de tentatives" in blocked.text


def test_wrong_passwords_are_checked_at_most_the_limit(client_for, sceaux, password_checks):
    make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    for _ in range(10):
        assert wrong_login(client).status_code == 422
    assert len(password_checks) == throttle.LIMITS["pair"]


def test_an_attack_does_not_lock_the_owner_out_of_a_device_they_use(client_for, sceaux,
                                                                     monkeypatch):
    monkeypatch.setitem(throttle.LIMITS, "account", 7)  # fewer requests, same story
    monkeypatch.setitem(throttle.LIMITS, "address", 9)
    make_member(sceaux, email="jeanne@example.org")
    owner = client_for(sceaux)
    log_in(owner, "jeanne@example.org")  # this browser now carries a device cookie
    post_form(owner, "/logout", {}, page="/")
    attacker = client_for(sceaux)  # the same address: behind one proxy, everyone is
    for _ in range(throttle.LIMITS["account"] + 2):
        wrong_login(attacker)
    for i in range(throttle.LIMITS["address"]):
        wrong_login(attacker, email=f"someone{i}@example.org")
    assert "Trop de tentatives" in wrong_login(client_for(sceaux), password=PASSWORD).text
    assert log_in(owner, "jeanne@example.org").status_code == 302


def test_failures_on_one_device_lock_that_device_only(client_for, sceaux):
    make_member(sceaux, email="jeanne@example.org")
    laptop, phone = client_for(sceaux), client_for(sceaux)
    for client in (laptop, phone):
        log_in(client, "jeanne@example.org")
        post_form(client, "/logout", {}, page="/")
    for _ in range(throttle.LIMITS["device"]):
        wrong_login(laptop)
    assert "Trop de tentatives" in wrong_login(laptop, password=PASSWORD).text
    assert log_in(phone, "jeanne@example.org").status_code == 302


# --- 4. rate limits --------------------------------------------------------------------------

@pytest.fixture
def limited(make_app):
    """An app with its rate limits on (the suite's app has them off)."""
    return make_app(RATE_LIMITS=True)


def limited_client(app, city):
    client = app.test_client()
    client.host = f"{city.subdomain}.{BASE_DOMAIN}"
    return client


def allowed(endpoint: str) -> int:
    return parse(RATE_LIMITS[endpoint]).amount


def test_the_sign_up_after_the_limit_is_refused_in_the_visitors_language(limited, sceaux):
    client = limited_client(limited, sceaux)
    for i in range(allowed("accounts.signup")):
        response = post_form(client, "/signup", {"accept": "y",
                                                 "display_name": "Léa", "password": PASSWORD,
                                                 "email": f"lea{i}@example.org"})
        assert response.status_code == 302
    refused = post_form(client, "/signup", {"accept": "y",
                                            "display_name": "Léa Benali", "password": PASSWORD,
                                            "email": "lea-again@example.org"})
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.text and "Léa Benali" in refused.text
    assert "lea-again@example.org" in refused.text and PASSWORD not in refused.text
    english = post_form(client, "/signup", {"accept": "y",
                                            "display_name": "Léa", "password": PASSWORD,
                                            "email": "lea-en@example.org"},
                        headers={"Accept-Language": "en"})
    assert english.status_code == 429 and "Too many attempts" in english.text
    assert client.get("/signup").status_code == 200  # reading is never limited


def test_the_reset_email_after_the_limit_is_refused(limited, sceaux):
    # Several accounts: one address asked twice within a minute gets one email anyway.
    for i in range(allowed("accounts.request_reset")):
        make_member(sceaux, email=f"jeanne{i}@example.org")
    client = limited_client(limited, sceaux)
    for i in range(allowed("accounts.request_reset")):
        assert post_form(client, "/password/reset",
                         {"email": f"jeanne{i}@example.org"}).status_code == 302
    refused = post_form(client, "/password/reset", {"email": "jeanne-last@example.org"})
    assert refused.status_code == 429 and "Trop de tentatives" in refused.text
    assert len(outbox(sceaux)) == allowed("accounts.request_reset")


def test_the_comment_after_the_limit_is_refused_keeping_its_text(limited, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = limited_client(limited, sceaux)
    log_in(client, "lea@example.org")
    publish(client)
    pub_id, slug, _ = the_publication(sceaux)
    page = f"/projects/{pub_id}-{slug}"
    token = csrf_from(client.get(page).text)
    for i in range(allowed("project_activity.comment")):
        sent = client.post(f"/projects/{pub_id}/comments",
                           data={"csrf_token": token, "body": f"Commentaire {i}"})
        assert sent.status_code == 302
    refused = client.post(f"/projects/{pub_id}/comments",
                          data={"csrf_token": token, "body": "Mon <b>dernier</b> mot"})
    assert refused.status_code == 429 and "Trop de tentatives" in refused.text
    assert "Mon &lt;b&gt;dernier&lt;/b&gt; mot" in refused.text  # kept, and never markup


# --- 5. no account enumeration ----------------------------------------------------------------

def without_csrf(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*>', "", html)


def test_signing_up_with_a_registered_address_answers_like_a_new_one(client_for, two_cities):
    sceaux, bourg = two_cities
    make_member(bourg, email="lea@example.org")
    answers = []
    for email in ("lea@example.org", "someone.new@example.org"):
        client = client_for(sceaux)
        response = post_form(client, "/signup", {"accept": "y",
                                                 "display_name": "Léa", "email": email,
                                                 "password": NEW})
        page = client.get(response.location)
        answers.append((response.status_code, response.location, page.status_code,
                        without_csrf(page.text)))
    assert answers[0] == answers[1]
    assert "Un compte existe déjà" not in answers[0][3]
    told, verify = outbox(sceaux)[1], outbox(sceaux)[0]
    assert told.to_address == "lea@example.org" and "essayé de s’inscrire" in told.subject
    assert f"http://sceaux.{BASE_DOMAIN}/login" in told.body_text
    assert f"http://sceaux.{BASE_DOMAIN}/password/reset" in told.body_text
    assert verify.to_address == "someone.new@example.org"
    with tenant_scope(sceaux):  # nothing joined, nothing changed for the owner
        members = db.session.scalars(select(Membership.account_id)).all()
    owner = db.session.scalars(select(Account).where(Account.email == "lea@example.org")).one()
    assert owner.id not in members
    db.session.rollback()
    log_in(client_for(bourg), "lea@example.org")  # the owner's password is unchanged


def test_an_unknown_address_costs_a_password_check_too(client_for, sceaux, password_checks):
    make_member(sceaux, email="jeanne@example.org")
    unknown = wrong_login(client_for(sceaux), email="nobody@example.org")
    known = wrong_login(client_for(sceaux))
    assert unknown.status_code == known.status_code == 422
    assert without_csrf(unknown.text).replace("nobody@example.org", "X") == without_csrf(
        known.text).replace("jeanne@example.org", "X")
    assert len(password_checks) == 2


# --- 6. emailed links --------------------------------------------------------------------------

def reset_link(client, email="jeanne@example.org") -> str:
    age_the_outbox()  # the same email within a minute is sent once
    post_form(client, "/password/reset", {"email": email})
    return re.search(r"https?://\S+/password/reset/\S+", outbox()[0].body_text).group(0)


def test_reset_links_come_from_the_configured_address_not_the_host_header(
        client_for, make_app, sceaux):
    make_member(sceaux, email="jeanne@example.org")
    forged = client_for(f"sceaux.{BASE_DOMAIN}:1337")
    assert reset_link(forged).startswith(f"http://sceaux.{BASE_DOMAIN}/password/reset/")
    configured = make_app(PUBLIC_PORT=8443, PREFERRED_URL_SCHEME="https").test_client()
    configured.host = f"sceaux.{BASE_DOMAIN}:1337"
    assert reset_link(configured).startswith(f"https://sceaux.{BASE_DOMAIN}:8443/password/")
    antony = make_tenant("antony", domains=("participer.antony.example",))
    make_member(antony, email="karim@example.org")
    link = reset_link(client_for(antony), "karim@example.org")
    assert link.startswith("http://participer.antony.example/password/reset/")


def test_a_reset_link_works_only_on_the_city_that_sent_it(client_for, two_cities):
    sceaux, bourg = two_cities
    member = make_member(sceaux, email="jeanne@example.org")
    make_member(bourg, account=member.account)
    post_form(client_for(sceaux), "/password/reset", {"email": "jeanne@example.org"})
    path = link_in(outbox(sceaux)[0], "/password/reset/")
    elsewhere = client_for(bourg)
    refused = elsewhere.get(path)
    assert refused.status_code == 400 and "envoyé par un autre réseau" in refused.text
    sent = elsewhere.post(path, data={"csrf_token": csrf_from(elsewhere.get("/login").text),
                                      "password": NEW, "confirm": NEW})
    assert sent.status_code == 400 and elsewhere.get("/account").status_code == 302
    log_in(client_for(bourg), "jeanne@example.org")  # the password did not change
    home = client_for(sceaux)
    assert post_form(home, path, {"password": NEW, "confirm": NEW}).status_code == 302
    assert home.get("/account").status_code == 200


def test_a_verification_link_works_only_on_the_city_that_sent_it(client_for, two_cities):
    sceaux, bourg = two_cities
    post_form(client_for(sceaux), "/signup", {"accept": "y", "display_name": "Léa", "password": NEW,
                                              "email": "lea@example.org"})
    path = link_in(outbox(sceaux)[0], "/verify/")
    refused = client_for(bourg).get(path)
    assert refused.status_code == 400 and "envoyé par un autre réseau" in refused.text
    account = db.session.scalars(select(Account)).one()
    assert not account.email_verified
    db.session.rollback()
    assert client_for(sceaux).get(path).status_code == 302
    assert db.session.scalars(select(Account)).one().email_verified
