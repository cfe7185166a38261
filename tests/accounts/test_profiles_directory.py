"""Profiles per city, pictures, the members directory and its visibility rules."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from tests.conftest import log_in, post_form, upload
from tests.factories import make_member
from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.taxonomy.models import Skill, Theme
from upcampus.tenancy.context import tenant_scope


def ids(model, *codes):
    rows = {code: id_ for code, id_ in db.session.execute(
        select(model.code, model.id).where(model.code.in_(codes)))}
    db.session.rollback()
    return [rows[c] for c in codes]


def png(width=400, height=300, colour=(30, 90, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def jeanne(client_for, sceaux):
    member = make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    log_in(client, "jeanne@example.org")
    return member, client


def test_profile_with_skills_and_interests_from_the_taxonomy(jeanne):
    member, client = jeanne
    skills, themes = ids(Skill, "elderly-visits", "listening"), ids(Theme, "seniors")
    response = post_form(client, "/account/profile", {
        "bio": "Je rends visite aux aînés.", "neighbourhood": "Les Blagis",
        "offers": "Deux après-midi par semaine", "visibility": "public",
        "skills": skills, "themes": themes}, page="/account")
    assert response.status_code == 302
    page = client.get(f"/members/{member.id}").text
    for text in ("Je rends visite aux aînés.", "Les Blagis", "Visites aux personnes âgées",
                 "Écoute et médiation", "Seniors et liens entre générations"):
        assert text in page
    english = client.get(f"/members/{member.id}", headers={"Accept-Language": "en"}).text
    assert "Visiting elderly people" in english


def test_a_skill_of_another_city_cannot_be_chosen(jeanne, bourg):
    member, client = jeanne
    with tenant_scope(bourg):
        local = Skill(code="local-bourg-x", label_fr="Spécial Bourg", label_en="x",
                      family_id=db.session.scalar(select(Skill.family_id).limit(1)))
        db.session.add(local)
        db.session.commit()
        local_id = local.id
    response = post_form(client, "/account/profile", {
        "bio": "texte gardé", "visibility": "members", "skills": [local_id]}, page="/account")
    assert response.status_code == 422
    assert "Choisissez des entrées de la liste." in response.text
    assert "texte gardé" in response.text  # what was typed is kept
    with tenant_scope(member.tenant_id):
        assert db.session.get(Membership, member.id).bio == ""


def test_settings_are_national_and_validated(jeanne):
    _, client = jeanne
    bad = post_form(client, "/account/settings", {"display_name": "J", "locale": "fr"},
                    page="/account")
    assert bad.status_code == 422 and 'value="J"' in bad.text
    good = post_form(client, "/account/settings", {"display_name": "Jeanne D.",
                                                   "locale": "en"}, page="/account")
    assert good.status_code == 302
    assert "Your account" in client.get("/account", headers={"Accept-Language": "fr"}).text


def test_avatar_is_checked_resized_and_served_as_visibility_allows(jeanne, client_for, sceaux):
    member, client = jeanne
    response = upload(client, "/account/avatar", "/account", {"avatar": (png(), "me.png")})
    assert response.status_code == 302
    served = client.get(f"/members/{member.id}/avatar")
    assert served.mimetype == "image/webp"
    assert Image.open(io.BytesIO(served.data)).size == (256, 256)
    # The profile is visible to members only: a visitor gets nothing.
    assert client_for(sceaux).get(f"/members/{member.id}/avatar").status_code == 404


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"not an image at all", "me.png", "n’est pas une image lisible"),
    (b"GIF89a" + b"\x00" * 100, "me.gif", "PNG, JPEG ou WebP"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "me.png", "n’est pas une image lisible"),
    (png() + b"x" * (5 * 1024 * 1024), "big.png", "trop lourde"),
])
def test_a_fake_or_oversized_picture_is_refused_clearly(jeanne, content, name, message):
    _, client = jeanne
    response = upload(client, "/account/avatar", "/account", {"avatar": (content, name)})
    assert response.status_code == 422 and message in response.text
    assert db.session.scalars(select(Account.avatar_hash)).first() is None


def test_directory_shows_each_viewer_what_visibility_allows(client_for, sceaux):
    public = make_member(sceaux, email="pauline@example.org", visibility="public")
    members_only = make_member(sceaux, email="marc@example.org", visibility="members")
    hidden = make_member(sceaux, email="chloe@example.org", visibility="hidden")
    admin = make_member(sceaux, "admin", email="adm@example.org", visibility="hidden")
    visitor = client_for(sceaux)
    listing = visitor.get("/members").text
    assert "Pauline" in listing and "Marc" not in listing and "Chloe" not in listing
    assert visitor.get(f"/members/{members_only.id}").status_code == 404
    member = client_for(sceaux)
    log_in(member, "pauline@example.org")
    listing = member.get("/members").text
    assert "Pauline" in listing and "Marc" in listing and "Chloe" not in listing
    assert member.get(f"/members/{hidden.id}").status_code == 404
    assert member.get(f"/members/{public.id}").status_code == 200
    own = client_for(sceaux)
    log_in(own, "chloe@example.org")
    assert own.get(f"/members/{hidden.id}").status_code == 200
    boss = client_for(sceaux)
    log_in(boss, admin.account.email)
    assert boss.get(f"/members/{hidden.id}").status_code == 200
    assert "Chloe" not in boss.get("/members").text  # hidden stays out of the directory


def test_members_of_a_city_only_appear_in_that_city(client_for, two_cities):
    sceaux, bourg = two_cities
    make_member(bourg, email="bourgeois@example.org", visibility="public")
    assert "Bourgeois" not in client_for(sceaux).get("/members").text
    assert "Bourgeois" in client_for(bourg).get("/members").text


def test_directory_filters_and_paginates_with_fixed_queries(client_for, sceaux, count_queries):
    skill_id, = ids(Skill, "gardening")
    theme_id, = ids(Theme, "ecology")
    for i in range(30):
        member = make_member(sceaux, email=f"m{i:02d}@example.org", visibility="public",
                             neighbourhood="Robinson" if i % 2 else "Centre")
        if i % 3 == 0:
            from upcampus.accounts.models import MembershipSkill, MembershipTheme

            with tenant_scope(sceaux):
                db.session.add_all([MembershipSkill(membership_id=member.id, skill_id=skill_id),
                                    MembershipTheme(membership_id=member.id, theme_id=theme_id)])
                db.session.commit()
    client = client_for(sceaux)
    assert "30 Scéens trouvés." in client.get("/members").text
    assert "10 Scéens trouvés." in client.get("/members?skill=gardening").text
    assert "10 Scéens trouvés." in client.get("/members?theme=ecology").text
    assert "15 Scéens trouvés." in client.get("/members?neighbourhood=Robinson").text
    assert "5 Scéens trouvés." in client.get(
        "/members?neighbourhood=Robinson&skill=gardening").text
    page_two = client.get("/members?page=2").text
    assert "Page 2 sur 2" in page_two and "M29" in page_two and "M00" not in page_two
    assert client.get("/members?page=abc").status_code == 200

    def queries(path):
        with count_queries() as counter:
            client.get(path)
        return counter.count

    few = queries("/members?neighbourhood=Centre&skill=gardening")
    assert queries("/members") == queries("/members?page=2") == few
