"""One account, many cities: sign-up, verification, login, sessions bound to a host."""

from sqlalchemy import func, select

from tests.conftest import BASE_DOMAIN, csrf_from, link_in, log_in, outbox, post_form
from tests.factories import PASSWORD, make_member
from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.tenancy.context import tenant_scope

SIGNUP = {"accept": "y",
          "display_name": "Léa Benali", "email": "Lea@Example.org", "password": PASSWORD}


def accounts() -> int:
    count = db.session.scalar(select(func.count()).select_from(Account))
    db.session.rollback()
    return count


def test_signup_creates_a_national_account_and_a_membership_here(client_for, two_cities):
    sceaux, bourg = two_cities
    client = client_for(sceaux)
    response = post_form(client, "/signup", SIGNUP)
    assert response.status_code == 302 and response.location == "/signup/sent"
    assert "Consultez vos e-mails" in client.get("/signup/sent").text
    account = db.session.scalars(select(Account)).one()
    assert account.email == "lea@example.org" and not account.email_verified
    assert account.password_hash.startswith("$argon2")
    db.session.rollback()
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Membership.role)).all() == ["member"]
    with tenant_scope(bourg):
        assert db.session.scalars(select(Membership)).all() == []
    assert client.get("/account").status_code == 302  # signed in by the email's link only
    [email] = outbox(sceaux)
    assert email.to_address == "lea@example.org" and email.status == "kept"
    assert f"http://sceaux.{BASE_DOMAIN}/verify/" in email.body_text
    assert "Confirmez votre adresse" in email.subject
    assert "Confirmez votre adresse" in client.get("/outbox").text
    assert "Confirmez" not in client_for(bourg).get("/outbox").text
    assert client.get(link_in(email, "/verify/")).location == "/account"
    page = client.get("/account").text
    assert "Léa Benali" in page and "pas encore confirmée" not in page


def test_the_verification_link_works_once_and_only_when_genuine(client_for, sceaux):
    client = client_for(sceaux)
    post_form(client, "/signup", SIGNUP)
    link = link_in(outbox(sceaux)[0], "/verify/")
    first = client.get(link)
    assert first.status_code == 302
    assert "Votre adresse e-mail est confirmée." in client.get("/").text
    assert db.session.scalars(select(Account)).one().email_verified
    db.session.rollback()
    client.get(link)
    assert "déjà confirmée" in client.get("/").text
    forged = client.get(link[:-3] + "abc")
    assert forged.status_code == 400 and "n’est pas valide" in forged.text


def test_an_expired_verification_link_says_so(client_for, sceaux, monkeypatch):
    import upcampus.accounts.operations as operations

    client = client_for(sceaux)
    post_form(client, "/signup", SIGNUP)
    link = link_in(outbox(sceaux)[0], "/verify/")
    monkeypatch.setattr(operations, "VERIFY_MAX_AGE", -1)
    response = client.get(link)
    assert response.status_code == 400 and "Ce lien a expiré" in response.text


def test_a_weak_password_is_refused_in_the_users_language(client_for, sceaux):
    client = client_for(sceaux)
    for password, message in (("short", "At least 10"), ("azertyuiop", "too common"),
                              ("lea-password-1", "must not contain your email")):
        response = post_form(client, "/signup", {**SIGNUP, "password": password},
                             headers={"Accept-Language": "en"})
        assert response.status_code == 422 and message.lower() in response.text.lower()
        assert 'value="Léa Benali"' in response.text
    assert accounts() == 0


def test_a_forged_csrf_token_keeps_the_form_and_saves_nothing(client_for, sceaux):
    client = client_for(sceaux)
    response = client.post("/signup", data={**SIGNUP, "csrf_token": "forged"})
    assert response.status_code == 422
    assert "Le formulaire a expiré" in response.text
    assert 'value="Léa Benali"' in response.text
    assert accounts() == 0


def test_login_and_logout(client_for, sceaux):
    member = make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    response = log_in(client, "JEANNE@example.org ")
    assert response.location == "/"
    assert member.account.display_name in client.get("/").text
    assert post_form(client, "/logout", {}, page="/").status_code == 302
    assert client.get("/account").status_code == 302  # to the login page


def test_wrong_password_then_throttling_per_account(client_for, sceaux):
    make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    for _ in range(5):
        response = post_form(client, "/login", {"email": "jeanne@example.org",
                                                "password": "wrong password"})
        assert response.status_code == 422
        assert "Adresse e-mail ou mot de passe incorrect" in response.text
    blocked = post_form(client, "/login", {"email": "jeanne@example.org",
                                           "password": PASSWORD})
    assert blocked.status_code == 422 and "Trop de tentatives" in blocked.text
    assert 'value="jeanne@example.org"' in blocked.text


def test_throttling_per_address(client_for, sceaux, monkeypatch):
    import upcampus.accounts.throttle as throttle

    monkeypatch.setitem(throttle.LIMITS, "address", 3)
    make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    for i in range(3):
        post_form(client, "/login", {"email": f"nobody{i}@example.org", "password": "x" * 12})
    response = post_form(client, "/login", {"email": "jeanne@example.org",
                                            "password": PASSWORD})
    assert "Trop de tentatives" in response.text


