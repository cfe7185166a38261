"""A sweep of a full project page (themes, image, needs with offers, comments, news, born
at an event, the city's track with a shown accompaniment, a replication credit) and of the
account pages, for every role, in French and in English: nothing fails, each role sees its
own controls and nobody else's, every POST form carries its CSRF token, and a member of
another city sees none of it."""

import re

import pytest
from sqlalchemy import select

from tests.accounts.test_profiles_directory import png
from tests.conftest import log_in, post_form, upload
from tests.events.helpers import create, the_event
from tests.events.test_outcomes import held
from tests.facilitation.world import QUALIFY, move
from tests.factories import make_account, make_member
from tests.national.helpers import a_publication
from tests.projects.test_projects import PROJECT, code_id
from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.facilitation.models import Accompaniment, Partner
from upcampus.national.models import Replication
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.models import Comment, HelpOffer, Need, Publication
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import tenant_scope

TITLE = "Potager SCEAUX-ONLY des Blagis"
MARKERS = (TITLE, "COMMENT-OF-SCEAUX", "NEWS-OF-SCEAUX", "REPLY-OF-SCEAUX")
ROLES = ("visitor", "member", "holder", "co_holder", "helper", "facilitator", "moderator",
         "admin", "suspended", "outsider")
SIGNED_IN = ROLES[1:]
TEAM = ("facilitator", "admin")  # they see drafts (projects/operations.py can_see)
# Each control: (French, English) words that show it.
ADD_NEED = ("Ajouter un besoin", "Add a need")
NEWS_FORM = ("Publier la nouvelle", "Post the news")
SUPPORT = ("Je soutiens", "I support this")
COMMENT = ('>Commenter</button>', ">Comment</button>")
LOG_IN = ("Connectez-vous pour participer.", "Log in to take part.")
FEATURE = ("Mettre en avant sur l’accueil", "Feature on the home page")
SHARE = ("Partager avec les autres villes", "Share with the other cities")
FOR_CITY = ("Suivre pour la ville", "Follow it for the city")
OFFERED = ("Vous avez proposé votre aide.", "You offered your help.")
EDIT_MINE = ("Modifier mon commentaire", "Edit my comment")
REMOVE = (">Retirer</a>", ">Remove</a>")
TIMELINE = ("Ne plus le montrer aux visiteurs", "Stop showing it to visitors")
SUGGESTIONS = ("Des personnes qui pourraient aider", "People who could help")
EVERYONE = [("Ça a marché à Bourg-la-Reine", "It worked in Bourg-la-Reine"),
            ("Né lors de", "Born at"), ("Avec UP Sceaux", "With UP Sceaux"),
            ("Accompagné par Le Relais", "Accompanied by Le Relais"),
            ("Écologie et environnement", "Ecology and environment"),
            ("Contributeurs", "Contributors"), ("Pourvu", "Filled"),
            ("COMMENT-OF-SCEAUX", "COMMENT-OF-SCEAUX"), ("REPLY-OF-SCEAUX", "REPLY-OF-SCEAUX"),
            ("NEWS-OF-SCEAUX", "NEWS-OF-SCEAUX")]
# Who sees which control on the published page (the rest must not see it).
SEES = {
    ADD_NEED: {"holder", "co_holder"}, NEWS_FORM: {"holder", "co_holder"},
    TIMELINE: {"holder", "co_holder"},
    SUGGESTIONS: {"holder", "co_holder", "facilitator", "admin"},
    SUPPORT: {"member", "holder", "co_holder", "helper", "facilitator", "moderator", "admin"},
    COMMENT: {"member", "holder", "co_holder", "helper", "facilitator", "moderator", "admin"},
    LOG_IN: {"visitor"}, FEATURE: {"facilitator", "admin"}, SHARE: {"facilitator", "admin"},
    FOR_CITY: {"facilitator", "admin"}, OFFERED: {"helper"},
    EDIT_MINE: {"member", "holder"},  # not the suspended author of a fresh comment
    REMOVE: {"member", "holder", "moderator", "admin", "suspended"},  # their own words
}


def post_forms(html: str) -> list[str]:
    return re.findall(r'<form[^>]*method="post".*?</form>', html, re.S | re.I)


def assert_tokens(html: str, where: str) -> None:
    for form in post_forms(html):
        assert re.search(r'name="csrf_token"[^>]*value="[^"]+"', form), (where, form[:300])


def with_lang(path: str, lang: int) -> str:
    return path + ("?lang=en" if lang else "")


