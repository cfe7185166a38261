"""One sign-in for every city: a login handed over through the national host, once,
within a minute, to the host and the browser that asked; cookies stay on their host."""

from datetime import timedelta
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, log_in, post_form
from upcampus.accounts.models import AuthSession
from upcampus.core.db import db, utcnow


def follow(client, url):
    """One redirect step on whichever host the URL names; (response, next url)."""
    parts = urlsplit(url)
    client.host = parts.hostname or client.host
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    return response, response.headers.get("Location")


def hop(clients, url, *, until=None, steps=12):
    """Follow redirects across hosts, each host with its own client (its own cookies)."""
    for _ in range(steps):
        host = urlsplit(url).hostname
        response, location = follow(clients[host], url)
        if location is None or (until and until in url):
            return response, url
        url = location if location.startswith("http") else f"http://{host}{location}"
    raise AssertionError("too many redirects")


def clients_for(client_for, *cities):
    hosts = [BASE_DOMAIN] + [f"{c.subdomain}.{BASE_DOMAIN}" for c in cities]
    return {host: client_for(host) for host in hosts}


def test_signed_in_nationally_enters_a_city_without_a_password(
        client_for, two_cities, member_of):
    sceaux, bourg = two_cities
    member = member_of(bourg, "member", email="both@example.org")
    member_of(sceaux, "member", account=member.account)
    clients = clients_for(client_for, sceaux, bourg)
    log_in(clients[BASE_DOMAIN], "both@example.org")
    page = clients[BASE_DOMAIN].get("/account").text
    assert "UP Bourg-la-Reine" in page and "UP Sceaux" in page
    assert f"http://bourg-la-reine.{BASE_DOMAIN}/sso/start" in page

    bourg_host = f"bourg-la-reine.{BASE_DOMAIN}"
    response, url = hop(clients, f"http://{bourg_host}/sso/start?next=/account")
    assert urlsplit(url).hostname == bourg_host and urlsplit(url).path == "/account"
    assert response.status_code == 200
    assert "UP Bourg-la-Reine" in response.text and 'name="bio"' in response.text
    # The login made there is that host's own: Sceaux's cookies still open nothing.
    assert clients[f"sceaux.{BASE_DOMAIN}"].get("/account").status_code == 302
    keys = set(db.session.scalars(select(AuthSession.host_key)))
    assert keys == {"n", f"c{bourg.id}"}


def test_signed_in_on_one_city_moves_to_another_through_the_national_host(
        client_for, two_cities, member_of):
    sceaux, bourg = two_cities
    member = member_of(sceaux, "member", email="both@example.org")
    member_of(bourg, "member", account=member.account)
    clients = clients_for(client_for, sceaux, bourg)
    sceaux_host, bourg_host = f"sceaux.{BASE_DOMAIN}", f"bourg-la-reine.{BASE_DOMAIN}"
    log_in(clients[sceaux_host], "both@example.org")
    page = clients[sceaux_host].get("/account").text
    link = f"http://{bourg_host}/sso/start?from={sceaux_host}"
    assert link in page.replace("&amp;", "&")
    visited = []
    url = link
    for _ in range(12):
        host = urlsplit(url).hostname
        visited.append((host, urlsplit(url).path))
        response, location = follow(clients[host], url)
        if location is None:
            break
        url = location if location.startswith("http") else f"http://{host}{location}"
    assert response.status_code == 200 and (host, urlsplit(url).path) == (bourg_host, "/")
    assert (BASE_DOMAIN, "/sso/issue") in visited  # through the national host
    assert "/login" not in [path for _host, path in visited]  # no password typed


def start_and_ticket(clients, target_host):
    """Ask on target_host, get the ticket from the national host: the arrive URL."""
    response, issue_url = follow(clients[target_host], f"http://{target_host}/sso/start")
    response, arrive_url = follow(clients[BASE_DOMAIN], issue_url)
    assert "/sso/arrive" in arrive_url, arrive_url
    return arrive_url




