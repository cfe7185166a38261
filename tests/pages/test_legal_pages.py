"""Each city's privacy page, legal notice and accessibility statement: generated from the
city's settings in both languages, worded by its admin if they wish, linked in every
footer; the other city neither sees nor changes them."""

import json

import pytest
from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, log_in, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.pages import legal
from upcampus.pages.models import LegalText
from upcampus.tenancy.context import tenant_scope

LEGAL = ("/pages/confidentialite", "/pages/mentions-legales", "/pages/accessibilite")


@pytest.fixture
def named(two_cities):
    """Sceaux with its contact address, as its manifest gives it."""
    sceaux, bourg = two_cities
    sceaux.contact = {"email": "up@sceaux.example", "address": "122 rue Houdan, Sceaux"}
    db.session.commit()
    return sceaux, bourg


def main_of(html: str) -> str:
    return html.partition("<main")[2].partition("</main>")[0]


def test_the_privacy_page_names_the_city_and_mouvement_up_with_what_is_kept(client_for, named,
                                                                            app, monkeypatch):
    sceaux, bourg = named
    monkeypatch.setitem(app.config, "RETENTION_OUTBOX_DAYS", 45)
    page = main_of(client_for(sceaux).get("/pages/confidentialite").text)
    assert "Confidentialité et données personnelles" in page
    assert sceaux.name in page and "ville de <strong>Sceaux</strong>" in page
    assert "Mouvement UP" in page and "mailto:up@sceaux.example" in page
    assert "<table>" in page and "45 jours" in page and "après 3 ans sans connexion" in page
    english = main_of(client_for(sceaux).get("/pages/confidentialite?lang=en").text)
    assert "Privacy and personal data" in english and "45 days" in english
    other = main_of(client_for(bourg).get("/pages/confidentialite").text)
    assert bourg.name in other and sceaux.name not in other


def test_legal_notice_and_accessibility_statement_in_the_rgaa_form(client_for, named):
    sceaux, _bourg = named
    client = client_for(sceaux)
    notice = main_of(client.get("/pages/mentions-legales").text)
    assert "Mentions légales" in notice and "122 rue Houdan" in notice
    statement = main_of(client.get("/pages/accessibilite").text)
    for words in ("État de conformité", "non conforme", "Résultats des tests automatisés",
                  "Contenus non accessibles", "Dérogations", "Retour d'information et contact",
                  "Défenseur des droits", "mailto:up@sceaux.example"):
        assert words in statement.replace("&#39;", "'"), words
    english = main_of(client.get("/pages/accessibilite?lang=en").text)
    assert "Compliance status" in english and "Défenseur des droits" in english


def test_the_statement_shows_the_latest_automated_results(client_for, named, tmp_path,
                                                         monkeypatch):
    sceaux, _bourg = named
    results = tmp_path / "axe.json"
    results.write_text(json.dumps({"date": "2026-11-30", "tool": "axe-core 4.14.1",
                                   "pages": ["/", "/account"], "serious": 0, "critical": 0,
                                   "moderate": 2, "minor": 1}))
    monkeypatch.setattr(legal, "AXE_RESULTS", results)
    statement = main_of(client_for(sceaux).get("/pages/accessibilite").text)
    assert "2026-11-30" in statement and "axe-core 4.14.1" in statement
    assert "sur 2 pages" in statement and "2 modérée(s)" in statement
    monkeypatch.setattr(legal, "AXE_RESULTS", tmp_path / "none.json")
    make_member(sceaux, email="lea@example.org")
    reader = client_for(sceaux)
    log_in(reader, "lea@example.org")  # not the visitors' kept page
    none = main_of(reader.get("/pages/accessibilite").text)
    assert "Aucun résultat de test automatisé" in none


def test_every_footer_links_the_legal_pages(client_for, named):
    sceaux, _bourg = named
    for client in (client_for(sceaux), client_for(BASE_DOMAIN)):
        footer = client.get("/").text.partition("<footer")[2]
        for path in LEGAL + ("/pages/charte", "/pages/conditions"):
            assert f'href="{path}"' in footer, path
    assert client_for(BASE_DOMAIN).get("/pages/confidentialite").status_code == 200


def test_the_city_admin_words_the_page_and_empty_goes_back(client_for, named):
    sceaux, bourg = named
    make_member(sceaux, "admin", email="admin@sceaux.example.org")
    admin = client_for(sceaux)
    log_in(admin, "admin@sceaux.example.org")
    shown = admin.get("/pages/confidentialite").text
    assert 'href="/pages/confidentialite/wording/fr"' in shown
    saved = post_form(admin, "/pages/confidentialite/wording/en",
                      {"body": "# Ours\n\nWe keep <script>x</script> little."})
    assert saved.status_code == 302
    english = main_of(admin.get("/pages/confidentialite?lang=en").text)
    assert "We keep" in english and "<script>" not in english
    french = main_of(admin.get("/pages/confidentialite").text)
    assert "We keep" not in french and "Mouvement UP" in french  # the other language stays
    assert "We keep" not in main_of(client_for(bourg).get(
        "/pages/confidentialite?lang=en").text)
    post_form(admin, "/pages/confidentialite/wording/en", {"body": "  "})
    with tenant_scope(sceaux):
        assert db.session.scalars(select(LegalText)).all() == []
    too_long = post_form(admin, "/pages/confidentialite/wording/fr", {"body": "x" * 20001})
    assert too_long.status_code == 422 and "20000" in too_long.text


def test_only_the_city_admin_words_it(client_for, named):
    sceaux, bourg = named
    make_member(sceaux, "moderator", email="mod@sceaux.example.org")
    moderator = client_for(sceaux)
    log_in(moderator, "mod@sceaux.example.org")
    assert moderator.get("/pages/confidentialite/wording/fr").status_code == 403
    assert "/wording/" not in moderator.get("/pages/confidentialite").text
    assert client_for(sceaux).get("/pages/confidentialite/wording/fr").status_code == 302
    make_member(bourg, "admin", email="admin@bourg.example.org")
    bourg_admin = client_for(sceaux)
    log_in(bourg_admin, "admin@bourg.example.org")  # an admin of the other city only
    assert bourg_admin.get("/pages/confidentialite/wording/fr").status_code == 403
    assert client_for(BASE_DOMAIN).get("/pages/confidentialite/wording/fr").status_code == 404
    assert client_for(sceaux).get("/pages/charte/wording/fr").status_code in (302, 404)
