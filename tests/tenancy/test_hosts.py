"""Every request is resolved from its Host: a city, the national site, or a clear error."""

import uuid

import pytest
from sqlalchemy import event, text, update

from tests.conftest import BASE_DOMAIN
from tests.factories import make_tenant
from upcampus.core.db import db
from upcampus.tenancy.models import Tenant


def test_city_home_shows_its_name_description_and_branding(client_for, two_cities):
    sceaux, bourg = two_cities
    page = client_for(sceaux).get("/")
    assert page.status_code == 200
    html = page.text
    assert "<h1 id=\"city-title\">UP Sceaux</h1>" in html
    assert "Le réseau des Scéens" in html
    assert "--brand-primary: #1a5e3a" in html and "--brand-secondary: #b3430e" in html
    assert '--brand-font: "Gill Sans"' in html and "Bourg" not in html
    other = client_for(bourg).get("/").text
    assert "UP Bourg-la-Reine" in other and "Scéens" not in other
    assert "--brand-primary: #5b2a86" in other and "--brand-font: Georgia" in other


def test_city_home_speaks_the_visitors_language(client_for, sceaux):
    client = client_for(sceaux)
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert 'lang="en"' in english.text and "The Sceaux network" in english.text
    assert "Skip to content" in english.text
    french = client.get("/", headers={"Accept-Language": "de-DE"})  # not offered: default
    assert 'lang="fr"' in french.text and "Aller au contenu" in french.text


def test_the_language_choice_is_remembered_and_wins(client_for, sceaux):
    client = client_for(sceaux)
    response = client.get("/lang/en?next=/pages/a-propos")
    assert response.status_code == 302 and response.location == "/pages/a-propos"
    page = client.get("/", headers={"Accept-Language": "fr"})
    assert "The Sceaux network" in page.text
    assert "Le réseau des Scéens" in client.get("/?lang=fr").text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "javascript:x"])
def test_language_switch_never_redirects_elsewhere(client_for, sceaux, target):
    response = client_for(sceaux).get("/lang/en", query_string={"next": target})
    assert response.location == "/"


def test_unknown_host_gets_a_bilingual_404_naming_no_city(client_for, two_cities):
    response = client_for(f"nowhere.{BASE_DOMAIN}").get("/")
    assert response.status_code == 404
    assert "Ce réseau n'existe pas" in response.text
    assert "This network does not exist" in response.text
    assert "Sceaux" not in response.text and "Bourg" not in response.text


@pytest.mark.parametrize("host", [
    "bad host", "exa mple.test", "a..b", "-x.upcampus.test", "x" * 300, "<script>",
    "sceaux.upcampus.test:99999", "sceaux.upcampus.test:abc", "", "é.upcampus.test",
    "sceaux.upcampus.test/../", "[::1", "sceaux.upcampus.test\r\nX: y",
])
def test_malformed_host_gets_a_400(app, two_cities, host):
    response = app.test_client().get("/", environ_overrides={"HTTP_HOST": host})
    assert response.status_code == 400
    assert "Adresse invalide" in response.text and "Invalid address" in response.text


def test_host_is_matched_without_case_port_or_final_dot(client_for, sceaux):
    for host in (f"SCEAUX.{BASE_DOMAIN.upper()}", f"sceaux.{BASE_DOMAIN}:8443",
                 f"sceaux.{BASE_DOMAIN}."):
        assert "UP Sceaux" in client_for(host).get("/").text, host


def test_custom_domain_serves_its_city(client_for, app_context):
    make_tenant("antony", name="UP Antony", domains=("up.antony.example",))
    assert "UP Antony" in client_for("up.antony.example").get("/").text
    assert client_for("other.antony.example").get("/").status_code == 404


def test_suspended_city_gets_a_503_with_its_message(client_for, app_context):
    city = make_tenant("fresnes", status="suspended",
                       status_message={"fr": "Maintenance jusqu’à lundi.",
                                       "en": "Maintenance until Monday."})
    response = client_for(city).get("/")
    assert response.status_code == 503
    assert "Maintenance jusqu’à lundi." in response.text
    assert "temporairement fermé" in response.text
    assert response.headers["Retry-After"]
    english = client_for(city).get("/pages/x", headers={"Accept-Language": "en"})
    assert english.status_code == 503 and "Maintenance until Monday." in english.text


def test_archived_city_is_gone(client_for, app_context):
    city = make_tenant("closed", status="archived")
    assert client_for(city).get("/").status_code == 404