def test_replayed_expired_or_carried_tickets_are_refused(client_for, two_cities, member_of):
    sceaux, bourg = two_cities
    member = member_of(bourg, email="m@example.org")
    member_of(sceaux, account=member.account)
    clients = clients_for(client_for, sceaux, bourg)
    bourg_host, sceaux_host = f"bourg-la-reine.{BASE_DOMAIN}", f"sceaux.{BASE_DOMAIN}"
    log_in(clients[BASE_DOMAIN], "m@example.org")

    # Carried to another host: a ticket for Bourg opened on Sceaux.
    arrive = start_and_ticket(clients, bourg_host)
    query = urlsplit(arrive).query
    carried = clients[sceaux_host].get(f"/sso/arrive?{query}")
    assert carried.status_code == 400
    assert "another site" in carried.text or "autre site" in carried.text
    # Opened in another browser (no state in its session).
    stranger = client_for(bourg_host)
    other = stranger.get(f"/sso/arrive?{query}")
    assert other.status_code == 400
    assert stranger.get("/account").status_code == 302
    # The browser that asked: it works.
    ok, _ = follow(clients[bourg_host], arrive)
    assert ok.status_code == 302
    assert clients[bourg_host].get("/account").status_code == 200
    # Late: past a minute the signature has expired, and the row too.
    post_form(clients[bourg_host], "/logout", {}, page="/")
    late_arrive = start_and_ticket(clients, bourg_host)
    later = utcnow() + timedelta(seconds=61)
    with mock.patch("itsdangerous.timed.time.time", return_value=later.timestamp()):
        late, _ = follow(clients[bourg_host], late_arrive)
    assert late.status_code == 400
    assert "expired" in late.text or "expiré" in late.text
    assert clients[bourg_host].get("/account").status_code == 302
    # A forged or truncated token.
    bad = clients[bourg_host].get("/sso/arrive?token=abc")
    assert bad.status_code == 400


def test_replay_in_the_same_browser_is_refused_as_used(client_for, two_cities, member_of):
    sceaux, bourg = two_cities
    member_of(bourg, email="m@example.org")
    clients = clients_for(client_for, sceaux, bourg)
    bourg_host = f"bourg-la-reine.{BASE_DOMAIN}"
    log_in(clients[BASE_DOMAIN], "m@example.org")
    response, issue_url = follow(clients[bourg_host], f"http://{bourg_host}/sso/start")
    state = parse_qs(urlsplit(issue_url).query)["state"][0]
    response, arrive_url = follow(clients[BASE_DOMAIN], issue_url)
    assert follow(clients[bourg_host], arrive_url)[0].status_code == 302
    # The same browser, logged out, with the same state put back: still refused.
    post_form(clients[bourg_host], "/logout", {}, page="/")
    with clients[bourg_host].session_transaction(base_url=f"http://{bourg_host}") as session:
        session["handoff_state"] = state
    replay, _ = follow(clients[bourg_host], arrive_url)
    assert replay.status_code == 400
    assert "already been used" in replay.text or "déjà été utilisé" in replay.text
    assert clients[bourg_host].get("/account").status_code == 302


def test_targets_are_only_hosts_of_the_platform(client_for, two_cities, member_of):
    sceaux, bourg = two_cities
    member_of(bourg, email="m@example.org")
    national = client_for(BASE_DOMAIN)
    log_in(national, "m@example.org")
    state = "s" * 24
    for to in ("evil.example", "unknown.upcampus.test", "", "bad host", BASE_DOMAIN):
        response = national.get("/sso/issue", query_string={"to": to, "state": state})
        assert response.status_code == 400, to
        assert "Location" not in response.headers
    # A city hands over to the national host only, never to another city.
    sceaux_client = client_for(sceaux)
    member_of(sceaux, email="s@example.org")
    log_in(sceaux_client, "s@example.org")
    response = sceaux_client.get("/sso/issue", query_string={
        "to": f"bourg-la-reine.{BASE_DOMAIN}", "state": state})
    assert response.status_code == 400
    # The next path stays on the target host.
    bourg_host = f"bourg-la-reine.{BASE_DOMAIN}"
    response = national.get("/sso/issue", query_string={
        "to": bourg_host, "state": state, "next": "https://evil.example/x"})
    location = response.headers["Location"]
    assert urlsplit(location).hostname == bourg_host
    assert parse_qs(urlsplit(location).query)["next"] == ["/"]