@pytest.fixture
def story(client_for, sceaux, bourg):
    """The project, built through the pages, and a client for each role."""
    people = {name: make_member(sceaux, role=name if name in ("facilitator", "moderator",
                                                              "admin") else "member",
                                email=f"{name}@sceaux.org")
              for name in ("holder", "co_holder", "member", "helper", "suspended",
                           "facilitator", "moderator", "admin")}
    make_member(sceaux, role="facilitator", email="starter@sceaux.org")
    make_account("outsider@elsewhere.org")
    bourgeois = make_member(bourg, email="bourgeois@bourg.org")
    model = a_publication(bourg, bourgeois, "Un potager partagé", shared=True,
                          lessons="Commencer petit.")
    clients = {"visitor": client_for(sceaux), "bourg": client_for(bourg)}
    for role in (*SIGNED_IN, "starter"):
        clients[role] = client_for(sceaux)
        log_in(clients[role], f"{role}@sceaux.org" if role != "outsider"
               else "outsider@elsewhere.org")
    log_in(clients["bourg"], "bourgeois@bourg.org")
    c = clients
    # A facilitator starts it from Bourg's model, then hands it to the holder.
    assert post_form(c["starter"], f"/models/bourg-la-reine/{model}/start", {},
                     page="/models").status_code == 302
    pub_id = db.session.scalars(select(Replication.replica_publication_id)).one()
    edit = f"/projects/{pub_id}/edit"
    post_form(c["starter"], f"/projects/{pub_id}/holders", {"email": "holder@sceaux.org"},
              page=edit)
    post_form(c["holder"], f"/projects/{pub_id}/holders", {"email": "co_holder@sceaux.org"},
              page=edit)
    upload(c["holder"], f"/projects/{pub_id}/images", edit,
           {"image": (png(), "a.png"), "alt": "Les bacs"})
    assert post_form(c["holder"], edit, {**PROJECT, "title": TITLE, "publish": "1",
                                         "themes": [code_id(Theme, "ecology")]}
                     ).status_code == 302
    with tenant_scope(sceaux):
        slug = db.session.get(Publication, pub_id).slug
    page = f"/projects/{pub_id}-{slug}"
    for resource, text in (("equipment", "Des outils"), ("funding", "Un prêt")):
        post_form(c["holder"], f"/projects/{pub_id}/needs",
                  {"kind": "resource", "resource": resource, "text": text}, page=page)
    with tenant_scope(sceaux):
        open_need, filled_need = db.session.scalars(select(Need.id).order_by(Need.id)).all()
    for need in (open_need, filled_need):
        post_form(c["helper"], f"/projects/{pub_id}/needs/{need}/help",
                  {"message": "Avec plaisir"}, page=page)
    with tenant_scope(sceaux):
        offer = db.session.scalars(select(HelpOffer.id).where(
            HelpOffer.need_id == filled_need)).one()
    post_form(c["holder"], f"/projects/{pub_id}/offers/{offer}/accept", {}, page=page)
    post_form(c["holder"], f"/projects/{pub_id}/needs/{filled_need}/state",
              {"state": "filled"}, page=page)
    post_form(c["member"], f"/projects/{pub_id}/comments", {"body": "COMMENT-OF-SCEAUX"},
              page=page)
    post_form(c["suspended"], f"/projects/{pub_id}/comments", {"body": "Avant ma pause"},
              page=page)
    with tenant_scope(sceaux):
        first = db.session.scalars(select(Comment.id).order_by(Comment.id)).first()
    post_form(c["holder"], f"/projects/{pub_id}/comments",
              {"body": "REPLY-OF-SCEAUX", "parent_id": str(first)}, page=page)
    post_form(c["holder"], f"/projects/{pub_id}/updates", {"body": "NEWS-OF-SCEAUX"},
              page=page)
    # Born at an event (events domain).
    assert create(c["facilitator"], title="Forum des Blagis").status_code == 302
    event = the_event(sceaux)
    held(sceaux, event.id)
    assert post_form(c["facilitator"], f"/events/{event.id}/outcomes",
                     {"attendance": "40", "born": [pub_id]}).status_code == 302
    # The city's track, qualified, then accompanied by a partner whose admin accepts.
    move(c["facilitator"], pub_id, "spotted", "")
    move(c["facilitator"], pub_id, "qualified", "spotted", **QUALIFY)
    partner_admin = make_member(sceaux, email="relais@sceaux.org")
    with tenant_scope(sceaux):
        organisation = Organisation(name="Le Relais", slug="relais", kind="support")
        organisation.members.append(OrganisationMember(membership_id=partner_admin.id,
                                                       role="admin"))
        db.session.add(organisation)
        db.session.flush()
        partner = Partner(organisation_id=organisation.id, brings=["advice"])
        db.session.add(partner)
        db.session.commit()
        partner_id = partner.id
    assert post_form(c["facilitator"], f"/facilitation/projects/{pub_id}/accompaniments",
                     {"partner_id": str(partner_id), "kind": "advice", "brief": "Un plan"},
                     page=f"/facilitation/projects/{pub_id}").status_code == 302
    relais = client_for(sceaux)
    log_in(relais, "relais@sceaux.org")
    with tenant_scope(sceaux):
        asked = db.session.scalars(select(Accompaniment.id)).one()
    assert post_form(relais, f"/accompaniments/{asked}/accept", {"answer": "Oui"},
                     page="/account").status_code == 302
    post_form(c["holder"], f"/projects/{pub_id}/timeline/show", {}, page=page)
    post_form(c["facilitator"], f"/facilitation/projects/{pub_id}/show", {},
              page=f"/facilitation/projects/{pub_id}")
    with tenant_scope(sceaux):
        db.session.get(Membership, people["suspended"].id).status = "suspended"
        db.session.commit()
    return {"clients": clients, "pub_id": pub_id, "page": page, "edit": edit,
            "open_need": open_need, "model": model}


