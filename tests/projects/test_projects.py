"""Ideas, projects and wishes: publish with needs, "I can help", the holder accepts, the
need is filled; conversation; lists; and the rules that refuse bad input."""

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, log_in, outbox, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.projects.models import Comment, HelpOffer, Need, Publication
from upcampus.taxonomy.models import Skill, Theme
from upcampus.tenancy.context import tenant_scope

PROJECT = {"kind": "project", "title": "Un jardin partagé à l'École des Blagis",
           "description": "Des **planches** de potager pour les enfants.",
           "stage": "idea", "neighbourhood": "Les Blagis", "address": "Rue des Blagis"}


def code_id(model, code):
    return db.session.scalar(select(model.id).where(model.code == code))


@pytest.fixture
def holder(client_for, sceaux):
    member = make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    return member, client


def publish(client, **changes):
    data = {**PROJECT, "themes": [code_id(Theme, "ecology")], "publish": "1", **changes}
    return post_form(client, "/projects/new", data)


def the_publication(city):
    with tenant_scope(city):
        publication = db.session.scalars(select(Publication)).one()
        return publication.id, publication.slug, publication.status


def needs_of(city):
    with tenant_scope(city):
        return [(n.id, n.state, [(o.status) for o in n.offers])
                for n in db.session.scalars(select(Need).order_by(Need.id))]


def test_the_whole_story_publish_offer_accept_fill(holder, client_for, sceaux, bourg):
    _, client = holder
    response = publish(client)
    pub_id, slug, status = the_publication(sceaux)
    assert status == "published" and response.location == f"/projects/{pub_id}-{slug}"
    page = f"/projects/{pub_id}-{slug}"
    post_form(client, f"/projects/{pub_id}/needs", {
        "kind": "skill", "skill_id": code_id(Skill, "gardening"), "text": "Des jardiniers"},
        page=page)
    post_form(client, f"/projects/{pub_id}/needs", {
        "kind": "resource", "resource": "equipment", "text": "Des outils"}, page=page)
    assert [state for _, state, _ in needs_of(sceaux)] == ["open", "open"]
    helper = make_member(sceaux, email="karim@example.org")
    other = client_for(sceaux)
    log_in(other, "karim@example.org")
    need_id = needs_of(sceaux)[0][0]
    offered = post_form(other, f"/projects/{pub_id}/needs/{need_id}/help",
                        {"message": "J'ai des graines et du temps"}, page=page,
                        follow_redirects=True)
    assert "Les porteurs sont prévenus" in offered.text
    twice = post_form(other, f"/projects/{pub_id}/needs/{need_id}/help", {"message": "Encore"},
                      page=page, follow_redirects=True)
    assert "déjà proposé votre aide" in twice.text
    name = helper.account.display_name  # the holders are told who can help
    [email] = [e for e in outbox(sceaux) if f"{name} peut aider" in e.subject]
    assert email.to_address == "lea@example.org" and "J'ai des graines" in email.body_text
    assert "pour le besoin « Jardinage" in email.body_text  # which need, by its name
    assert f"{name} propose son aide sur Un jardin partagé" in client.get("/notifications").text
    with tenant_scope(sceaux):
        offer_id = db.session.scalars(select(HelpOffer.id)).one()
    assert post_form(other, f"/projects/{pub_id}/offers/{offer_id}/accept", {},
                     page=page).status_code == 403  # only holders answer
    post_form(client, f"/projects/{pub_id}/offers/{offer_id}/accept", {}, page=page)
    post_form(client, f"/projects/{pub_id}/needs/{need_id}/state", {"state": "filled"},
              page=page)
    assert needs_of(sceaux)[0][1:] == ("filled", ["accepted"])
    shown = client_for(sceaux).get(page).text
    assert "Contributeurs" in shown and helper.account.display_name in shown
    assert "Pourvu" in shown
    assert client_for(bourg).get(page).status_code == 404
    assert "jardin" not in client_for(bourg).get("/projects").text.lower()


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "Ce champ est requis."),
    ({"title": "ab"}, "Donnez un titre de 3 à 160 caractères."),  # the schema's words
    ({"title": "x" * 161}, "Donnez un titre de 3 à 160 caractères."),
    ({"kind": "manifesto"}, "valid choice"),
    ({"stage": "dreaming"}, "valid choice"),
    ({"description": "x" * 20001}, "20000"),
])
def test_bad_publication_input_is_refused_keeping_what_was_typed(holder, sceaux, changes,
                                                               message):
    _, client = holder
    response = publish(client, **changes)
    assert response.status_code == 422
    assert "Rue des Blagis" in response.text
    assert message.lower() in response.text.lower() or message in post_form(
        client, "/projects/new", {**PROJECT, **changes, "publish": "1"},
        headers={"Accept-Language": "en"}).text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Publication)).all() == []


