"""Values kept per city and generation (core/memo.py): computed once while nothing
changes, again at once after a write of the city (or a national one), never shared with
another city; the page menu and the skills' choices use them."""

from flask import g

from tests.conftest import log_in
from tests.factories import make_member, make_page
from upcampus.core.db import db
from upcampus.core.memo import kept
from upcampus.taxonomy.operations import add_local_skill
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.resolver import CityInfo


def test_a_value_is_computed_once_per_city_and_generation(app, two_cities):
    sceaux, bourg = two_cities
    calls = []

    def value_in(city):
        # A request of its own (test_request_context alone would share the test's g).
        with app.app_context(), app.test_request_context("/"):
            g.city = CityInfo.load(city.id)
            return kept("test-value", lambda: calls.append(city.id) or f"for {city.id}")

    assert value_in(sceaux) == f"for {sceaux.id}" and value_in(sceaux) == f"for {sceaux.id}"
    assert calls == [sceaux.id]
    assert value_in(bourg) == f"for {bourg.id}" and calls == [sceaux.id, bourg.id]
    make_page(sceaux, "nouvelle", "fr", "Nouvelle page", "Texte.")  # a write of Sceaux
    value_in(sceaux)
    value_in(bourg)
    assert calls == [sceaux.id, bourg.id, sceaux.id]  # Bourg's value still holds


def test_a_new_page_and_a_new_skill_show_at_once_in_their_city_only(client_for, two_cities):
    sceaux, bourg = two_cities
    make_member(sceaux, email="lea@example.org")
    member = client_for(sceaux)
    log_in(member, "lea@example.org")
    assert "Jardinage urbain scéen" not in member.get("/account").text
    assert "Plan du quartier" not in member.get("/account").text
    with tenant_scope(sceaux.id):
        add_local_skill("Jardinage urbain scéen", "Sceaux urban gardening")
        db.session.commit()
    make_page(sceaux, "plan", "fr", "Plan du quartier", "Le plan.")
    shown = member.get("/account").text
    assert "Jardinage urbain scéen" in shown and "Plan du quartier" in shown
    make_member(bourg, email="karim@example.org")
    other = client_for(bourg)
    log_in(other, "karim@example.org")
    elsewhere = other.get("/account").text
    assert "Jardinage urbain scéen" not in elsewhere and "Plan du quartier" not in elsewhere
