"""City staff pages in plain words: /admin/words shows the words in use now, /admin/branding
has colour pickers and a preview (without saving), nothing about manifest files."""

from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.tenancy.models import Tenant


def admin_of(client_for, city):
    make_member(city, "admin", email=f"admin@{city.slug}.example.org")
    client = client_for(city)
    log_in(client, f"admin@{city.slug}.example.org")
    return client


def test_words_show_the_word_in_use_now(client_for, sceaux, bourg):
    admin = admin_of(client_for, sceaux)
    page = admin.get("/admin/words").text
    # Sceaux's own translation files already call members "Scéens": shown as in use.
    assert 'id="fr-0-now"' in page and '<strong lang="fr">Scéens</strong>' in page
    post_form(admin, "/admin/words", {"fr-0": "Habitants", "en-0": "People of Sceaux"})
    page = admin.get("/admin/words").text
    assert '<strong lang="fr">Habitants</strong>' in page
    assert '<strong lang="en">People of Sceaux</strong>' in page
    other = admin_of(client_for, bourg).get("/admin/words").text
    assert '<strong lang="fr">Membres</strong>' in other and "Habitants" not in other


def test_branding_has_colour_pickers_and_a_preview_that_saves_nothing(client_for, sceaux):
    admin = admin_of(client_for, sceaux)
    page = admin.get("/admin/branding").text
    assert 'type="color"' in page and "tenant.toml" not in page and "manifest" not in page
    assert "--preview-primary: #" in page
    before = db.session.scalar(select(Tenant.branding).where(Tenant.id == sceaux.id))
    db.session.rollback()
    shown = post_form(admin, "/admin/branding", {"primary": "#123456", "secondary": "#654321",
                                                 "font": "system", "preview": "1"})
    assert shown.status_code == 200 and "--preview-primary: #123456" in shown.text
    assert db.session.scalar(select(Tenant.branding).where(Tenant.id == sceaux.id)) == before
    db.session.rollback()
    pale = post_form(admin, "/admin/branding", {"primary": "#eeeeee", "secondary": "#654321",
                                                "font": "system", "preview": "1"})
    assert pale.status_code == 422 and "contraste" in pale.text  # what saving would refuse
    post_form(admin, "/admin/branding", {"primary": "#123456", "secondary": "#654321",
                                         "font": "system", "save": "1"})
    saved = db.session.scalar(select(Tenant.branding).where(Tenant.id == sceaux.id))
    assert saved["primary"] == "#123456"
