"""Every route, as a visitor of one city, against the rows of the other: nothing leaks.

A new route with URL arguments must say here which value of the other city to try;
the sweep fails on a route it does not know how to call, so none is forgotten."""

import pytest

# For each URL argument: a value naming something of the *other* city (bourg).
OTHER_CITY_VALUES = {
    "slug": "secret-de-bourg",
    "code": "en",
    "filename": "css/main.css",
}
SECRET = "SECRET-OF-BOURG"


def swept_rules(app):
    return sorted((r for r in app.url_map.iter_rules()), key=lambda r: r.rule)


def test_no_route_of_a_city_shows_another_citys_rows(app, client_for, two_cities):
    sceaux, bourg = two_cities
    client = client_for(sceaux)
    assert SECRET in client_for(bourg).get("/pages/secret-de-bourg").text  # the marker works
    tried = 0
    for rule in swept_rules(app):
        unknown = set(rule.arguments) - set(OTHER_CITY_VALUES)
        assert not unknown, f"{rule.rule}: add a value for {unknown} to OTHER_CITY_VALUES"
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<{name}>", OTHER_CITY_VALUES[name])
            url = url.replace(f"<path:{name}>", OTHER_CITY_VALUES[name])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers={"Accept-Language": "fr"})
            tried += 1
            assert response.status_code < 500, (method, url)
            body = response.get_data(as_text=True)
            response.close()
            assert SECRET not in body, (method, url)
    assert tried >= len(list(app.url_map.iter_rules())) - 1


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_no_write_reaches_another_city(app, client_for, two_cities, method):
    sceaux, bourg = two_cities
    from sqlalchemy import select

    from upcampus.core.db import db
    from upcampus.pages.models import Page
    from upcampus.tenancy.context import tenant_scope

    client = client_for(sceaux)
    for rule in swept_rules(app):
        if method not in rule.methods:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<{name}>", OTHER_CITY_VALUES[name])
        client.open(url, method=method, data={"title": "hijacked"}).close()
    with tenant_scope(bourg):
        assert db.session.scalars(select(Page.title)).all() == [SECRET]
