"""Search at national size: a bounded number of statements whatever the city's size,
ranked among a bounded set of matches, a count capped at "more than N", and typos
corrected against the city's own words rather than compared with every document."""

import re

from sqlalchemy import select

from upcampus.core.db import db
from upcampus.search import operations
from upcampus.search.models import SearchWord
from upcampus.search.operations import index_document
from upcampus.tenancy.context import tenant_scope


def titles(response) -> list[str]:
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a>', response.text)
    return [re.sub(r"</?mark>", "", t) for t in found]


def documents(city, count: int, first: int = 0, word: str = "jardin") -> None:
    with tenant_scope(city):
        for i in range(first, first + count):
            index_document("publication", i + 1, title=f"Projet {i:03d} {word}",
                           url=f"/projects/{i + 1}", body=f"Un {word} partagé, numéro {i}.")
        db.session.commit()


def test_a_common_word_is_counted_up_to_a_cap(client_for, sceaux, monkeypatch, is_postgres):
    monkeypatch.setattr(operations, "CANDIDATES", 5)
    documents(sceaux, 8)
    page = client_for(sceaux).get("/search?q=jardin")
    assert "Au moins 5 résultats." in page.text
    if is_postgres:  # ranked among the newest matches only (SQLite ranks them all)
        assert sorted(titles(page)) == [f"Projet {i:03d} jardin" for i in range(3, 8)]
    english = client_for(sceaux).get("/search?q=jardin", headers={"Accept-Language": "en"})
    assert "At least 5 results." in english.text
    documents(sceaux, 3, first=100, word="verger")
    few = client_for(sceaux).get("/search?q=verger")
    assert "3 résultats." in few.text and "Au moins" not in few.text


def test_statements_do_not_grow_with_the_city(client_for, sceaux, bourg, count_queries):
    documents(sceaux, 3)
    client = client_for(sceaux)
    client.get("/")  # the city is known to this process

    def cost(path):
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    paths = ("/search?q=jardin", "/search?q=piscine", "/search?q=jardni")
    before = [cost(p) for p in paths]
    documents(sceaux, 60, first=3)
    documents(bourg, 30)
    assert [cost(p) for p in paths] == before


def test_the_vocabulary_holds_each_city_word_once(client_for, sceaux, bourg):
    documents(sceaux, 3)
    documents(bourg, 1, word="verger")
    with tenant_scope(sceaux):
        words = db.session.scalars(select(SearchWord.word)).all()
    assert len(words) == len(set(words)) and "jardin" in words and "verger" not in words
    # A typo is corrected with the city's own words only.
    assert titles(client_for(sceaux).get("/search?q=jardni"))
    assert titles(client_for(sceaux).get("/search?q=vergr")) == []
    assert titles(client_for(bourg).get("/search?q=vergr")) == ["Projet 000 verger"]
