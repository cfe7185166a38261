"""Issue 8, "Search and words": search forgives plurals, accents and a typo; excerpts are
clean and in the reader's language; neighbourhoods are the city's list; comments can be
edited for 15 minutes by their author; French elides "de" before a vowel."""

import re

import pytest

from tests.conftest import log_in, post_form
from tests.factories import make_member
from tests.projects.test_projects import code_id, publish
from upcampus.taxonomy.models import Skill, Theme

DOCUMENTS = {
    "Atelier de réparation de vélos": "On remet en selle les bicyclettes du quartier.",
    "Un jardin partagé": "Des parcelles pour apprendre le jardinage.",
    "Soutien scolaire": "Des devoirs accompagnés après l'école primaire.",
    "Un restaurant solidaire": "Des repas à prix libre.",
    "Fête des associations": "Toutes les associations de la ville.",
    "La bibliothèque de rue": "Des livres prêtés sur la place.",
}

# (what is typed, the title it must find): singular, plural, accents, case, one typo.
WORDS = [
    ("vélo", "Atelier de réparation de vélos"), ("velo", "Atelier de réparation de vélos"),
    ("vélos", "Atelier de réparation de vélos"), ("velos", "Atelier de réparation de vélos"),
    ("VÉLO", "Atelier de réparation de vélos"), ("jardin", "Un jardin partagé"),
    ("jardins", "Un jardin partagé"), ("jardinage", "Un jardin partagé"),
    ("école", "Soutien scolaire"), ("ecole", "Soutien scolaire"),
    ("écoles", "Soutien scolaire"), ("restaurant", "Un restaurant solidaire"),
    ("restaurants", "Un restaurant solidaire"), ("restaurent", "Un restaurant solidaire"),
    ("association", "Fête des associations"), ("associations", "Fête des associations"),
    ("bibliothèque", "La bibliothèque de rue"), ("bibliotheque", "La bibliothèque de rue"),
    ("bibliotheques", "La bibliothèque de rue"), ("bibliotèque", "La bibliothèque de rue"),
]


def titles(response) -> list[str]:
    """Result titles as read (the matched words are marked in them)."""
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a>', response.text)
    return [re.sub(r"</?mark>", "", t).replace("&#39;", "'") for t in found]


