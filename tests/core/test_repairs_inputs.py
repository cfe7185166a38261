"""Input the server must survive: NUL bytes in paths, bodies too large, SVG logos that
try to run something (issue 8)."""

import pytest

from tests.conftest import log_in, upload
from tests.factories import make_member
from upcampus.tenancy.svg import UnsafeSvgError, clean_svg

ATTACKS = {
    "namespaced script": b'<svg xmlns="http://www.w3.org/2000/svg" '
                         b'xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script>'
                         b'<rect width="4" height="4"/></svg>',
    "encoded javascript link": b'<svg xmlns="http://www.w3.org/2000/svg" '
                               b'xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href='
                               b'"javascript&#58;alert(1)"><text>UP</text></a>'
                               b'<rect width="4" height="4"/></svg>',
    "animated href": b'<svg xmlns="http://www.w3.org/2000/svg"><a href="#"><animate '
                     b'attributeName="href" values="javascript&#x3a;alert(1)"/></a>'
                     b'<rect width="4" height="4"/></svg>',
    "event handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
                     b'<rect width="4" height="4" onclick="alert(1)"/></svg>',
    "foreign object": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe '
                      b'xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/>'
                      b'</foreignObject><rect width="4" height="4"/></svg>',
    "external style": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url('
                      b'https://evil.example/x.css);</style><rect style="fill:url('
                      b'https://evil.example/a)" width="4" height="4"/></svg>',
    "use elsewhere": b'<svg xmlns="http://www.w3.org/2000/svg"><use href='
                     b'"https://evil.example/x.svg#a"/><rect width="4" height="4"/></svg>',
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_an_svg_logo_keeps_its_drawing_and_loses_anything_active(name):
    cleaned = clean_svg(ATTACKS[name]).lower()
    assert b"<rect" in cleaned, cleaned
    for word in (b"script", b"javascript", b"alert", b"onload", b"onclick", b"animate",
                 b"foreignobject", b"iframe", b"evil.example", b"@import"):
        assert word not in cleaned, (name, cleaned)


@pytest.mark.parametrize("data", [
    b'<!DOCTYPE svg [<!ENTITY x "javascript:">]><svg xmlns="http://www.w3.org/2000/svg">'
    b'<a href="&x;alert(1)"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect',
    b"<html><svg></svg></html>",
])
def test_an_svg_with_entities_broken_or_not_svg_is_refused(data):
    with pytest.raises(UnsafeSvgError):
        clean_svg(data)


def test_a_logo_uploaded_with_a_script_is_stored_without_it(client_for, bourg):
    make_member(bourg, "admin", email="admin@bourg.example.org")
    admin = client_for(bourg)
    log_in(admin, "admin@bourg.example.org")
    response = upload(admin, "/admin/branding", "/admin/branding", {
        "primary": "#5b2a86", "secondary": "#0b6e75", "font": "serif",
        "logo": (ATTACKS["namespaced script"], "logo.svg")})
    assert response.status_code == 302
    logo = client_for(bourg).get("/brand/logo")
    assert logo.mimetype == "image/svg+xml" and b"<rect" in logo.data
    assert b"script" not in logo.data
    refused = upload(admin, "/admin/branding", "/admin/branding", {
        "primary": "#5b2a86", "secondary": "#0b6e75", "font": "serif",
        "logo": (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "logo.svg")})
    assert refused.status_code == 422 and "SVG" in refused.text


@pytest.mark.parametrize("path", ["/pages/%00", "/pages/1%00", "/projects/1-%00",
                                  "/organisations/%00", "/%00"])
def test_a_nul_byte_in_a_path_is_a_page_not_found(client_for, sceaux, path):
    response = client_for(sceaux).get(path)
    assert response.status_code == 404 and "Page introuvable" in response.text


def test_a_body_too_large_is_refused_before_it_is_read(client_for, sceaux, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit and limit <= 16 * 1024 * 1024
    body = b"x" * (limit + 1)
    client = client_for(sceaux)
    response = client.post("/login", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "trop volumineux" in response.text and "8 Mo au maximum" in response.text
    english = client.post("/login", data=body, headers={"Accept-Language": "en"},
                          content_type="application/x-www-form-urlencoded")
    assert english.status_code == 413 and "8 MB at most" in english.text


@pytest.mark.parametrize("body", ['{"email": 1}', "[1, 2]", '"text"', '{"csrf_token": 5}',
                                  "{not json"])
def test_a_json_body_sent_to_a_page_form_is_refused_not_a_500(client_for, sceaux, body):
    make_member(sceaux, email="lea@example.org")
    anonymous = client_for(sceaux)
    for path in ("/login", "/signup", "/password/reset"):
        response = anonymous.post(path, data=body, content_type="application/json")
        assert response.status_code in (400, 422), (path, response.status_code)
    member = client_for(sceaux)
    log_in(member, "lea@example.org")
    for path in ("/account/profile", "/account/settings", "/projects/new", "/admin/words"):
        response = member.post(path, data=body, content_type="application/json")
        assert response.status_code in (400, 403, 422), (path, response.status_code)


def test_an_svg_nested_too_deep_is_refused_not_a_crash():
    deep = (b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 5000 + b"<rect/>"
            + b"</g>" * 5000 + b"</svg>")
    with pytest.raises(UnsafeSvgError):
        clean_svg(deep)
    fine = (b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 10 + b"<rect/>"
            + b"</g>" * 10 + b"</svg>")
    assert b"<rect" in clean_svg(fine)


@pytest.mark.parametrize("path", ["/pages/%00", "/pages/1%00"])
def test_a_nul_path_gets_the_citys_own_404_page(client_for, two_cities, path):
    sceaux, _ = two_cities
    response = client_for(sceaux).get(path)
    assert response.status_code == 404
    assert "UP Sceaux" in response.text and "Bourg" not in response.text


def test_the_nul_path_check_runs_after_the_city_is_resolved(app):
    from upcampus.core.errors import refuse_nul_in_path
    from upcampus.tenancy.web import _resolve_request

    hooks = app.before_request_funcs[None]
    assert hooks.index(_resolve_request) < hooks.index(refuse_nul_in_path)
