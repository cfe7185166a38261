"""A city's pages, and the error pages every host shows."""

import pytest
from werkzeug.exceptions import NotFound

from tests.conftest import BASE_DOMAIN


def test_page_in_the_visitors_language_with_fallback(client_for, two_cities, app_context):
    sceaux, bourg = two_cities
    client = client_for(sceaux)
    french = client.get("/pages/a-propos")
    assert french.status_code == 200 and "À propos d&#39;UP Sceaux" in french.text
    english = client.get("/pages/a-propos", headers={"Accept-Language": "en"})
    assert "About UP Sceaux" in english.text
    # Only in French: English visitors get the French page rather than nothing.
    only_fr = client_for(bourg).get("/pages/secret-de-bourg", headers={"Accept-Language": "en"})
    assert only_fr.status_code == 200 and 'lang="fr"' in only_fr.text


def test_page_markdown_is_sanitised(client_for, sceaux):
    from tests.factories import make_page

    make_page(sceaux, "xss", "fr", "Test", "**gras** <script>alert(1)</script> "
              "[lien](javascript:alert(1)) <img src=x onerror=alert(1)>")
    html = client_for(sceaux).get("/pages/xss").text
    assert "<strong>gras</strong>" in html
    article = html.split("<article")[1]
    assert "<script" not in article and "<img" not in article
    assert 'href="javascript' not in article


def test_city_menu_lists_its_pages_only(client_for, two_cities):
    sceaux, _ = two_cities
    html = client_for(sceaux).get("/").text
    assert 'href="/pages/a-propos"' in html and "secret-de-bourg" not in html


def test_pages_of_another_city_are_not_found(client_for, two_cities):
    sceaux, _ = two_cities
    response = client_for(sceaux).get("/pages/secret-de-bourg")
    assert response.status_code == 404
    assert "SECRET-OF-BOURG" not in response.text and "Page introuvable" in response.text


def test_city_pages_do_not_exist_on_the_national_site(national, two_cities):
    assert national.get("/pages/a-propos").status_code == 404


def test_unknown_page_is_a_404_in_the_citys_look(client_for, sceaux):
    response = client_for(sceaux).get("/nothing/here", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.text and "UP Sceaux" in response.text


def test_wrong_method_is_a_405_page(client_for, sceaux):
    response = client_for(sceaux).post("/")
    assert response.status_code == 405 and "Action non autorisée" in response.text


@pytest.mark.parametrize("query", ["?lang=%ff%fe", "?lang=" + "x" * 5000, "?%zz=1"])
def test_garbage_query_strings_do_not_break_pages(client_for, sceaux, query):
    response = client_for(sceaux).get("/" + query)
    assert response.status_code == 200 and "UP Sceaux" in response.text


def test_unexpected_error_gets_a_clear_500_page(make_app, sceaux):
    app = make_app()

    def boom():
        raise RuntimeError("bug")

    def missing():
        raise NotFound()

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/missing", "missing", missing)
    client = app.test_client()
    response = client.get("/boom", base_url=f"http://sceaux.{BASE_DOMAIN}")
    assert response.status_code == 500
    assert "Un problème est survenu" in response.text and "UP Sceaux" in response.text
    assert client.get("/missing", base_url=f"http://{BASE_DOMAIN}").status_code == 404


def test_a_city_page_costs_the_same_queries_whatever_the_data_size(client_for, sceaux,
                                                                    count_queries):
    from tests.factories import make_page

    client = client_for(sceaux)
    client.get("/")  # warm the host cache

    def queries(path):
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    small = (queries("/"), queries("/pages/a-propos"))
    for i in range(30):
        make_page(sceaux, f"page-{i:02d}", "fr", f"Page {i}", "texte " * 200)
    assert (queries("/"), queries("/pages/a-propos")) == small
