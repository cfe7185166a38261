"""The page cache of visitors who are not signed in: never another city's page, another
language's or a signed-in person's; a write shows on the next request; 304 on a known
ETag; a forged Host or query string cannot reach another key."""

import uuid

import pytest
from sqlalchemy import event, select

from tests.conftest import BASE_DOMAIN, log_in, post_form
from tests.factories import make_account, make_member
from tests.projects.test_projects import publish, the_publication
from upcampus.accounts.models import Account
from upcampus.core.db import db
from upcampus.tenancy.models import Tenant


def cached(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def published_by_lea(client_for, city, name: str = "Léa Karim"):
    """Léa, a member of `city`, signed in and holding a published project: (her client,
    the project's id, its page's path)."""
    make_member(city, account=make_account("lea@example.org", name))
    holder = client_for(city)
    log_in(holder, "lea@example.org")
    publish(holder)
    pub_id, slug, _ = the_publication(city)
    return holder, pub_id, f"/projects/{pub_id}-{slug}"


def test_a_city_page_is_kept_and_served_to_its_own_city_only(client_for, two_cities):
    sceaux, bourg = two_cities
    first = client_for(sceaux).get("/")
    assert cached(first) == "stored" and "UP Sceaux" in first.text
    again = client_for(sceaux).get("/")
    assert cached(again) == "hit" and again.text == first.text
    assert "public" in again.headers["Cache-Control"] and "s-maxage" in (
        again.headers["Cache-Control"])
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in again.headers["Vary"].split(",")}
    assert again.headers["Content-Security-Policy"]  # the usual headers still come along
    other = client_for(bourg).get("/")
    assert cached(other) == "stored"
    assert "UP Bourg-la-Reine" in other.text and "UP Sceaux" not in other.text
    # Bourg's own page, kept; the same path on Sceaux's host is still Sceaux's 404.
    assert "SECRET-OF-BOURG" in client_for(bourg).get("/pages/secret-de-bourg").text
    assert cached(client_for(bourg).get("/pages/secret-de-bourg")) == "hit"
    stranger = client_for(sceaux).get("/pages/secret-de-bourg")
    assert stranger.status_code == 404 and "SECRET-OF-BOURG" not in stranger.text
    national = client_for(BASE_DOMAIN).get("/")
    assert "UP Bourg-la-Reine" not in national.text.split("<main")[0]


def test_each_language_has_its_own_page(client_for, sceaux):
    client = client_for(sceaux)
    french = client.get("/", headers={"Accept-Language": "fr"})
    english = client.get("/", headers={"Accept-Language": "en"})
    assert 'lang="fr"' in french.text and 'lang="en"' in english.text
    assert cached(client.get("/", headers={"Accept-Language": "en"})) == "hit"
    assert 'lang="fr"' in client.get("/", headers={"Accept-Language": "fr"}).text
    chooser = client_for(sceaux)
    chooser.set_cookie("lang", "en", domain=f"sceaux.{BASE_DOMAIN}")
    assert 'lang="en"' in chooser.get("/", headers={"Accept-Language": "fr"}).text
    assert 'lang="en"' in client_for(sceaux).get("/?lang=en").text
    assert 'lang="fr"' in client_for(sceaux).get("/").text


def test_a_signed_in_person_is_never_served_a_kept_page_nor_kept(client_for, sceaux):
    make_member(sceaux, account=make_account("lea@example.org", "Léa Karim"))
    assert cached(client_for(sceaux).get("/")) == "stored"
    member = client_for(sceaux)
    log_in(member, "lea@example.org")
    page = member.get("/")
    assert cached(page) is None and "Léa Karim" in page.text
    assert "public" not in page.headers.get("Cache-Control", "")
    visitor = client_for(sceaux).get("/")
    assert cached(visitor) == "hit" and "Léa Karim" not in visitor.text


def test_pages_with_a_form_token_a_flash_or_a_cookie_are_not_kept(client_for, sceaux):
    client = client_for(sceaux)
    assert cached(client.get("/login")) is None  # its form carries a CSRF token
    assert cached(client.get("/login")) is None
    # Choosing a language sets a cookie and redirects: nothing kept.
    chosen = client_for(sceaux).get("/lang/en?next=/")
    assert cached(chosen) is None and chosen.status_code in (302, 303)
    assert cached(client_for(sceaux).post("/")) is None


