"""Values kept per city and generation (core/memo.py): computed once while nothing
changes, again at once after a write of the city (or a national one), never shared with
another city; the page menu and the skills' choices use them."""

import uuid

from flask import g

from tests.conftest import BASE_DOMAIN, log_in
from tests.factories import make_member, make_page
from upcampus.core.db import db
from upcampus.core.memo import kept
from upcampus.taxonomy.operations import add_local_skill
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.resolver import CityInfo


def _value_in(app, city, calls):
    # A request of its own (test_request_context alone would share the test's g).
    with app.app_context(), app.test_request_context("/"), tenant_scope(city.id):
        g.city = CityInfo.load(city.id)
        return kept("test-value", lambda: calls.append(city.id) or f"for {city.id}")


def test_with_redis_a_value_is_computed_once_per_city_and_generation(make_app, redis_url,
                                                                      two_cities):
    sceaux, bourg = two_cities
    app, calls = make_app(REDIS_URL=redis_url, JOBS_QUEUE=f"test-{uuid.uuid4().hex[:8]}"), []
    try:
        assert _value_in(app, sceaux, calls) == f"for {sceaux.id}"
        assert _value_in(app, sceaux, calls) == f"for {sceaux.id}"
        assert calls == [sceaux.id]
        assert _value_in(app, bourg, calls) == f"for {bourg.id}"
        assert calls == [sceaux.id, bourg.id]
        with app.app_context():
            make_page(sceaux, "nouvelle", "fr", "Nouvelle page", "Texte.")  # Sceaux writes
        _value_in(app, sceaux, calls)
        _value_in(app, bourg, calls)
        assert calls == [sceaux.id, bourg.id, sceaux.id]  # Bourg's value still holds
    finally:
        app.extensions["upcampus_page_cache"].clear()


def test_without_redis_nothing_is_kept_as_another_process_would_miss_writes(app, sceaux):
    """Two gunicorn workers without Redis each know only their own writes: computed on
    every request."""
    calls = []
    _value_in(app, sceaux, calls)
    _value_in(app, sceaux, calls)
    assert calls == [sceaux.id, sceaux.id]


def test_with_redis_a_new_page_and_a_new_skill_show_at_once_in_their_city_only(
        make_app, redis_url, two_cities):
    """The page menu and the skills' choices are kept (Redis): a write shows at once, in
    its city only."""
    sceaux, bourg = two_cities
    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=f"test-{uuid.uuid4().hex[:8]}")

    def signed_in(city, email):
        make_member(city, email=email)
        client = app.test_client()
        client.host = f"{city.subdomain}.{BASE_DOMAIN}"
        log_in(client, email)
        return client

    try:
        member = signed_in(sceaux, "lea@example.org")
        other = signed_in(bourg, "karim@example.org")
        for client in (member, other):  # kept now, in each city
            page = client.get("/account").text
            assert "Jardinage urbain scéen" not in page and "Plan du quartier" not in page
        with app.app_context():
            with tenant_scope(sceaux.id):
                add_local_skill("Jardinage urbain scéen", "Sceaux urban gardening")
                db.session.commit()
            make_page(sceaux, "plan", "fr", "Plan du quartier", "Le plan.")
        shown = member.get("/account").text
        assert "Jardinage urbain scéen" in shown and "Plan du quartier" in shown
        elsewhere = other.get("/account").text
        assert "Jardinage urbain scéen" not in elsewhere and "Plan du quartier" not in elsewhere
    finally:
        app.extensions["upcampus_page_cache"].clear()


def test_a_value_read_for_another_city_than_the_requests_is_never_kept(make_app, redis_url,
                                                                        two_cities):
    """Code acting for Bourg inside a request of Sceaux: Sceaux's generation says nothing
    of Bourg's rows, so nothing is kept."""
    sceaux, bourg = two_cities
    app, calls = make_app(REDIS_URL=redis_url, JOBS_QUEUE=f"test-{uuid.uuid4().hex[:8]}"), []
    try:
        for _ in range(2):
            with app.app_context(), app.test_request_context("/"), tenant_scope(bourg.id):
                g.city = CityInfo.load(sceaux.id)
                kept("test-value", lambda: calls.append(bourg.id))
            with app.app_context(), app.test_request_context("/"), across_tenants():
                g.city = CityInfo.load(sceaux.id)  # every city's rows: nothing says when
                kept("test-value", lambda: calls.append("all"))
        assert calls == [bourg.id, "all", bourg.id, "all"]
    finally:
        app.extensions["upcampus_page_cache"].clear()