@pytest.fixture
def holder(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    return client


@pytest.fixture
def documents(holder, sceaux):
    for title, description in DOCUMENTS.items():
        publish(holder, title=title, description=description)
    return sceaux


@pytest.mark.parametrize(("typed", "title"), WORDS)
def test_singular_plural_accents_and_a_typo_find_the_document(client_for, documents, typed,
                                                               title):
    found = titles(client_for(documents).get("/search", query_string={"q": typed}))
    assert title in found
    assert "Un jardin partagé" not in found or title == "Un jardin partagé"


@pytest.mark.parametrize("typed", ["piscine", "xylophone", "trottinettes électriques"])
def test_a_word_no_document_holds_finds_nothing(client_for, documents, typed):
    response = client_for(documents).get("/search", query_string={"q": typed})
    assert titles(response) == [] and "0 résultat" in response.text


def test_forgiving_search_stays_in_its_city(client_for, documents, bourg):
    assert titles(client_for(bourg).get("/search?q=velo")) == []
    assert titles(client_for(bourg).get("/search?q=restaurent")) == []


EXCERPT = ("**Pourquoi ?** Pour que chacun répare son vélo.\n\n"
           "Apportez vos outils <script>alert('x')</script>")


def excerpt_of(response) -> str:
    match = re.search(r'<p class="excerpt">(.*?)</p>', response.text, re.S)
    assert match, "no excerpt"
    return match.group(1)


def test_excerpt_is_plain_marked_and_in_french(client_for, holder, sceaux):
    publish(holder, title="Atelier", description=EXCERPT,
            themes=[code_id(Theme, "ecology"), code_id(Theme, "solidarity")])
    shown = excerpt_of(client_for(sceaux).get("/search?q=velo"))
    assert "**" not in shown and "Pourquoi ?" in shown
    assert "<mark>vélo</mark>" in shown and "<mark>répare</mark>" not in shown
    assert "Écologie et environnement, Solidarité" in shown and "Ecology" not in shown
    assert "Les Blagis" in shown and " · " in shown  # fields apart, not run together
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_excerpt_and_need_title_in_english_for_an_english_reader(client_for, holder, sceaux):
    response = publish(holder, title="Atelier", description=EXCERPT,
                       themes=[code_id(Theme, "ecology")])
    page = response.location
    pub_id = page.rsplit("/", 1)[1].split("-")[0]
    post_form(holder, f"/projects/{pub_id}/needs", {
        "kind": "skill", "skill_id": code_id(Skill, "gardening"), "text": "Des vélos"},
        page=page)
    english = client_for(sceaux).get("/search?q=velo", headers={"Accept-Language": "en"})
    assert "Gardening — Atelier" in titles(english)
    assert "Ecology and environment" in english.text and "Écologie" not in english.text
    french = client_for(sceaux).get("/search?q=velo")
    assert "Jardinage — Atelier" in titles(french) and "Gardening" not in french.text


def test_a_script_in_a_member_bio_stays_text(client_for, sceaux):
    make_member(sceaux, email="x@example.org", visibility="public", status="active",
                bio="<script>alert(1)</script> **jardinière** <b>gras</b>")
    from upcampus.search.operations import reindex_current_city
    from upcampus.tenancy.context import tenant_scope

    with tenant_scope(sceaux):
        reindex_current_city()
    response = client_for(sceaux).get("/search?q=jardiniere")
    shown = excerpt_of(response)
    assert "<script>" not in response.text.split("<main")[1] and "<b>" not in shown
    assert "&lt;script&gt;" in shown and "<mark>jardinière</mark>" in shown


# --- Comments: their author edits them for 15 minutes, from the page -----------------

def comment_setup(holder, sceaux):
    from sqlalchemy import select

    from upcampus.core.db import db
    from upcampus.projects.models import Comment
    from upcampus.tenancy.context import tenant_scope

    page = publish(holder).location
    pub_id = page.rsplit("/", 1)[1].split("-")[0]
    post_form(holder, f"/projects/{pub_id}/comments", {"body": "Premier jet"}, page=page)
    with tenant_scope(sceaux):
        comment_id = db.session.scalars(select(Comment.id)).one()

    def body():
        with tenant_scope(sceaux):
            return db.session.get(Comment, comment_id).body
    return page, f"/projects/{pub_id}/comments/{comment_id}/edit", body


def test_the_author_edits_a_comment_from_its_page(holder, sceaux):
    page, edit, body = comment_setup(holder, sceaux)
    shown = holder.get(page).text
    assert f'action="{edit}"' in shown and "Modifier mon commentaire" in shown
    done = post_form(holder, edit, {"body": "Second jet, **relu**"}, page=page,
                     follow_redirects=True)
    assert "Votre commentaire est modifié." in done.text and body() == "Second jet, **relu**"
    assert "<strong>relu</strong>" in done.text and "modifié" in done.text


def test_after_15_minutes_the_edit_is_gone_and_refused(holder, sceaux, monkeypatch):
    from datetime import timedelta

    import upcampus.projects.conversation as conversation

    page, edit, body = comment_setup(holder, sceaux)
    monkeypatch.setattr(conversation, "EDIT_WINDOW", timedelta(seconds=-1))
    assert f'action="{edit}"' not in holder.get(page).text
    late = post_form(holder, edit, {"body": "Trop tard"}, page=page, follow_redirects=True)
    assert "pendant 15 minutes" in late.text and body() == "Premier jet"


def test_moderators_others_and_other_cities_cannot_edit(holder, client_for, sceaux, bourg):
    page, edit, body = comment_setup(holder, sceaux)
    make_member(sceaux, role="moderator", email="modo@example.org")
    moderator = client_for(sceaux)
    log_in(moderator, "modo@example.org")
    assert f'action="{edit}"' not in moderator.get(page).text
    assert post_form(moderator, edit, {"body": "Réécrit"}, page=page).status_code == 403
    make_member(bourg, email="b@example.org")
    stranger = client_for(bourg)
    log_in(stranger, "b@example.org")
    assert post_form(stranger, edit, {"body": "Volé"}, page="/").status_code == 404
    holder.post(edit, data={"body": "Sans jeton"})  # no CSRF token: refused
    assert body() == "Premier jet"


# --- Neighbourhoods: the city's list, never what someone typed ------------------------

def filter_options(html: str) -> list[str]:
    select = re.search(r'<select id="neighbourhood" name="neighbourhood">(.*?)</select>',
                       html, re.S)
    assert select, "no neighbourhood filter"
    return [o for o in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))]


