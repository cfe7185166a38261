"""The national home does not grow with the number of cities: its figures come from a
summary a job refreshes, and the networks are listed a page at a time."""

from datetime import timedelta

from tests.conftest import BASE_DOMAIN
from tests.factories import make_member, make_tenant
from upcampus.core.db import db, utcnow
from upcampus.national import summary
from upcampus.national.models import NationalFigures
from upcampus.national.summary import refresh_figures


def test_figures_come_from_the_summary_not_from_counting(national, two_cities, monkeypatch):
    sceaux, bourg = two_cities
    make_member(sceaux)
    make_member(bourg)
    page = national.get("/")  # no summary yet: counted once (inline without Redis)
    assert "<strong>2</strong> réseaux" in page.text
    assert "<strong>2</strong> membres" in page.text
    make_member(sceaux)
    # Fresh figures are not counted again per request: the new member waits for the job.
    assert "<strong>2</strong> membres" in national.get("/").text
    refresh_figures()  # the job
    assert "<strong>3</strong> membres" in national.get("/").text
    # Stale figures ask for a refresh (inline here; a worker's job with Redis).
    row = db.session.get(NationalFigures, 1)
    row.refreshed_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    make_member(bourg)
    monkeypatch.setitem(summary._asked, "at", float("-inf"))  # no ask in the last minute
    assert "<strong>4</strong> membres" in national.get("/").text


def test_the_national_home_pages_its_networks_at_a_fixed_cost(national, two_cities,
                                                              count_queries):
    national.get("/")

    def cost():
        with count_queries() as counter:
            national.get("/")
        return counter.count

    few = cost()
    for i in range(30):
        make_tenant(f"ville-{i:02d}", name=f"UP Ville {i:02d}")
    refresh_figures()
    national.get("/")
    assert cost() == few
    first = national.get("/").text
    assert "32 réseaux sont ouverts." in first and "<strong>32</strong> réseaux" in first
    assert "UP Ville 20" in first and "UP Ville 25" not in first  # 24 a page, by name
    second = national.get("/?page=2").text
    assert "UP Ville 25" in second and f'href="http://ville-29.{BASE_DOMAIN}/"' in second
    assert 'rel="prev"' in second
