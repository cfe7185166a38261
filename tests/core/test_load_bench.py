"""The load benchmark's pieces (issue 17): the bare yardstick page the stack serves next to
the platform, and the dataset generator at a tiny size, its rows in their own cities."""

import sys

from sqlalchemy import func, select

from tests.conftest import BASE_DOMAIN, log_in
from upcampus.accounts.models import Account, Membership
from upcampus.core.bare import BARE_PREFIX, create_bare_app, stack_app
from upcampus.core.db import db
from upcampus.core.settings import REPO_ROOT
from upcampus.projects.models import Comment, Holder, Publication
from upcampus.search.models import SearchDocument
from upcampus.tenancy.context import tenant_scope

sys.path.insert(0, str(REPO_ROOT / "scripts" / "bench"))
from dataset import PASSWORD, InsertWriter, Sizes, generate  # noqa: E402


def test_the_bare_page_renders_its_twenty_items():
    page = create_bare_app().test_client().get("/")
    assert page.status_code == 200
    assert page.text.count("<li") == 20 and 'class="item-20">Item 20<' in page.text


def test_the_stack_app_serves_the_bare_page_beside_the_platform(make_app, sceaux):
    app = stack_app(make_app())
    client = app.test_client()
    assert client.get(f"{BARE_PREFIX}/").text.count("<li") == 20
    home = client.get("/", base_url="http://sceaux." + BASE_DOMAIN)
    assert home.status_code == 200 and "UP Sceaux" in home.text
    assert client.get("/", base_url="http://nowhere." + BASE_DOMAIN).status_code == 404


def test_the_generator_fills_cities_of_their_own(app, two_cities, client_for):
    sceaux, _ = two_cities
    made = generate(InsertWriter(), Sizes(cities=2, accounts=20, projects=6, comments=12))
    first, second = made["cities"]
    assert db.session.scalar(select(func.count()).select_from(Account)) == 20
    for city in made["cities"]:
        with tenant_scope(city):
            assert db.session.scalar(select(func.count()).select_from(Membership)) == 10
            assert db.session.scalar(select(func.count()).select_from(Publication)) == 3
            assert db.session.scalar(select(func.count()).select_from(Holder)) == 3
            assert db.session.scalar(select(func.count()).select_from(Comment)) == 6
            assert db.session.scalar(select(func.count()).select_from(SearchDocument)) == 3
            authors = set(db.session.scalars(select(Publication.author_id)))
            assert authors <= set(db.session.scalars(select(Membership.id)))
    with tenant_scope(sceaux.id):  # the cities already there got nothing
        assert db.session.scalar(select(func.count()).select_from(Membership)) == 0

    client = client_for(f"load-0.{BASE_DOMAIN}")
    page = client.get(made["project_of"][first])
    assert page.status_code == 200 and "Projet" in page.text
    found = client.get("/search?q=jardin")
    assert found.status_code == 200 and made["project_of"][first].split("-")[0] in found.text
    assert client.get(made["project_of"][second]).status_code == 404  # the other city's

    log_in(client, made["account_of"][first], PASSWORD)
    assert client.get("/account").status_code == 200