def test_script_in_markdown_is_neutralised(holder, client_for, sceaux):
    _, client = holder
    publish(client, description="<script>alert(1)</script> [x](javascript:alert(1)) **ok**")
    pub_id, slug, _ = the_publication(sceaux)
    html = client_for(sceaux).get(f"/projects/{pub_id}-{slug}").text.split("<article")[1]
    assert "<script>alert" not in html and 'href="javascript' not in html
    assert "<strong>ok</strong>" in html


def test_a_forged_holder_is_refused(holder, client_for, sceaux, two_cities):
    from upcampus.organisations.models import Organisation

    _, client = holder
    with tenant_scope(sceaux):
        foreign = Organisation(name="Pas à moi", slug="pas-a-moi", kind="association")
        db.session.add(foreign)
        db.session.commit()
        foreign_id = foreign.id
    response = publish(client, organisations=[foreign_id])
    assert response.status_code == 422
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Publication)).all() == []


def test_only_holders_edit_and_drafts_stay_private(holder, client_for, sceaux):
    _, client = holder
    publish(client, publish=None, draft="1")
    pub_id, slug, status = the_publication(sceaux)
    assert status == "draft"
    assert client.get(f"/projects/{pub_id}-{slug}").status_code == 200
    assert client_for(sceaux).get(f"/projects/{pub_id}-{slug}").status_code == 404
    make_member(sceaux, email="other@example.org")
    other = client_for(sceaux)
    log_in(other, "other@example.org")
    assert other.get(f"/projects/{pub_id}/edit").status_code == 404  # a draft: not even seen
    token = csrf_from(other.get("/account").text)
    commented = other.post(f"/projects/{pub_id}/comments",
                           data={"csrf_token": token, "body": "Hello"})
    assert commented.status_code == 404
    post_form(client, f"/projects/{pub_id}/edit", {**PROJECT, "publish": "1"})
    assert the_publication(sceaux)[2] == "published"
    assert other.get(f"/projects/{pub_id}/edit").status_code == 403
    changed = other.post(f"/projects/{pub_id}/edit",
                         data={**PROJECT, "title": "Volé", "csrf_token": token})
    assert changed.status_code == 403 and the_publication(sceaux)[1] != "vole"


def test_comments_replies_edit_remove(holder, client_for, sceaux):
    _, client = holder
    publish(client)
    pub_id, slug, _ = the_publication(sceaux)
    page = f"/projects/{pub_id}-{slug}"
    make_member(sceaux, email="karim@example.org")
    other = client_for(sceaux)
    log_in(other, "karim@example.org")
    post_form(other, f"/projects/{pub_id}/comments", {"body": "Super idée"}, page=page)
    with tenant_scope(sceaux):
        first = db.session.scalars(select(Comment.id)).one()
    post_form(client, f"/projects/{pub_id}/comments", {"body": "Merci !",
                                                       "parent_id": str(first)}, page=page)
    with tenant_scope(sceaux):
        reply = db.session.scalars(select(Comment).where(Comment.parent_id == first)).one()
        reply_id = reply.id
    nested = post_form(other, f"/projects/{pub_id}/comments",
                       {"body": "Trop profond", "parent_id": str(reply_id)}, page=page,
                       follow_redirects=True)
    assert "Vous ne pouvez répondre qu’à un commentaire" in nested.text
    empty = post_form(other, f"/projects/{pub_id}/comments", {"body": " "}, page=page,
                      follow_redirects=True)
    assert "Ce champ est requis." in empty.text
    assert post_form(client, f"/projects/{pub_id}/comments/{first}/remove", {},
                     page=page).status_code == 403  # not the author
    post_form(other, f"/projects/{pub_id}/comments/{first}/edit", {"body": "Très bonne idée"},
              page=page)
    post_form(other, f"/projects/{pub_id}/comments/{first}/remove", {}, page=page)
    shown = client_for(sceaux).get(page).text
    assert "Ce commentaire a été retiré." in shown and "Très bonne idée" not in shown
    assert "Merci !" in shown


def test_a_comment_can_be_edited_for_a_while_only(holder, sceaux, monkeypatch):
    from datetime import timedelta

    import upcampus.projects.conversation as conversation

    _, client = holder
    publish(client)
    pub_id, slug, _ = the_publication(sceaux)
    page = f"/projects/{pub_id}-{slug}"
    post_form(client, f"/projects/{pub_id}/comments", {"body": "Premier jet"}, page=page)
    with tenant_scope(sceaux):
        comment_id = db.session.scalars(select(Comment.id)).one()
    monkeypatch.setattr(conversation, "EDIT_WINDOW", timedelta(seconds=-1))
    late = post_form(client, f"/projects/{pub_id}/comments/{comment_id}/edit",
                     {"body": "Trop tard"}, page=page, follow_redirects=True)
    assert "pendant 15 minutes" in late.text and "Premier jet" in late.text