def test_a_new_comment_shows_on_the_next_request(client_for, sceaux):
    holder, pub_id, page = published_by_lea(client_for, sceaux)
    assert cached(client_for(sceaux).get(page)) == "stored"
    assert cached(client_for(sceaux).get(page)) == "hit"
    post_form(holder, f"/projects/{pub_id}/comments", {"body": "Rendez-vous samedi"},
              page=page)
    shown = client_for(sceaux).get(page)
    assert cached(shown) == "stored" and "Rendez-vous samedi" in shown.text


def test_a_city_change_and_a_national_change_show_at_once(client_for, sceaux, bourg):
    _, _, page = published_by_lea(client_for, sceaux)
    assert "Léa Karim" in client_for(sceaux).get(page).text
    assert "#1a5e3a" in client_for(sceaux).get("/").text
    bourg_home = client_for(bourg).get("/")
    row = db.session.get(Tenant, sceaux.id)
    row.branding = {**row.branding, "primary": "#123456"}
    db.session.commit()
    assert "#123456" in client_for(sceaux).get("/").text
    # A person's name is national (one account, many cities): every city sees the change.
    account = db.session.scalars(select(Account).where(
        Account.email == "lea@example.org")).one()
    account.display_name = "Léa K."
    db.session.commit()
    shown = client_for(sceaux).get(page).text
    assert "Léa K." in shown and "Léa Karim" not in shown
    assert client_for(bourg).get("/").text == bourg_home.text  # same words, re-rendered


def test_if_none_match_gets_a_304(client_for, sceaux):
    first = client_for(sceaux).get("/")
    etag = first.headers["ETag"]
    again = client_for(sceaux).get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client_for(sceaux).get("/", headers={"If-None-Match": '"other"'}).status_code == 200
    head = client_for(sceaux).head("/")
    assert head.status_code == 200 and head.headers["ETag"] == etag


def test_a_forged_host_or_query_cannot_reach_another_key(client_for, two_cities):
    sceaux, bourg = two_cities
    # Headers a proxy would add are not trusted for the host: the page stays Sceaux's.
    forged = client_for(sceaux).get("/", headers={"X-Forwarded-Host": f"bourg-la-reine."
                                                  f"{BASE_DOMAIN}"})
    assert "UP Sceaux" in forged.text
    assert "UP Bourg-la-Reine" in client_for(bourg).get("/").text
    shouting = client_for(f"SCEAUX.{BASE_DOMAIN}").get("/")
    assert "UP Sceaux" in shouting.text
    unknown = client_for(f"nowhere.{BASE_DOMAIN}").get("/")
    assert unknown.status_code == 404 and cached(unknown) is None
    # A query the page does not know is its own key: the plain page is untouched.
    poisoned = client_for(sceaux).get("/projects?kind=idea&x=%3Cscript%3E")
    assert "<script>" not in poisoned.text
    plain = client_for(sceaux).get("/projects?kind=idea")
    assert cached(plain) == "stored" and "%3Cscript%3E" not in plain.text
    # Parameters in another order are the same page.
    assert cached(client_for(sceaux).get("/projects?x=%3Cscript%3E&kind=idea")) == "hit"


def test_every_process_shares_pages_and_generations_through_redis(make_app, redis_url,
                                                                  two_cities):
    sceaux, bourg = two_cities
    queue = f"test-{uuid.uuid4().hex[:8]}"
    first, second = (make_app(REDIS_URL=redis_url, JOBS_QUEUE=queue) for _ in range(2))
    try:
        def client(app, city):
            made = app.test_client()
            made.host = f"{city.subdomain}.{BASE_DOMAIN}"
            return made

        assert cached(client(first, sceaux).get("/")) == "stored"
        assert cached(client(second, sceaux).get("/")) == "hit"
        assert "UP Bourg-la-Reine" in client(second, bourg).get("/").text
        make_member(sceaux, email="lea@example.org")
        holder = client(first, sceaux)
        log_in(holder, "lea@example.org")
        publish(holder, title="Un verger au Parc de Sceaux")
        assert "Un verger au Parc de Sceaux" in client(second, sceaux).get("/projects").text
        assert cached(client(second, bourg).get("/")) == "hit"  # another city: kept
    finally:
        first.extensions["upcampus_page_cache"].clear()


