"""The national site in a real browser: its home, the showcase, news, national search and
a shared page, axe-clean at desktop width and at 375 px; a pushed news item dismissed on a
city's home; a city's page of models."""

from types import SimpleNamespace

import pytest

from upcampus.core.db import db, utcnow
from upcampus.national.models import NationalNews
from upcampus.projects.models import Holder, Publication
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant

from ..conftest import BASE_DOMAIN
from ..factories import make_member
from .conftest import DESKTOP, PHONE, axe_violations, fits_phone, screenshot

NATIONAL_PAGES = ["/", "/showcase", "/news", "NEWS", "/search?q=jardin", "/pages/charte"]


@pytest.fixture
def shared(two_cities):
    """A shared, realised project in each city, and a national news item pushed to all."""
    sceaux, bourg = two_cities
    db.session.get(Tenant, sceaux.id).theme = "up"
    for city, title in ((sceaux, "Jardin partagé des Blagis"), (bourg, "Jardin de la gare")):
        member = make_member(city, email=f"resident@{city.slug}.example.org")
        with tenant_scope(city):
            publication = Publication(kind="project", title=title, slug="jardin",
                                      status="published", stage="realised",
                                      author_id=member.id, published_at=utcnow(),
                                      description="Des **planches** de potager.",
                                      shared_nationally=True, lessons="Commencer petit.")
            publication.holders.append(Holder(membership_id=member.id))
            db.session.add(publication)
            db.session.commit()
    news = NationalNews(title={"fr": "Le festival UP arrive", "en": "The UP festival"},
                        body={"fr": "Rendez-vous **en juin**.", "en": "See you in June."},
                        published_at=utcnow(), pushed=True)
    db.session.add(news)
    db.session.commit()
    plain = SimpleNamespace(news_id=news.id, cities=tuple(
        SimpleNamespace(id=c.id, slug=c.slug, subdomain=c.subdomain) for c in (sceaux, bourg)))
    db.session.remove()  # the live server writes too: hold no transaction open
    return plain


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_the_national_pages_are_accessible(shared, live_server, new_page, locale):
    failures = {}
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(locale=locale, viewport=viewport, for_axe=True)
        for path in NATIONAL_PAGES:
            url = live_server.url(BASE_DOMAIN, f"/news/{shared.news_id}" if path == "NEWS"
                                  else path)
            assert page.goto(url).status == 200, url
            problems = axe_violations(page)
            if problems:
                failures[f"national {viewport_name} {path}"] = problems
            if viewport_name == "phone" and not fits_phone(page):
                failures[f"national phone {path}"] = "wider than 375 px"
            if path in ("/", "/showcase"):
                screenshot(page, f"national-{path.strip('/') or 'home'}-{locale[:2]}-"
                                 f"{viewport_name}")
        for city in shared.cities:
            page.goto(live_server.url(city, "/models"))
            problems = axe_violations(page)
            if problems:
                failures[f"{city.slug} {viewport_name} /models"] = problems
    assert not failures, failures


def test_a_pushed_news_item_shows_on_every_city_and_is_dismissed(shared, live_server,
                                                                new_page):
    sceaux, bourg = shared.cities
    page = new_page(viewport=PHONE, for_axe=True)
    page.goto(live_server.url(sceaux, "/"))
    assert page.get_by_role("heading", name="Le festival UP arrive").is_visible()
    assert axe_violations(page) == [] and fits_phone(page)
    screenshot(page, "sceaux-home-pushed-news-phone")
    page.get_by_role("button", name="Masquer cette actualité").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Le festival UP arrive").count() == 0
    page.goto(live_server.url(bourg, "/"))
    assert page.get_by_role("heading", name="Le festival UP arrive").is_visible()