def test_support_once_per_member_and_follow(holder, client_for, sceaux):
    _, client = holder
    publish(client)
    pub_id, slug, _ = the_publication(sceaux)
    page = f"/projects/{pub_id}-{slug}"
    make_member(sceaux, email="karim@example.org")
    other = client_for(sceaux)
    log_in(other, "karim@example.org")
    post_form(other, f"/projects/{pub_id}/support", {}, page=page)
    post_form(other, f"/projects/{pub_id}/support", {}, page=page)  # a double submit
    assert "1 soutien" in client_for(sceaux).get(page).text
    assert "Je retire mon soutien" in other.get(page).text
    post_form(other, f"/projects/{pub_id}/unsupport", {}, page=page)
    assert "0 soutien" in client_for(sceaux).get(page).text
    post_form(other, f"/projects/{pub_id}/follow", {}, page=page)
    assert "Ne plus suivre" in other.get(page).text


def test_a_double_submitted_form_publishes_and_comments_once(holder, sceaux):
    _, client = holder
    publish(client)
    publish(client)
    pub_id, slug, _ = the_publication(sceaux)  # one(): fails if there were two
    page = f"/projects/{pub_id}-{slug}"
    for _ in range(2):
        post_form(client, f"/projects/{pub_id}/comments", {"body": "Une fois"}, page=page)
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Comment.body)).all() == ["Une fois"]


def test_holders_post_news_and_followers_hear_of_it(holder, client_for, sceaux):
    _, client = holder
    publish(client)
    pub_id, slug, _ = the_publication(sceaux)
    page = f"/projects/{pub_id}-{slug}"
    follower = make_member(sceaux, email="karim@example.org")
    other = client_for(sceaux)
    log_in(other, "karim@example.org")
    post_form(other, f"/projects/{pub_id}/follow", {}, page=page)
    english = make_member(sceaux, email="anna@example.org")
    with tenant_scope(sceaux):
        from upcampus.accounts.models import Account

        db.session.get(Account, english.account_id).locale = "en"
        db.session.commit()
    anna = client_for(sceaux)
    log_in(anna, "anna@example.org")
    post_form(anna, f"/projects/{pub_id}/follow", {}, page=page)
    post_form(client, f"/projects/{pub_id}/updates", {"body": "Premières graines semées"},
              page=page)
    assert "Premières graines semées" in client_for(sceaux).get(page).text
    news = {e.to_address: e for e in outbox(sceaux) if "graines" in e.body_text}
    assert set(news) == {follower.account.email, "anna@example.org"}  # not the author
    assert news["karim@example.org"].subject.startswith("Nouvelles de")
    assert news["anna@example.org"].subject.startswith("News of")
    assert f"http://sceaux.upcampus.test/projects/{pub_id}-{slug}#news" in (
        news["anna@example.org"].body_text)


def test_facilitators_feature_on_the_city_home(holder, client_for, sceaux):
    _, client = holder
    publish(client)
    pub_id, slug, _ = the_publication(sceaux)
    page = f"/projects/{pub_id}-{slug}"
    assert post_form(client, f"/projects/{pub_id}/feature", {}, page=page).status_code == 403
    make_member(sceaux, "facilitator", email="anim@example.org")
    facilitator = client_for(sceaux)
    log_in(facilitator, "anim@example.org")
    post_form(facilitator, f"/projects/{pub_id}/feature", {}, page=page)
    home = client_for(sceaux).get("/").text
    assert "Projets d’intérêt collectif" in home and "jardin partagé" in home


def test_lists_filter_sort_and_keep_a_fixed_query_count(holder, client_for, sceaux,
                                                       count_queries):
    _, client = holder
    for i in range(12):
        publish(client, title=f"Projet numéro {i:02d}", kind="wish" if i % 3 else "idea",
                stage="in_progress" if i % 2 else "idea",
                neighbourhood="Robinson" if i % 2 else "Centre")
    visitor = client_for(sceaux)
    assert "12 publications trouvées." in visitor.get("/projects").text
    assert "4 publications trouvées." in visitor.get("/projects?kind=idea").text
    assert "6 publications trouvées." in visitor.get("/projects?neighbourhood=Robinson").text
    assert "12 publications trouvées." in visitor.get("/projects?theme=ecology").text
    assert "0 publication trouvée." in visitor.get("/projects?needs=open").text
    newest = visitor.get("/projects").text
    assert newest.index("Projet numéro 11") < newest.index("Projet numéro 10")
    assert visitor.get("/projects?sort=supported&page=zz&kind=%ff").status_code == 200

    def queries(path):
        with count_queries() as counter:
            visitor.get(path)
        return counter.count

    paths = ("/projects", "/projects?kind=idea&sort=supported", "/")
    before = [queries(path) for path in paths]
    for i in range(12):  # more data, and each by a different author
        make_member(sceaux, email=f"author{i}@example.org")
        author = client_for(sceaux)
        log_in(author, f"author{i}@example.org")
        publish(author, title=f"Autre projet {i:02d}", kind="idea")
    assert [queries(path) for path in paths] == before