def test_national_home_lists_active_cities_with_links_to_their_hosts(national, two_cities,
                                                                      app_context):
    make_tenant("fresnes", name="UP Fresnes", status="suspended",
                status_message={"fr": "Fermé"})
    page = national.get("/")
    assert page.status_code == 200
    assert f'href="http://sceaux.{BASE_DOMAIN}/"' in page.text
    assert f'href="http://bourg-la-reine.{BASE_DOMAIN}/"' in page.text
    assert "UP Fresnes" not in page.text
    assert "2 réseaux sont ouverts." in page.text
    with_port = national.get("/", base_url=f"http://{BASE_DOMAIN}:5000")
    assert f'href="http://sceaux.{BASE_DOMAIN}:5000/"' in with_port.text


def test_a_city_is_resolved_once_then_served_from_cache(client_for, sceaux, count_queries):
    client = client_for(sceaux)
    client.get("/")
    with count_queries() as first:
        client.get("/")
    # The city comes from the cache: only the page's own queries run, plus one primary-key
    # read of the tenants' generation, which tells this process at once that another one
    # changed a city (onboarded, suspended, renamed).
    assert first.count > 0
    assert [q for q in first.statements if "FROM tenants" in q] == []
    assert len([q for q in first.statements if "FROM tenant_generation" in q]) == 1
    db.session.execute(update(Tenant).where(Tenant.id == sceaux.id).values(name="Renamed"))
    db.session.commit()  # a change through the ORM session clears this process's cache
    assert "Renamed" in client.get("/").text


def test_cache_entries_expire_for_changes_made_elsewhere(make_app, sceaux):
    app = make_app(TENANT_CACHE_SECONDS=0)
    client = app.test_client()
    assert "UP Sceaux" in client.get("/", base_url=f"http://sceaux.{BASE_DOMAIN}").text
    with app.app_context():  # as another process would: no ORM event in this one
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE tenants SET name = 'Changed elsewhere'"))
    assert "Changed elsewhere" in client.get("/", base_url=f"http://sceaux.{BASE_DOMAIN}").text


def test_logo_is_served_with_its_type_safely_and_cached(client_for, app_context):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    city = make_tenant("logo-city", logo=svg, logo_type="image/svg+xml", logo_hash="abc123")
    client = client_for(city)
    response = client.get("/brand/logo")
    assert response.status_code == 200 and response.data == svg
    assert response.mimetype == "image/svg+xml"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    again = client.get("/brand/logo", headers={"If-None-Match": '"abc123"'})
    assert again.status_code == 304
    assert 'src="/brand/logo?v=abc123"' in client.get("/").text


def test_branding_assets_exist_only_on_city_hosts(national, sceaux, client_for):
    assert national.get("/brand/logo").status_code == 404
    assert client_for(sceaux).get("/brand/logo").status_code == 404  # no logo set


def test_healthz_reports_the_database(national, app_context):
    response = national.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "not configured",
                             "worker": "inline"}


def test_healthz_answers_on_any_host(app):
    response = app.test_client().get("/healthz", environ_overrides={"HTTP_HOST": "10.0.0.7"})
    assert response.status_code == 200


def test_healthz_reports_redis_up_and_down(make_app, redis_url):
    up = make_app(REDIS_URL=redis_url).test_client().get("/healthz")
    assert up.json["redis"] == "ok"  # and the worker's heartbeat: tests/core
    down = make_app(REDIS_URL="redis://127.0.0.1:1/0").test_client().get("/healthz")
    assert down.status_code == 503
    assert down.json["status"] == "error" and down.json["redis"].startswith("error")


def test_healthz_reports_a_dead_database(make_app):
    app = make_app(DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"].startswith("error")


def test_pages_carry_security_headers(client_for, sceaux):
    response = client_for(sceaux).get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_with_redis_no_sql_tells_a_process_its_hosts_are_current(make_app, redis_url, sceaux):
    """Every process of a deployment shares Redis: the hosts' generation is read there
    (no SQL per request), and a city suspended through one process is closed on the
    other at once."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    first, second = (make_app(REDIS_URL=redis_url, JOBS_QUEUE=queue) for _ in range(2))
    host = f"http://sceaux.{BASE_DOMAIN}"
    try:
        reader = second.test_client()
        assert reader.get("/", base_url=host).status_code == 200
        seen = []
        with second.app_context():
            def record(*args):
                seen.append(args[2])
            event.listen(db.engine, "before_cursor_execute", record)
            reader.get("/projects", base_url=host)
            event.remove(db.engine, "before_cursor_execute", record)
        assert seen and not [q for q in seen if "tenant_generation" in q]
        with first.app_context():
            db.session.execute(update(Tenant).where(Tenant.id == sceaux.id).values(
                status="suspended"))
            db.session.commit()
        assert reader.get("/", base_url=host).status_code == 503
    finally:
        first.extensions["upcampus_page_cache"].clear()