def test_every_role_sees_its_controls_on_the_project_page(story):
    clients, page, pub_id = story["clients"], story["page"], story["pub_id"]
    help_form = f'action="/projects/{pub_id}/needs/{story["open_need"]}/help" class="form"'
    state_form = f'action="/projects/{pub_id}/needs/{story["open_need"]}/state"'
    for lang in (0, 1):
        for role in ROLES:
            response = clients[role].get(with_lang(page, lang))
            assert response.status_code == 200, (role, lang)
            html, where = response.text, (role, lang)
            assert TITLE in html and 'alt="Les bacs"' in html, where
            for words in EVERYONE:
                assert words[lang] in html, (where, words[lang])
            for control, roles in SEES.items():
                assert (control[lang] in html) == (role in roles), (where, control[lang])
            assert (help_form in html) == (role in ("member", "facilitator", "moderator",
                                                    "admin")), where
            assert (state_form in html) == (role in ("holder", "co_holder")), where
            assert bool(post_forms(html)) == (role != "visitor"), where
            assert_tokens(html, where)


def test_the_account_pages_of_every_role_and_a_member_of_bourg_sees_nothing_of_sceaux(
        story):
    clients = story["clients"]
    for lang in (0, 1):
        for role in ROLES:
            for path in ("/account", "/matching", "/notifications"):
                response = clients[role].get(with_lang(path, lang))
                where = (role, path, lang)
                if role == "visitor":
                    assert response.status_code == 302 and "/login" in response.location
                    continue
                if role == "outsider" and path == "/notifications":
                    assert response.status_code == 403, where  # no inbox without a membership
                    continue
                assert response.status_code in (200, 302), where
                if response.status_code == 302:  # no active membership: asked to join
                    assert role in ("outsider", "suspended") and path == "/matching", where
                    continue
                assert_tokens(response.text, where)
        bourg = clients["bourg"]
        for path in ("/", "/projects", "/account", "/matching", "/notifications", "/models",
                     f"/projects/{story['pub_id']}", f"/projects/{story['model']}"):
            response = bourg.get(with_lang(path, lang), follow_redirects=True)
            assert response.status_code == (404 if path.endswith(str(story["pub_id"]))
                                            else 200), path
            assert not [m for m in MARKERS if m in response.text], path
            assert_tokens(response.text, ("bourg", path))


def test_the_draft_is_its_holders_and_the_teams_only(story):
    clients, page, pub_id = story["clients"], story["page"], story["pub_id"]
    assert post_form(clients["holder"], story["edit"], {
        **PROJECT, "title": TITLE, "unpublish": "1"}).status_code == 302
    for lang in (0, 1):
        for role in ROLES:
            response = clients[role].get(with_lang(page, lang))
            where = (role, lang)
            if role not in ("holder", "co_holder", *TEAM):
                assert response.status_code == 404, where
                continue
            assert response.status_code == 200, where
            html = response.text
            assert ("Brouillon", "Draft")[lang] in html and TITLE in html, where
            assert (ADD_NEED[lang] in html) == (role in ("holder", "co_holder")), where
            for control in (SUPPORT, COMMENT, FEATURE, SHARE, LOG_IN, OFFERED):
                assert control[lang] not in html, (where, control[lang])
            assert_tokens(html, where)
    bourg = clients["bourg"]
    assert bourg.get(page).status_code == 404
    assert bourg.get(f"/projects/{pub_id}/edit").status_code == 404
    bourg.host = "sceaux.upcampus.test"  # its login stays on Bourg's host: a visitor here
    assert bourg.get(page).status_code == 404


def test_a_suspended_member_can_no_longer_edit_a_fresh_comment(story, sceaux):
    clients, page, pub_id = story["clients"], story["page"], story["pub_id"]
    with tenant_scope(sceaux):
        mine = db.session.scalars(select(Comment.id).where(
            Comment.body == "Avant ma pause")).one()
    assert "Avant ma pause" in clients["suspended"].get(page).text
    post_form(clients["suspended"], f"/projects/{pub_id}/comments/{mine}/edit",
              {"body": "Réécrit pendant ma suspension"}, page=page)
    with tenant_scope(sceaux):
        assert db.session.get(Comment, mine).body == "Avant ma pause"
