"""A city's key terms are plain text: escaped everywhere, '%'-safe, cleaned (issue 8)."""

import pytest

from tests.conftest import log_in, post_form
from upcampus.core.db import db
from upcampus.tenancy.models import Tenant

# /admin/words lists the key terms in this order: fr-0 is "Members", fr-1 "Member", ...
REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'


@pytest.fixture
def admin(client_for, sceaux, member_of):
    member_of(sceaux, role="admin", email="admin@example.org")
    client = client_for(sceaux)
    log_in(client, "admin@example.org")
    return client


def set_terms(client, **fields):
    response = post_form(client, "/admin/words", fields)
    assert response.status_code == 302, response.text
    return response


def test_a_term_with_markup_is_shown_as_text_on_every_page(admin, client_for, sceaux,
                                                          member_of):
    set_terms(admin, **{"fr-0": REFRESH, "fr-1": "<img src=x>", "fr-4": "<b>Projets</b>"})
    visitor = client_for(sceaux)
    for path in ("/", "/members", "/projects", "/organisations"):
        html = visitor.get(path).text
        assert '<meta http-equiv="refresh"' not in html, path
        assert "<img src=x>" not in html and "<b>Projets</b>" not in html, path
    members = visitor.get("/members").text
    assert "&lt;meta http-equiv=" in members  # shown, as text, where "Members" was
    # Lazy labels too: "Member" is a role's name in the admin's list.
    assert "<img src=x>" not in admin.get("/admin/members").text
    assert "&lt;img src=x&gt;" in admin.get("/admin/members").text


def test_a_percent_in_a_term_breaks_no_page(admin, client_for, sceaux):
    set_terms(admin, **{"fr-0": "50% des Scéens", "fr-4": "Projets à 100%"})
    visitor = client_for(sceaux)
    for path in ("/", "/members", "/projects", "/organisations", "/search?q=jardin"):
        response = visitor.get(path)
        assert response.status_code == 200, path
    assert "50% des Scéens" in visitor.get("/members").text
    assert "Projets à 100%" in visitor.get("/projects").text


def test_nul_and_control_characters_are_not_stored(admin, sceaux):
    set_terms(admin, **{"fr-0": "Scé\x00ens\x07", "en-0": " People\nof Sceaux "})
    tenant = db.session.get(Tenant, sceaux.id)
    db.session.refresh(tenant)
    assert tenant.terms == {"fr": {"Members": "Scéens"}, "en": {"Members": "Peopleof Sceaux"}}


def test_our_translations_with_variables_still_escape_what_is_put_in(client_for, sceaux,
                                                                    member_of):
    """Translations are text, and the values put into them are escaped once."""
    member_of(sceaux, email="x@example.org")
    from flask import render_template_string

    with client_for(sceaux).application.test_request_context():
        html = render_template_string('{{ _("Join %(network)s", network="<i>X</i>") }}')
        assert html.endswith("&lt;i&gt;X&lt;/i&gt;") and "<i>" not in html
        count = render_template_string(
            "{% trans count=2 %}{{ count }} support{% pluralize %}{{ count }} supports"
            "{% endtrans %}")
        assert count.strip() in ("2 supports", "2 soutiens")
