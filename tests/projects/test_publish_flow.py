"""Publishing in one guided flow: describe -> image -> needs -> preview -> publish, on a
draft saved on the server, so that a refused field, an upload error or "back" loses
nothing; the other city can neither see nor change a draft's steps."""

import io

from PIL import Image
from sqlalchemy import select

from tests.conftest import csrf_from, log_in, post_form, upload
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.projects.models import Need, Publication, PublicationImage
from upcampus.taxonomy.models import Skill, Theme
from upcampus.tenancy.context import tenant_scope

WHAT = {"kind": "project", "title": "Un composteur rue Houdan",
        "description": "Pour **tout** le quartier.", "stage": "idea", "neighbourhood": "",
        "address": ""}


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 60)).save(out, "PNG")
    return out.getvalue()


def only_publication(city):
    with tenant_scope(city):
        publication = db.session.scalars(select(Publication)).one()
        result = (publication.id, publication.status, publication.title,
                  len(publication.images), [t.code for t in publication.themes])
        db.session.rollback()
        return result


def signed_in(client_for, city, email="lea@example.org"):
    make_member(city, email=email)
    client = client_for(city)
    log_in(client, email)
    return client


def test_the_whole_flow_publishes_only_after_the_preview(client_for, sceaux, bourg):
    client = signed_in(client_for, sceaux)
    page = client.get("/projects/new").text
    assert 'aria-current="step"' in page and 'name="continue"' in page
    assert 'name="publish"' not in page  # no publishing before the preview
    with tenant_scope(sceaux):
        ecology = db.session.scalar(select(Theme.id).where(Theme.code == "ecology"))
        gardening = db.session.scalar(select(Skill.id).where(Skill.code == "gardening"))
    response = post_form(client, "/projects/new", {**WHAT, "themes": [ecology],
                                                   "continue": "1"})
    pub_id, status, title, _, themes = only_publication(sceaux)
    assert response.location == f"/projects/{pub_id}/publish/image"
    assert (status, title, themes) == ("draft", WHAT["title"], ["ecology"])

    step = f"/projects/{pub_id}/publish/image"
    response = upload(client, step, step, {"image": (png(), "photo.png"), "alt": "Un bac"})
    assert response.location == step
    assert only_publication(sceaux)[3] == 1
    needs = f"/projects/{pub_id}/publish/needs"
    response = post_form(client, needs, {"kind": "skill", "skill_id": gardening,
                                         "text": "Quelqu'un qui sait composter"})
    assert response.location == needs
    assert "Quelqu&#39;un qui sait composter" in client.get(needs).text

    preview = client.get(f"/projects/{pub_id}/publish/preview")
    assert "<strong>tout</strong>" in preview.text and 'alt="Un bac"' in preview.text
    assert only_publication(sceaux)[1] == "draft"  # seeing the preview publishes nothing
    response = post_form(client, f"/projects/{pub_id}/publish/preview", {})
    assert response.location.startswith(f"/projects/{pub_id}-")
    assert only_publication(sceaux)[1] == "published"
    with tenant_scope(sceaux):
        assert db.session.scalar(select(Need.state)) == "open"
    assert "Un composteur rue Houdan" in client_for(sceaux).get("/projects").text


def test_a_refused_field_keeps_what_was_typed(client_for, sceaux):
    client = signed_in(client_for, sceaux)
    response = post_form(client, "/projects/new", {**WHAT, "title": "x" * 500,
                                                   "continue": "1"})
    assert response.status_code == 422
    assert "Pour **tout** le quartier." in response.text  # the description is still there
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Publication)).all() == []


def test_an_upload_error_keeps_the_draft_and_says_why(client_for, sceaux):
    client = signed_in(client_for, sceaux)
    post_form(client, "/projects/new", {**WHAT, "continue": "1"})
    pub_id = only_publication(sceaux)[0]
    step = f"/projects/{pub_id}/publish/image"
    response = upload(client, step, step, {"image": (b"not an image", "photo.png")})
    assert response.status_code == 422 and 'class="error"' in response.text
    assert only_publication(sceaux)[1:4] == ("draft", WHAT["title"], 0)
    # Back to the first step: everything typed is there, from the saved draft.
    back = client.get(f"/projects/{pub_id}/edit").text
    assert 'value="Un composteur rue Houdan"' in back and 'name="continue"' in back