@pytest.mark.parametrize("path", ["/", "/projects", "/search?q=jardin", "/organisations"])
def test_anonymous_key_pages_are_kept(client_for, sceaux, path):
    client_for(sceaux).get(path)
    assert cached(client_for(sceaux).get(path)) == "hit"


def test_project_and_organisation_pages_make_no_token_for_visitors(client_for, sceaux):
    from upcampus.organisations.models import Organisation
    from upcampus.tenancy.context import tenant_scope

    with tenant_scope(sceaux):
        organisation = Organisation(name="Les Jardiniers", slug="les-jardiniers",
                                    kind="association", description="On plante.", offers=[])
        db.session.add(organisation)
        db.session.commit()
        path = f"/organisations/{organisation.id}-les-jardiniers"
    first = client_for(sceaux).get(path)
    assert "Set-Cookie" not in first.headers and 'name="csrf_token"' not in first.text
    assert cached(first) == "stored" and "Les Jardiniers" in first.text


def test_with_redis_a_kept_page_is_answered_before_flask_without_sql(make_app, redis_url,
                                                                     sceaux):
    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=f"test-{uuid.uuid4().hex[:8]}")
    host = f"http://sceaux.{BASE_DOMAIN}"
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    try:
        assert cached(app.test_client().get("/projects", base_url=host)) == "stored"
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", record)
            again = app.test_client().get("/projects", base_url=host,
                                          headers={"Accept-Language": "fr"})
            event.remove(db.engine, "before_cursor_execute", record)
        assert cached(again) == "hit" and statements == []
        assert again.headers["Content-Security-Policy"] and again.headers["ETag"]
        assert again.headers["Vary"] and "public" in again.headers["Cache-Control"]
        # The door and Flask agree on the language: English asked is English kept apart.
        english = app.test_client().get("/projects", base_url=host,
                                        headers={"Accept-Language": "en"})
        assert cached(english) == "stored" and 'lang="en"' in english.text
        for cookie in ("remember_token", "dismissed_news"):
            personal = app.test_client()
            personal.set_cookie(cookie, "1", domain=f"sceaux.{BASE_DOMAIN}")
            assert cached(personal.get("/projects", base_url=host)) != "hit"
        # A visitor whose session holds a login page's form token only: the shared page.
        visitor = app.test_client()
        visitor.get("/login", base_url=host)
        assert visitor.get_cookie("session", domain=f"sceaux.{BASE_DOMAIN}") is not None
        assert cached(visitor.get("/projects", base_url=host)) == "hit"
        make_member(sceaux, email="door@example.org")
        member = app.test_client()
        member.host = f"sceaux.{BASE_DOMAIN}"
        log_in(member, "door@example.org")
        page = member.get("/projects")
        assert cached(page) is None and "public" not in page.headers.get("Cache-Control", "")
        # Suspended through the ORM: the city's generation moves, the door lets it pass.
        with app.app_context():
            db.session.get(Tenant, sceaux.id).status = "suspended"
            db.session.commit()
        assert app.test_client().get("/projects", base_url=host).status_code == 503
    finally:
        app.extensions["upcampus_page_cache"].clear()


def test_a_suspended_city_is_never_answered_from_kept_pages(client_for, sceaux):
    assert cached(client_for(sceaux).get("/")) == "stored"
    assert cached(client_for(sceaux).get("/")) == "hit"
    row = db.session.get(Tenant, sceaux.id)
    row.status = "suspended"
    db.session.commit()
    closed = client_for(sceaux).get("/")
    assert closed.status_code == 503 and cached(closed) is None


def test_kept_pages_take_the_headers_of_today(client_for, sceaux, monkeypatch):
    from upcampus.core import errors

    assert cached(client_for(sceaux).get("/")) == "stored"
    monkeypatch.setattr(errors, "CONTENT_SECURITY_POLICY", "default-src 'none'")
    again = client_for(sceaux).get("/")
    assert cached(again) == "hit" and again.headers["Content-Security-Policy"] == (
        "default-src 'none'")


