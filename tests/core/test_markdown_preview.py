"""The Markdown toolbar and its live preview: the endpoint renders and sanitises exactly as
the pages do, for this city's members only, with a CSRF token, within the field's own
limit; every Markdown field of the forms carries the toolbar (buttons with names)."""

import re

import pytest
from flask_babel import force_locale

from tests.conftest import csrf_from, log_in
from upcampus.core.forms import MARKDOWN_FIELDS
from upcampus.core.markdown import render_markdown
from upcampus.core.rules import length_of

PREVIEW = "/markdown/preview"
FIELD = "PublicationSchema.description"


def signed_in(client_for, member_of, city, host_city=None):
    member = member_of(city)
    client = client_for(host_city or city)
    log_in(client, member.account.email)
    return client, member


def token(client) -> str:
    return csrf_from(client.get("/account").text)


def preview(client, text, field=FIELD, **extra):
    data = {"csrf_token": token(client), "field": field, "text": text, **extra}
    return client.post(PREVIEW, data=data)


def test_the_preview_renders_and_sanitises_like_the_page(two_cities, client_for, member_of):
    sceaux, _ = two_cities
    client, _ = signed_in(client_for, member_of, sceaux)
    text = ("## Un jardin\n\n**partagé** et _ouvert_\n\n- un\n- deux\n\n"
            "<script>alert(1)</script> [piège](javascript:alert(2)) <b onclick=x>gras</b>")
    response = preview(client, text)
    assert response.status_code == 200, response.text
    html = response.json["html"]
    assert "<strong>partagé</strong>" in html and "<em>ouvert</em>" in html
    assert "<h2>Un jardin</h2>" in html and "<li>un</li>" in html
    assert "<script" not in html and "&lt;script&gt;" in html  # shown as text, never run
    assert 'href="javascript' not in html and "<b " not in html
    assert html == str(render_markdown(text))  # exactly what the page will show


def test_the_preview_needs_the_csrf_token(two_cities, client_for, member_of):
    sceaux, _ = two_cities
    client, _ = signed_in(client_for, member_of, sceaux)
    response = client.post(PREVIEW, data={"field": FIELD, "text": "**x**"})
    assert response.status_code == 400
    assert "html" not in response.json
    assert response.json["error"].startswith("Le formulaire a expiré")
    forged = client.post(PREVIEW, data={"csrf_token": "forged", "field": FIELD, "text": "x"})
    assert forged.status_code == 400 and "html" not in forged.json


def test_a_visitor_gets_no_preview(two_cities, client_for):
    sceaux, _ = two_cities
    visitor = client_for(sceaux)
    token_of_visitor = csrf_from(visitor.get("/login").text)
    response = visitor.post(PREVIEW, data={"csrf_token": token_of_visitor, "field": FIELD,
                                           "text": "**x**"})
    assert response.status_code == 403 and "html" not in response.json
    assert "membre" in response.json["error"]


def test_the_national_site_has_no_preview(national):
    assert national.post(PREVIEW, data={"field": FIELD, "text": "x"}).status_code == 404


@pytest.mark.parametrize("field", ["PublicationSchema.description", "CommentSchema.body"])
def test_over_the_field_limit_is_refused_in_words(two_cities, client_for, member_of, field):
    sceaux, _ = two_cities
    client, _ = signed_in(client_for, member_of, sceaux)
    limit = length_of(*MARKDOWN_FIELDS[field]).max
    assert preview(client, "a" * limit, field=field).status_code == 200
    response = preview(client, "a" * (limit + 1), field=field)
    assert response.status_code == 413 and "html" not in response.json
    message = length_of(*MARKDOWN_FIELDS[field]).too_long  # the schema's own words
    with force_locale("fr"):
        expected = str(message)
    with force_locale("en"):
        assert expected != str(message)  # translated, not the English source
    assert response.json["error"] == expected


def test_the_limit_message_follows_the_language(two_cities, client_for, member_of):
    sceaux, _ = two_cities
    client, _ = signed_in(client_for, member_of, sceaux)
    client.get("/lang/en")
    response = preview(client, "a" * 20001)
    assert response.json["error"] == "The description is too long (20,000 characters at most)."


def test_an_unknown_field_is_refused(two_cities, client_for, member_of):
    sceaux, _ = two_cities
    client, _ = signed_in(client_for, member_of, sceaux)
    response = preview(client, "x", field="Nothing.here")
    assert response.status_code == 400 and "html" not in response.json


def test_each_city_previews_for_its_own_members_only(two_cities, client_for, member_of):
    sceaux, bourg = two_cities
    of_bourg, member = signed_in(client_for, member_of, bourg)
    assert preview(of_bourg, "**b**").json["html"] == "<p><strong>b</strong></p>\n"
    on_sceaux = client_for(sceaux)  # the same person, on the other city's host
    log_in(on_sceaux, member.account.email)
    response = on_sceaux.post(PREVIEW, data={"csrf_token": csrf_from(on_sceaux.get(
        "/login").text), "field": FIELD, "text": "**b**"})
    assert response.status_code == 403 and "html" not in response.json


def toolbars(html: str) -> list[str]:
    return re.findall(r'<div class="md-toolbar".*?</div>', html, re.S)


def test_markdown_fields_carry_a_toolbar_with_named_buttons(two_cities, client_for,
                                                             member_of):
    sceaux, _ = two_cities
    client, _ = signed_in(client_for, member_of, sceaux)
    html = client.get("/projects/new").text
    (toolbar,) = toolbars(html)
    assert 'data-md-for="description"' in toolbar and f'data-md-key="{FIELD}"' in toolbar
    assert 'role="toolbar"' in toolbar and " hidden>" in toolbar  # shown by the script
    buttons = re.findall(r'<button type="button"[^>]*>.*?</button>', toolbar, re.S)
    names = [re.search(r'visually-hidden">([^<]+)<', b).group(1) for b in buttons[:-1]]
    assert names == ["Gras", "Italique", "Lien", "Liste à puces", "Liste numérotée",
                     "Titre", "Citation"]
    assert 'title="Gras (Ctrl+B)"' in toolbar and 'aria-keyshortcuts="Control+B Meta+B"' in toolbar
    assert 'title="Lien (Ctrl+K)"' in toolbar
    assert ">Aperçu</button>" in buttons[-1] and 'aria-pressed="false"' in buttons[-1]
    assert 'id="description-preview"' in html and 'aria-live="polite"' in html
    assert 'data-markdown="PublicationSchema.description"' in html
    assert html.count("js/markdown-editor.js") == 1


def test_a_page_with_several_fields_loads_the_script_once(two_cities, client_for, member_of):
    sceaux, _ = two_cities
    client, _ = signed_in(client_for, member_of, sceaux)
    page = client.get("/organisations/new")
    assert page.status_code == 200
    found = toolbars(page.text)
    assert [re.search(r'data-md-for="([^"]+)"', t).group(1) for t in found] == [
        "description", "offer_details"]
    assert page.text.count("js/markdown-editor.js") == 1
    script = client.get("/static/js/markdown-editor.js")
    assert script.status_code == 200 and b"md-toolbar" in script.data
    script.close()


def test_every_markdown_field_has_a_previewable_limit():
    for key in ("PublicationSchema.description", "CommentSchema.body", "UpdateSchema.body",
                "EventSchema.description", "OrganisationSchema.description",
                "OrganisationSchema.offer_details"):
        assert length_of(*MARKDOWN_FIELDS[key]).max > 0, key