def test_a_session_is_valid_only_on_the_host_that_made_it(client_for, two_cities):
    sceaux, bourg = two_cities
    member = make_member(sceaux, email="jeanne@example.org")
    make_member(bourg, account=member.account)
    client = client_for(sceaux)
    log_in(client, "jeanne@example.org")
    cookie = client.get_cookie("session", domain=f"sceaux.{BASE_DOMAIN}")
    assert cookie is not None and cookie.domain == f"sceaux.{BASE_DOMAIN}"  # host-only
    other = client_for(bourg)
    assert other.get("/account").status_code == 302  # not logged in there
    other.set_cookie("session", cookie.value, domain=f"bourg-la-reine.{BASE_DOMAIN}")
    assert other.get("/account").status_code == 302  # a carried cookie logs nobody in


def test_login_renews_the_session(client_for, sceaux):
    make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    client.get("/login")
    before = client.get_cookie("session", domain=f"sceaux.{BASE_DOMAIN}").value
    log_in(client, "jeanne@example.org")
    after = client.get_cookie("session", domain=f"sceaux.{BASE_DOMAIN}").value
    assert before != after
    client.set_cookie("session", before, domain=f"sceaux.{BASE_DOMAIN}")
    assert client.get("/account").status_code == 302  # the old session is no login


def test_remember_me_survives_the_session_on_its_host_only(client_for, two_cities):
    sceaux, bourg = two_cities
    member = make_member(sceaux, email="jeanne@example.org")
    make_member(bourg, account=member.account)
    client = client_for(sceaux)
    log_in(client, "jeanne@example.org", remember=True)
    remember = client.get_cookie("remember_token", domain=f"sceaux.{BASE_DOMAIN}")
    assert remember is not None
    client.delete_cookie("session", domain=f"sceaux.{BASE_DOMAIN}")
    assert client.get("/account").status_code == 200  # back through the remember cookie
    other = client_for(bourg)
    other.set_cookie("remember_token", remember.value, domain=f"bourg-la-reine.{BASE_DOMAIN}")
    assert other.get("/account").status_code == 302


def test_an_existing_account_joins_another_city_in_one_step(client_for, two_cities):
    sceaux, bourg = two_cities
    make_member(sceaux, email="karim@example.org", bio="Scéen")
    client = client_for(bourg)
    response = log_in(client, "karim@example.org")
    assert response.location == "/join"
    assert "Rejoindre UP Bourg-la-Reine" in client.get("/join").text
    joined = post_form(client, "/join", {})
    assert joined.status_code == 302
    with tenant_scope(bourg):
        [membership] = db.session.scalars(select(Membership)).all()
        assert membership.role == "member" and membership.bio == ""
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Membership.bio)).all() == ["Scéen"]
    assert accounts() == 1


def test_a_suspended_member_cannot_rejoin(client_for, sceaux):
    make_member(sceaux, email="karim@example.org", status="suspended")
    client = client_for(sceaux)
    log_in(client, "karim@example.org")
    response = client.get("/join")
    assert response.status_code == 403 and "est suspendue" in response.text
    assert "<button" not in response.text.split("<main")[1].split("</main>")[0]


def test_password_reset_by_email_once(client_for, two_cities):
    sceaux, bourg = two_cities
    make_member(sceaux, email="jeanne@example.org")
    elsewhere = client_for(sceaux)
    log_in(elsewhere, "jeanne@example.org")
    client = client_for(sceaux)
    response = post_form(client, "/password/reset", {"email": "jeanne@example.org"})
    assert response.status_code == 302
    link = link_in(outbox(sceaux)[0], "/password/reset/")
    new = "a brand new passphrase"
    done = post_form(client, link, {"password": new, "confirm": new})
    assert done.status_code == 302
    assert client.get("/account").status_code == 200  # logged in by the reset
    assert elsewhere.get("/account").status_code == 302  # other sessions are gone
    again = client.get(link)
    assert again.status_code == 400 and "déjà été utilisé" in again.text
    fresh = client_for(sceaux)
    assert post_form(fresh, "/login", {"email": "jeanne@example.org",
                                       "password": PASSWORD}).status_code == 422
    log_in(fresh, "jeanne@example.org", new)


def test_password_reset_says_nothing_about_unknown_addresses(client_for, sceaux):
    response = post_form(client_for(sceaux), "/password/reset",
                         {"email": "nobody@example.org"})
    assert response.status_code == 302 and outbox() == []


def test_reset_form_refuses_a_weak_or_mismatched_password(client_for, sceaux):
    make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    post_form(client, "/password/reset", {"email": "jeanne@example.org"})
    link = link_in(outbox(sceaux)[0], "/password/reset/")
    weak = post_form(client, link, {"password": "short", "confirm": "short"})
    assert weak.status_code == 422 and "10 caractères" in weak.text
    mismatch = post_form(client, link, {"password": "a long one here", "confirm": "other"})
    assert mismatch.status_code == 422 and "diffèrent" in mismatch.text
    assert client.get(link).status_code == 200  # still usable: nothing was changed


def test_signup_exists_on_city_hosts_only(national, sceaux):
    assert national.get("/signup").status_code == 404
    assert national.get("/login").status_code == 200


def test_csrf_token_is_on_every_form(client_for, sceaux):
    client = client_for(sceaux)
    for path in ("/signup", "/login", "/password/reset"):
        assert csrf_from(client.get(path).text)