def test_free_text_never_becomes_a_filter_only_the_city_list(client_for, sceaux, bourg):
    make_member(sceaux, visibility="public", neighbourhood="Les Blagis (rue des Imbergères)")
    make_member(sceaux, visibility="public", neighbourhood="Robinson")
    visitor = client_for(sceaux)
    for path in ("/members", "/organisations", "/projects"):
        options = filter_options(visitor.get(path).text)
        assert options[1:] == ["Centre", "Les Blagis", "Robinson"], path
        assert not any("Imbergères" in o or "Hameau" in o for o in options)
    assert filter_options(client_for(bourg).get("/members").text)[1:] == [
        "La Gare", "Le Hameau", "Les Blagis"]


def test_profiles_and_publications_choose_from_the_list_and_keep_old_words(
        client_for, sceaux):
    from upcampus.core.db import db
    from upcampus.tenancy.context import tenant_scope

    member = make_member(sceaux, email="old@example.org",
                         neighbourhood="Les Blagis (rue des Imbergères)")
    client = client_for(sceaux)
    log_in(client, "old@example.org")
    page = client.get("/account").text
    assert '<select id="neighbourhood" name="neighbourhood"' in page
    assert "Les Blagis (rue des Imbergères) (vos propres mots" in page  # shown to its owner
    kept = post_form(client, "/account/profile", {
        "bio": "", "visibility": "members",
        "neighbourhood": "Les Blagis (rue des Imbergères)"}, page="/account")
    assert kept.status_code == 302
    refused = post_form(client, "/account/profile", {
        "bio": "", "visibility": "members", "neighbourhood": "Rue de la Paix"}, page="/account")
    assert refused.status_code == 422 and "Not a valid choice" not in refused.text
    post_form(client, "/account/profile", {"bio": "", "visibility": "members",
                                           "neighbourhood": "Robinson"}, page="/account")
    with tenant_scope(sceaux):
        assert db.session.get(type(member), member.id).neighbourhood == "Robinson"
    assert publish(client, neighbourhood="Ailleurs").status_code == 422
    assert publish(client, neighbourhood="Centre").status_code == 302


def test_city_admins_edit_their_list_and_no_one_else(client_for, sceaux, bourg):
    make_member(sceaux, role="admin", email="admin@example.org")
    admin = client_for(sceaux)
    log_in(admin, "admin@example.org")
    saved = post_form(admin, "/admin/neighbourhoods",
                      {"names": "Robinson\n  Les   Musiciens \n\nRobinson\n<b>Parc</b>"},
                      follow_redirects=True)
    assert "Les quartiers de ce réseau sont enregistrés." in saved.text
    assert filter_options(client_for(sceaux).get("/members").text)[1:] == [
        "Robinson", "Les Musiciens", "&lt;b&gt;Parc&lt;/b&gt;"]
    assert filter_options(client_for(bourg).get("/members").text)[1:] == [
        "La Gare", "Le Hameau", "Les Blagis"]
    make_member(sceaux, email="m@example.org")
    member = client_for(sceaux)
    log_in(member, "m@example.org")
    assert member.get("/admin/neighbourhoods").status_code == 403
    make_member(bourg, role="admin", email="badmin@example.org")
    other = client_for(bourg)
    log_in(other, "badmin@example.org")
    post_form(other, "/admin/neighbourhoods", {"names": "Volé"})
    assert "Volé" not in client_for(sceaux).get("/members").text


def test_the_manifest_names_the_neighbourhoods(tenants_dir):
    from upcampus.tenancy.operations import read_manifest

    sceaux = read_manifest(tenants_dir / "sceaux").data["neighbourhoods"]
    assert {"Les Blagis", "Robinson", "Centre-ville", "Les Musiciens"} <= set(sceaux)
    assert read_manifest(tenants_dir / "bourg-la-reine").data["neighbourhoods"]