def test_a_refused_need_says_why_and_adds_nothing(client_for, sceaux):
    client = signed_in(client_for, sceaux)
    post_form(client, "/projects/new", {**WHAT, "continue": "1"})
    pub_id = only_publication(sceaux)[0]
    needs = f"/projects/{pub_id}/publish/needs"
    response = post_form(client, needs, {"kind": "skill", "skill_id": "999999", "text": ""})
    assert response.status_code == 422 and 'class="error"' in response.text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Need)).all() == []


def test_steps_are_the_holders_only_and_stay_in_their_city(client_for, sceaux, bourg):
    client = signed_in(client_for, sceaux)
    post_form(client, "/projects/new", {**WHAT, "continue": "1"})
    pub_id = only_publication(sceaux)[0]
    other = signed_in(client_for, sceaux, "karim@example.org")
    for step in ("image", "needs", "preview"):
        # A draft is its holders': another member sees nothing of it.
        assert other.get(f"/projects/{pub_id}/publish/{step}").status_code == 404
    elsewhere = signed_in(client_for, bourg, "jeanne@example.org")
    token = csrf_from(elsewhere.get("/account").text)
    assert elsewhere.post(f"/projects/{pub_id}/publish/preview",
                          data={"csrf_token": token}).status_code == 404
    assert only_publication(sceaux)[1] == "draft"
    assert client_for(sceaux).get(f"/projects/{pub_id}/publish/preview").status_code == 302


def test_publishing_signed_out_explains_and_offers_to_sign_up(client_for, sceaux):
    page = client_for(sceaux).get("/projects/new")
    assert page.status_code == 200
    assert "/signup?next=/projects/new" in page.text
    assert "/login?next=/projects/new" in page.text
    assert "Connectez-vous pour voir cette page" not in page.text


def test_the_image_step_is_optional_and_its_image_can_be_replaced_or_removed(client_for,
                                                                             sceaux):
    client = signed_in(client_for, sceaux)
    post_form(client, "/projects/new", {**WHAT, "continue": "1"})
    pub_id = only_publication(sceaux)[0]
    step = f"/projects/{pub_id}/publish/image"
    page = client.get(step).text
    # The steps are numbered once: "Étape 2 sur 4", not "2. Étape 2 sur 4".
    assert "Étape 2 sur 4" in page and "1. <a" in page and "2. <span" not in page
    assert 'class="required"' not in page and "Ajouter l’image" in page
    with client.get("/static/css/flows.css") as css:
        assert "counter(step)" not in css.text

    upload(client, step, step, {"image": (png(), "photo.png"), "alt": "Un bac"})
    with tenant_scope(sceaux):
        image_id = db.session.scalar(select(PublicationImage.id))
    page = client.get(step).text
    # Shown with what it shows; replace or remove it, not "add" it again.
    assert f"/projects/{pub_id}/images/{image_id}" in page and "Un bac" in page
    assert "Ajouter l’image" not in page and 'value="Un bac"' in page
    assert f"/projects/{pub_id}/publish/image/{image_id}/remove" in page
    token = {f"image-{image_id}-csrf_token": csrf_from(page)}  # each form its own prefix
    response = upload(client, f"/projects/{pub_id}/publish/image/{image_id}", step,
                      {**token, f"image-{image_id}-image": (png(), "autre.png"),
                       f"image-{image_id}-alt": "Le bac fini"})
    assert response.location == step
    with tenant_scope(sceaux):
        assert db.session.scalars(select(PublicationImage.alt)).all() == ["Le bac fini"]
    refused = upload(client, f"/projects/{pub_id}/publish/image/{image_id}", step,
                     {**token, f"image-{image_id}-image": (b"not an image", "x.png")})
    assert refused.status_code == 422 and 'class="error"' in refused.text

    # Another member cannot remove it; its holder can.
    other = signed_in(client_for, sceaux, "karim@example.org")
    token = csrf_from(other.get("/account").text)
    assert other.post(f"/projects/{pub_id}/publish/image/{image_id}/remove",
                      data={"csrf_token": token}).status_code == 404
    assert only_publication(sceaux)[3] == 1
    response = post_form(client, f"/projects/{pub_id}/publish/image/{image_id}/remove", {},
                         page=step)
    assert response.location == step and only_publication(sceaux)[3] == 0
    assert "Ajouter l’image" in client.get(step).text
