"""A city recognises itself: its theme, its branding, its own words, its language, its
time zone; and none of it ever shows on another city."""

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, log_in, post_form, upload
from tests.factories import make_member, make_tenant
from upcampus.core.db import db
from upcampus.projects.models import Comment, Holder, Publication
from upcampus.tenancy.branding import contrast
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant


def test_two_themes_served_in_turn_never_mix(client_for, app_context):
    up = make_tenant("fresnes", name="UP Fresnes", theme="up")
    plain = make_tenant("antony", name="UP Antony", theme="default")
    for _ in range(3):
        themed = client_for(up).get("/").text
        default = client_for(plain).get("/").text
        assert "/themes/up/up.css" in themed and "theme-up" in themed
        assert "Mouvement UP : les conférences" in themed
        assert "/themes/up/up.css" not in default and "theme-up" not in default
        assert "Un réseau UP Campus, animé avec le Mouvement UP." in default
    css = client_for(up).get("/themes/up/up.css")
    assert css.status_code == 200 and ".theme-up" in css.text
    css.close()
    assert client_for(up).get("/themes/nope/up.css").status_code == 404
    assert client_for(up).get("/themes/up/../../pyproject.toml").status_code == 404


def test_a_city_override_extends_the_template_it_replaces(make_app, tmp_path, app_context):
    folder = tmp_path / "tenants" / "fresnes" / "templates" / "tenancy"
    folder.mkdir(parents=True)
    (folder / "city_home.html").write_text(
        '{% extends "theme:tenancy/city_home.html" %}{% block content %}'
        '<p class="own">Fresnes speaks first</p>{{ super() }}{% endblock %}', encoding="utf-8")
    make_tenant("fresnes", name="UP Fresnes", theme="up")
    make_tenant("antony", name="UP Antony")
    app = make_app(TENANTS_DIR=str(tmp_path / "tenants"))
    client = app.test_client()
    own = client.get("/", base_url=f"http://fresnes.{BASE_DOMAIN}").text
    assert "Fresnes speaks first" in own and "UP Fresnes" in own and "theme-up" in own
    other = client.get("/", base_url=f"http://antony.{BASE_DOMAIN}").text
    assert "Fresnes speaks first" not in other and "UP Antony" in other


def test_a_citys_own_words_from_its_files(client_for, two_cities):
    sceaux, bourg = two_cities
    assert ">Scéens</a>" in client_for(sceaux).get("/").text
    english = client_for(sceaux).get("/", headers={"Accept-Language": "en"}).text
    assert ">People of Sceaux</a>" in english
    assert ">Membres</a>" in client_for(bourg).get("/").text
    assert "Scéens" not in client_for(bourg).get("/").text


@pytest.fixture
def bourg_admin(client_for, bourg):
    make_member(bourg, "admin", email="admin@bourg.example.org")
    client = client_for(bourg)
    log_in(client, "admin@bourg.example.org")
    return client


def test_admins_rename_key_terms_from_the_web(bourg_admin, client_for, two_cities):
    sceaux, bourg = two_cities
    page = bourg_admin.get("/admin/words").text
    assert "Les membres, dans le menu et l’annuaire" in page
    response = post_form(bourg_admin, "/admin/words", {"fr-0": "Réginaburgiens",
                                                       "en-0": "Neighbours"})
    assert response.status_code == 302
    assert ">Réginaburgiens</a>" in client_for(bourg).get("/").text
    english = client_for(bourg).get("/", headers={"Accept-Language": "en"}).text
    assert ">Neighbours</a>" in english
    assert "Réginaburgiens" not in client_for(sceaux).get("/").text


def test_members_cannot_change_branding_or_words(client_for, bourg):
    make_member(bourg, email="m@bourg.example.org")
    client = client_for(bourg)
    log_in(client, "m@bourg.example.org")
    assert client.get("/admin/branding").status_code == 403
    assert client.get("/admin/words").status_code == 403


def test_branding_is_edited_with_readable_colours_only(bourg_admin, client_for, bourg):
    low = post_form(bourg_admin, "/admin/branding", {"primary": "#ffcc00",
                                                     "secondary": "#0b6e75", "font": "serif"})
    assert low.status_code == 422
    assert "contraste de 1,5:1" in low.text and "au moins 4,5:1" in low.text  # French decimals
    assert 'value="#ffcc00"' in low.text  # what was typed is kept
    bad = post_form(bourg_admin, "/admin/branding", {"primary": "blue", "secondary": "#000000",
                                                     "font": "serif"})
    assert bad.status_code == 422 and "une couleur comme #1d4f91" in bad.text
    good = post_form(bourg_admin, "/admin/branding", {"primary": "#7a1f3d",
                                                      "secondary": "#0b6e75", "font": "system"})
    assert good.status_code == 302
    assert "--brand-primary: #7a1f3d" in client_for(bourg).get("/").text
    assert db.session.scalars(select(Tenant.branding).where(Tenant.id == bourg.id)).one() == {
        "primary": "#7a1f3d", "secondary": "#0b6e75", "font": "system"}


def test_a_logo_is_checked_by_its_content(bourg_admin, client_for, bourg):
    fields = {"primary": "#5b2a86", "secondary": "#0b6e75", "font": "serif"}
    fake = upload(bourg_admin, "/admin/branding", "/admin/branding",
                  {**fields, "logo": (b"MZ not an image", "logo.png")})
    assert fake.status_code == 422 and "doit être une image SVG" in fake.text
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect/></svg>'
    done = upload(bourg_admin, "/admin/branding", "/admin/branding",
                  {**fields, "logo": (svg, "logo.svg")})
    assert done.status_code == 302
    logo = client_for(bourg).get("/brand/logo")
    assert logo.data.startswith(b"<svg") and b"<rect" in logo.data  # rebuilt, not as sent
    assert logo.mimetype == "image/svg+xml"


def test_contrast_is_computed_as_wcag_says():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#1a5e3a", "#ffffff") >= 4.5


def test_dates_follow_the_language_and_the_citys_time_zone(client_for, sceaux):
    member = make_member(sceaux, email="lea@example.org")
    with tenant_scope(sceaux):
        publication = Publication(kind="idea", title="Une idée datée", slug="une-idee-datee",
                                  status="published", stage="idea", author_id=member.id,
                                  published_at=datetime(2026, 1, 15, 10, 0, tzinfo=UTC))
        publication.holders.append(Holder(membership_id=member.id))
        db.session.add(publication)
        db.session.flush()
        db.session.add(Comment(publication_id=publication.id, membership_id=member.id,
                               body="Bonjour", created_at=datetime(2026, 1, 15, 10, 0,
                                                                   tzinfo=UTC)))
        db.session.commit()
        path = f"/projects/{publication.id}-une-idee-datee"
    french = client_for(sceaux).get(path).text
    assert "15/01/2026 11:00" in french  # 10:00 UTC is 11:00 in Paris in January
    english = client_for(sceaux).get(path, headers={"Accept-Language": "en"}).text
    assert "1/15/26, 11:00" in english


def test_avatar_bytes_are_not_an_svg_logo(bourg_admin):
    # An upload is judged by its bytes, whatever its name.
    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (8, 8)).save(png, "PNG")
    response = upload(bourg_admin, "/admin/branding", "/admin/branding",
                      {"primary": "#5b2a86", "secondary": "#0b6e75", "font": "serif",
                       "logo": (png.getvalue(), "logo.svg")})
    assert response.status_code == 302
    assert db.session.scalars(select(Tenant.logo_type).where(
        Tenant.slug == "bourg-la-reine")).one() == "image/png"