def test_a_visitor_with_a_personal_cookie_is_neither_served_nor_kept(client_for, sceaux):
    assert cached(client_for(sceaux).get("/")) == "stored"
    dismissing = client_for(sceaux)
    dismissing.set_cookie("dismissed_news", "1", domain=f"sceaux.{BASE_DOMAIN}")
    assert cached(dismissing.get("/")) is None
    assert cached(dismissing.get("/projects")) is None
    assert cached(client_for(sceaux).get("/projects")) == "stored"


def test_http_and_https_pages_are_kept_apart(client_for, sceaux):
    host = f"sceaux.{BASE_DOMAIN}"
    assert cached(client_for(sceaux).get("/", base_url=f"http://{host}")) == "stored"
    assert cached(client_for(sceaux).get("/", base_url=f"https://{host}")) == "stored"
    assert cached(client_for(sceaux).get("/", base_url=f"https://{host}")) == "hit"


def test_a_host_with_two_trailing_dots_is_a_bad_host(client_for, sceaux):
    answer = client_for(sceaux).get("/", environ_overrides={
        "HTTP_HOST": f"sceaux.{BASE_DOMAIN}.."})
    assert answer.status_code == 400
    assert client_for(f"sceaux.{BASE_DOMAIN}.").get("/").status_code == 200


def test_a_sign_up_or_an_email_in_one_city_keeps_the_other_citys_pages(client_for,
                                                                       two_cities):
    from upcampus.national.summary import refresh_figures
    from upcampus.notifications.operations import queue_email
    from upcampus.tenancy.context import tenant_scope
    from upcampus.tenancy.resolver import CityInfo

    sceaux, bourg = two_cities
    for city in two_cities:
        assert cached(client_for(city).get("/")) == "stored"
    make_member(sceaux, account=make_account("new@example.org", "Nouvelle Venue"))
    with tenant_scope(bourg):
        queue_email("someone@example.org", "Bonjour", "notification",
                    city=CityInfo.load(bourg.id), locale="fr", verb="help_accepted",
                    title="Le jardin", url="http://x.example/1", notification=None,
                    sentence=lambda verb, title: f"{verb} {title}")
    refresh_figures()  # the national figures: national pages only
    assert cached(client_for(bourg).get("/")) == "hit"
    assert cached(client_for(sceaux).get("/")) == "stored"  # Sceaux has a new member


def test_the_development_outbox_is_never_kept(client_for, sceaux):
    assert cached(client_for(sceaux).get("/outbox")) is None
    assert "no-store" in client_for(sceaux).get("/outbox").headers["Cache-Control"]


def test_a_sign_up_shows_in_the_national_directory_at_once(client_for, sceaux):
    client_for(BASE_DOMAIN).get("/")  # counts the national figures: a write of their own
    client_for(BASE_DOMAIN).get("/")
    assert cached(client_for(BASE_DOMAIN).get("/")) == "hit"
    make_member(sceaux, account=make_account("new@example.org", "Nouvelle Venue"))
    assert cached(client_for(BASE_DOMAIN).get("/")) == "stored"


def test_a_visitor_who_saw_a_form_or_signed_out_still_gets_the_shared_pages(client_for,
                                                                            sceaux):
    make_member(sceaux, account=make_account("lea@example.org", "Léa Karim"))
    assert cached(client_for(sceaux).get("/projects")) == "stored"
    visitor = client_for(sceaux)
    visitor.get("/login")  # its form's token goes into a session cookie
    assert cached(visitor.get("/projects")) == "hit"
    member = client_for(sceaux)
    log_in(member, "lea@example.org")
    assert cached(member.get("/projects")) is None
    post_form(member, "/logout", {}, page="/account")
    member.get("/")  # the page after signing out (its message, its offer)
    again = member.get("/projects")
    assert cached(again) == "hit" and "Léa Karim" not in again.text


def test_the_models_page_makes_no_token_for_visitors(client_for, sceaux):
    first = client_for(sceaux).get("/models")
    assert "Set-Cookie" not in first.headers and cached(first) == "stored"
