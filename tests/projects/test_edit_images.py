"""A holder removes an image from a published project's edit page (replacing one is
removing it and adding another); nobody else can, from this city or another."""

import re

from tests.accounts.test_profiles_directory import png
from tests.conftest import csrf_from, log_in, post_form, upload
from tests.factories import make_member
from tests.projects.test_projects import PROJECT, the_publication


def test_a_holder_removes_an_image_and_nobody_else_can(client_for, sceaux, bourg):
    make_member(sceaux, email="lea@example.org")
    holder = client_for(sceaux)
    log_in(holder, "lea@example.org")
    post_form(holder, "/projects/new", {**PROJECT, "publish": "1"})
    pub_id, slug, status = the_publication(sceaux)
    assert status == "published"
    edit = f"/projects/{pub_id}/edit"
    for alt, colour in (("Le potager", (30, 90, 60)), ("La récolte", (200, 90, 30))):
        upload(holder, f"/projects/{pub_id}/images", edit,
               {"image": (png(800, 600, colour), "a.png"), "alt": alt})
    page = holder.get(edit).text
    assert "Retirer l’image « Le potager »" in page and "Retirer l’image « La récolte »" in page
    first, _second = re.findall(rf'action="(/projects/{pub_id}/images/\d+/remove)"', page)
    first_src = first.removesuffix("/remove")

    make_member(sceaux, email="karim@example.org")
    member = client_for(sceaux)
    log_in(member, "karim@example.org")
    token = csrf_from(member.get(f"/projects/{pub_id}-{slug}").text)
    assert member.post(first, data={"csrf_token": token}).status_code == 403
    make_member(bourg, email="outsider@example.org")
    outsider = client_for(bourg)
    log_in(outsider, "outsider@example.org")
    token = csrf_from(outsider.get("/account").text)
    assert outsider.post(first, data={"csrf_token": token}).status_code == 404
    assert holder.post(first, data={}).status_code == 400  # no form token
    assert client_for(sceaux).get(first_src).status_code == 200  # still there

    removed = post_form(holder, first, {}, page=edit, follow_redirects=True)
    assert "L’image est retirée." in removed.text
    assert "Le potager" not in removed.text and "La récolte" in removed.text
    assert client_for(sceaux).get(first_src).status_code == 404
    again = post_form(holder, first, {}, page=edit)
    assert again.status_code == 404  # already gone
    shown = client_for(sceaux).get(f"/projects/{pub_id}-{slug}").text
    assert 'alt="La récolte"' in shown and 'alt="Le potager"' not in shown