# --- French wording: "de" elides before any name -------------------------------------

@pytest.mark.parametrize(("name", "said"), [
    ("Antony", "d’Antony"), ("UP Sceaux", "d’UP Sceaux"), ("Issy-les-Moulineaux",
                                                           "d’Issy-les-Moulineaux"),
    ("Hérouville-Saint-Clair", "d’Hérouville-Saint-Clair"), ("Évry", "d’Évry"),
    ("Sceaux", "de Sceaux"), ("Bourg-la-Reine", "de Bourg-la-Reine"),
    ("Hautes-Rives", "de Hautes-Rives"), ("Le Havre", "du Havre"), ("Les Lilas", "des Lilas"),
    ("La Garenne-Colombes", "de La Garenne-Colombes")])
def test_de_elides_before_a_vowel_or_a_mute_h(name, said):
    from upcampus.core.french import de

    assert de(name) == said


def test_a_city_named_with_a_vowel_reads_right_in_french_and_english(client_for):
    from tests.factories import make_tenant

    make_tenant("antony", name="UP Antony", city="Antony")
    french = client_for("antony.upcampus.test").get("/").text
    assert "le réseau des projets citoyens d’Antony" in french and "de Antony" not in french
    english = client_for("antony.upcampus.test").get(
        "/", headers={"Accept-Language": "en"}).text
    assert "citizen projects of Antony" in english


def test_admin_pages_elide_the_network_name_and_label_themes_in_the_masculine(
        client_for, sceaux):
    member = make_member(sceaux, role="admin", email="admin@example.org")
    with_name = member.account.display_name
    admin = client_for(sceaux)
    log_in(admin, "admin@example.org")
    assert "Identité visuelle d’UP Sceaux" in admin.get("/admin/branding").text
    taxonomy = admin.get("/admin/taxonomy").text
    assert "Aucun pour l’instant." in taxonomy and "Aucune pour l’instant." in taxonomy
    from upcampus.core.db import db
    from upcampus.tenancy.context import tenant_scope

    with tenant_scope(sceaux):
        db.session.get(type(member.account), member.account_id).display_name = "Administration"
        db.session.commit()
    members = admin.get("/admin/members").text
    assert "Rôle d’Administration" in members and "Rôle de Administration" not in members
    assert with_name


def test_outbox_status_short_password_and_organisation_members_in_french(client_for, sceaux):
    visitor = client_for(sceaux)
    signup = post_form(visitor, "/signup", {"accept": "y",
                                            "display_name": "Zoé", "email": "zoe@example.org",
                                            "password": "court"})
    assert signup.status_code == 422
    assert signup.text.lower().count("au moins 10") == 1
    assert "Ce mot de passe est trop court." in signup.text
    make_member(sceaux, email="jeanne@example.org")
    post_form(visitor, "/password/reset", {"email": "jeanne@example.org"})
    outbox = visitor.get("/outbox").text
    assert "gardé ici, non envoyé" in outbox and " · kept · " not in outbox
    client = client_for(sceaux)
    log_in(client, "jeanne@example.org")
    from tests.organisations.test_organisations import FIELDS

    page = post_form(client, "/organisations/new", FIELDS, follow_redirects=True).text
    assert "Membres de l’organisation" in page and "<h2>Scéens</h2>" not in page


def test_old_free_text_is_shown_to_its_owner_only(client_for, sceaux):
    from upcampus.search.operations import reindex_current_city
    from upcampus.tenancy.context import tenant_scope

    old = make_member(sceaux, email="old@example.org", visibility="public", bio="Jardinière",
                      neighbourhood="Les Blagis (rue des Imbergères)")
    make_member(sceaux, email="new@example.org", visibility="public", bio="Jardinière",
                neighbourhood="Robinson")
    with tenant_scope(sceaux):
        reindex_current_city()
    visitor = client_for(sceaux)
    for path in ("/members", f"/members/{old.id}", "/search?q=jardiniere"):
        assert "Imbergères" not in visitor.get(path).text, path
    assert "Robinson" in visitor.get("/search?q=jardiniere").text
    owner = client_for(sceaux)
    log_in(owner, "old@example.org")
    assert "Les Blagis (rue des Imbergères)" in owner.get(f"/members/{old.id}").text