def test_co_holders_and_images(holder, client_for, sceaux, bourg):
    from tests.accounts.test_profiles_directory import png
    from tests.conftest import upload

    _, client = holder
    publish(client)
    pub_id, slug, _ = the_publication(sceaux)
    edit = f"/projects/{pub_id}/edit"
    make_member(sceaux, email="karim@example.org")
    make_member(bourg, email="outsider@example.org")
    added = post_form(client, f"/projects/{pub_id}/holders", {"email": "KARIM@example.org"},
                      page=edit, follow_redirects=True)
    assert "porte aussi cette publication" in added.text
    foreign = post_form(client, f"/projects/{pub_id}/holders",
                        {"email": "outsider@example.org"}, page=edit, follow_redirects=True)
    assert "Aucun membre de ce réseau n’a cette adresse." in foreign.text
    co = client_for(sceaux)
    log_in(co, "karim@example.org")
    assert co.get(edit).status_code == 200  # a co-holder edits too
    fake = upload(client, f"/projects/{pub_id}/images", edit, {"image": (b"nope", "a.png"),
                                                               "alt": "Rien"})
    assert fake.status_code == 302
    assert "n’est pas une image lisible" in client.get(edit).text
    upload(client, f"/projects/{pub_id}/images", edit, {"image": (png(2400, 1200), "a.png"),
                                                         "alt": "Le potager"})
    page = client_for(sceaux).get(f"/projects/{pub_id}-{slug}").text
    import re

    src = re.search(r'src="(/projects/\d+/images/\d+)" alt="Le potager"', page).group(1)
    image = client_for(sceaux).get(src)
    from PIL import Image

    assert image.mimetype == "image/webp"
    assert Image.open(__import__("io").BytesIO(image.data)).size == (1200, 600)
    assert client_for(bourg).get(src).status_code == 404


def test_featured_projects_have_their_own_list(holder, client_for, sceaux):
    _, client = holder
    publish(client, title="Projet ordinaire")
    publish(client, title="Projet phare")
    with tenant_scope(sceaux):
        db.session.scalars(select(Publication).where(
            Publication.title == "Projet phare")).one().featured = True
        db.session.commit()
    home = client_for(sceaux).get("/").text
    assert 'href="/projects?featured=1"' in home
    listing = client_for(sceaux).get("/projects?featured=1").text
    assert "Projet phare" in listing and "Projet ordinaire" not in listing


def test_a_project_page_costs_the_same_queries_with_many_people(holder, client_for, sceaux,
                                                               count_queries):
    _, client = holder
    publish(client)
    pub_id, slug, _ = the_publication(sceaux)
    page = f"/projects/{pub_id}-{slug}"
    post_form(client, f"/projects/{pub_id}/needs", {"kind": "resource", "resource": "funding",
                                                    "text": "Un prêt"}, page=page)
    need_id = needs_of(sceaux)[0][0]
    visitor = client_for(sceaux)

    def queries():
        with count_queries() as counter:
            visitor.get(page)
        return counter.count

    def crowd(start, count):
        for i in range(start, start + count):
            make_member(sceaux, email=f"voice{i}@example.org")
            voice = client_for(sceaux)
            log_in(voice, f"voice{i}@example.org")
            post_form(voice, f"/projects/{pub_id}/comments", {"body": f"Avis {i}"}, page=page)
            post_form(voice, f"/projects/{pub_id}/needs/{need_id}/help", {"message": "Oui"},
                      page=page)

    crowd(0, 2)
    few = queries()
    crowd(2, 8)
    assert queries() == few


def test_an_old_address_keeps_its_query_and_nothing_in_it_builds_the_link(client_for,
                                                                          sceaux):
    make_member(sceaux, email="lea@example.org")
    holder = client_for(sceaux)
    log_in(holder, "lea@example.org")
    publish(holder)
    pub_id, slug, _ = the_publication(sceaux)
    moved = client_for(sceaux).get(f"/projects/{pub_id}-old-title?lang=en")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith(f"/projects/{pub_id}-{slug}?lang=en")
    odd = client_for(sceaux).get(f"/projects/{pub_id}?_scheme=javascript&_external=1")
    assert odd.status_code == 301
    assert odd.headers["Location"].endswith(
        f"/projects/{pub_id}-{slug}?_scheme=javascript&_external=1")