def test_a_platform_admin_enters_any_city_as_staff_without_joining(
        client_for, two_cities, member_of):
    sceaux, bourg = two_cities
    admin = member_of(sceaux, email="platform@example.org")
    admin.account.is_platform_admin = True
    db.session.commit()
    clients = clients_for(client_for, sceaux, bourg)
    log_in(clients[BASE_DOMAIN], "platform@example.org")
    bourg_host = f"bourg-la-reine.{BASE_DOMAIN}"
    response, url = hop(clients, f"http://{bourg_host}/sso/start?next=/admin/members")
    assert urlsplit(url).path == "/admin/members" and response.status_code == 200
    from upcampus.accounts.models import Membership
    from upcampus.tenancy.context import across_tenants
    with across_tenants():
        assert db.session.scalar(select(Membership.id).where(
            Membership.tenant_id == bourg.id,
            Membership.account_id == admin.account_id)) is None


def test_logout_offers_to_sign_out_everywhere(client_for, two_cities, member_of):
    sceaux, bourg = two_cities
    member = member_of(sceaux, email="m@example.org")
    member_of(bourg, account=member.account)
    clients = clients_for(client_for, sceaux, bourg)
    for host in clients:
        log_in(clients[host], "m@example.org")
    sceaux_client = clients[f"sceaux.{BASE_DOMAIN}"]
    response = post_form(sceaux_client, "/logout", {}, page="/")
    assert response.headers["Location"] == "/logged-out"
    offer = sceaux_client.get("/logged-out")
    assert offer.status_code == 200 and "/logout/everywhere" in offer.text
    assert clients[BASE_DOMAIN].get("/account").status_code == 200  # not yet
    # Another browser cannot use the offer: it has no such mark in its session.
    stranger = client_for(f"sceaux.{BASE_DOMAIN}")
    assert stranger.get("/logged-out").status_code == 302
    post_form(sceaux_client, "/logout/everywhere", {}, page="/logged-out")
    for client in clients.values():
        assert client.get("/account").status_code == 302
    assert db.session.scalar(select(AuthSession.id)) is None


def test_logout_of_a_last_login_goes_home(client_for, sceaux, member_of):
    member_of(sceaux, email="m@example.org")
    client = client_for(sceaux)
    log_in(client, "m@example.org")
    response = post_form(client, "/logout", {}, page="/")
    assert response.headers["Location"] == "/"
    assert client.get("/logged-out").status_code == 302


def test_a_ticket_opened_twice_at_once_logs_in_once(client_for, two_cities, member_of):
    from tests.threads import all_at_once

    _sceaux, bourg = two_cities
    member_of(bourg, email="m@example.org")
    bourg_host = f"bourg-la-reine.{BASE_DOMAIN}"
    national = client_for(BASE_DOMAIN)
    log_in(national, "m@example.org")
    state = "t" * 24
    issued = national.get("/sso/issue", query_string={"to": bourg_host, "state": state})
    arrive = urlsplit(issued.headers["Location"])
    twins = [client_for(bourg_host) for _ in range(2)]
    for twin in twins:  # two tabs of one browser: the same state in the session
        with twin.session_transaction(base_url=f"http://{bourg_host}") as session:
            session["handoff_state"] = state
    answers = all_at_once([lambda t=t: t.get(f"{arrive.path}?{arrive.query}").status_code
                           for t in twins])
    assert sorted(answers) == [302, 400]
