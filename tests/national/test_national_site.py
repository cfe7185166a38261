"""The national site: directory of cities, showcase, news pushed to every city, the
shared pages and the national search — only what active cities made public."""

from html import unescape

from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_account, make_member, make_page
from tests.national.helpers import a_publication, publication
from upcampus.core.db import db
from upcampus.national.models import NationalNews
from upcampus.organisations.models import Organisation
from upcampus.search.operations import organisation_document
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant


def platform_admin(national):
    make_account("platform@example.org", is_platform_admin=True)
    log_in(national, "platform@example.org")
    return national


def test_the_directory_shows_each_active_city_with_figures_in_fixed_queries(
        national, two_cities, count_queries):
    sceaux, bourg = two_cities
    lea = make_member(sceaux, email="lea@example.org")
    a_publication(sceaux, lea, "Jardin partagé des Blagis")
    a_publication(sceaux, lea, "Atelier vélo", stage="in_progress")
    a_publication(sceaux, lea, "Brouillon secret", publish=False)
    national.get("/")  # warm caches
    with count_queries() as few:
        page = national.get("/")
    assert page.status_code == 200
    text = page.text
    assert "UP Sceaux" in text and "UP Bourg-la-Reine" in text
    assert "1 membre" in text and "2 publications" in text and "1 réalisé" in text
    # More cities, members and projects: the same number of statements.
    for slug in ("antony", "fresnes", "massy"):
        from tests.factories import make_tenant
        city = make_tenant(slug)
        member = make_member(city)
        a_publication(city, member, f"Projet de {slug}")
    with count_queries() as many:
        assert national.get("/").status_code == 200
    assert many.count == few.count
    # A suspended city leaves the directory.
    db.session.get(Tenant, bourg.id).status = "suspended"
    db.session.get(Tenant, bourg.id).status_message = {"fr": "Fermé"}
    db.session.commit()
    assert "UP Bourg-la-Reine" not in national.get("/").text


def test_the_showcase_holds_only_published_shared_projects_of_active_cities(
        national, client_for, two_cities):
    sceaux, bourg = two_cities
    lea = make_member(sceaux, email="lea@example.org")
    anne = make_member(bourg, email="anne@example.org")
    a_publication(sceaux, lea, "Jardin partagé des Blagis", shared=True,
                  lessons="Commencer **petit**.")
    a_publication(sceaux, lea, "Atelier non partagé")
    a_publication(bourg, anne, "Repair café de la gare", stage="in_progress", shared=True)
    draft = a_publication(bourg, anne, "Brouillon de Bourg", publish=False)
    with tenant_scope(bourg):  # forced by hand: the page would refuse it
        from upcampus.projects.models import Publication
        db.session.get(Publication, draft).shared_nationally = True
        db.session.commit()
    page = national.get("/showcase").text
    assert "Jardin partagé des Blagis" in page and "Repair café de la gare" in page
    assert "Atelier non partagé" not in page and "Brouillon de Bourg" not in page
    # Realised first, linked to the city's own host.
    assert page.index("Jardin partagé") < page.index("Repair café")
    assert "http://sceaux.upcampus.test/projects/" in page
    assert "Ça a marché à Sceaux" in page
    assert "Jardin partagé des Blagis" in national.get("/").text
    assert client_for(sceaux).get("/showcase").status_code == 404  # national only
    db.session.get(Tenant, sceaux.id).status = "suspended"
    db.session.get(Tenant, sceaux.id).status_message = {"fr": "Fermé"}
    db.session.commit()
    assert "Jardin partagé" not in national.get("/showcase").text


def test_national_editors_highlight_and_city_admins_cannot(national, client_for, two_cities):
    sceaux, bourg = two_cities
    lea = make_member(sceaux, email="lea@example.org")
    anne = make_member(bourg, email="anne@example.org")
    first = a_publication(sceaux, lea, "Jardin partagé des Blagis", shared=True)
    second = a_publication(bourg, anne, "Repair café de la gare", stage="in_progress",
                           shared=True)
    # A city admin signed in on the national site is no national editor.
    make_member(sceaux, "admin", email="maire@example.org")
    admin = client_for("upcampus.test")
    log_in(admin, "maire@example.org")
    refused = post_form(admin, f"/showcase/bourg-la-reine/{second}/highlight", {},
                        page="/showcase")
    assert refused.status_code == 403 and not publication(bourg, second).national_highlight
    editor = platform_admin(national)
    done = post_form(editor, f"/showcase/bourg-la-reine/{second}/highlight", {},
                     page="/showcase")
    assert done.status_code == 302 and publication(bourg, second).national_highlight
    page = national.get("/showcase").text
    assert page.index("Repair café") < page.index("Jardin partagé")
    # Not shared, or a city that does not hold it: nothing to highlight.
    assert post_form(editor, f"/showcase/bourg-la-reine/{first}/highlight", {},
                     page="/showcase").status_code == 404


def test_facilitators_share_a_published_project_members_and_other_cities_cannot(
        client_for, two_cities):
    sceaux, bourg = two_cities
    lea = make_member(sceaux, email="lea@example.org")
    make_member(sceaux, "facilitator", email="anim@example.org")
    make_member(bourg, "facilitator", email="anim-bourg@example.org")
    done = a_publication(sceaux, lea, "Jardin partagé des Blagis")
    draft = a_publication(sceaux, lea, "Brouillon", publish=False)
    member = client_for(sceaux)
    log_in(member, "lea@example.org")
    page = f"/projects/{done}-{publication(sceaux, done).slug}"
    assert post_form(member, f"/projects/{done}/share", {"shared": "y"},
                     page=f"/projects/{done}/edit").status_code == 403
    facilitator = client_for(sceaux)
    log_in(facilitator, "anim@example.org")
    shown = facilitator.get(page).text
    assert "Partager avec les autres villes" in shown
    response = post_form(facilitator, f"/projects/{done}/share",
                         {"shared": "y", "lessons": "Demander la salle <script>x</script>"},
                         page=page)
    assert response.status_code == 302
    row = publication(sceaux, done)
    assert row.shared_nationally and row.lessons.startswith("Demander la salle")
    shown = facilitator.get(page, follow_redirects=True).text
    assert "Partagé avec tous les réseaux" in shown and "<script>x" not in shown
    # A draft is refused with a message; nothing changes.
    refused = post_form(facilitator, f"/projects/{draft}/share", {"shared": "y"}, page=page,
                        follow_redirects=True)
    assert "Seule une publication publiée peut être partagée." in refused.text
    assert not publication(sceaux, draft).shared_nationally
    # Another city's facilitator does not even see it.
    other = client_for(bourg)
    log_in(other, "anim-bourg@example.org")
    assert other.post(f"/projects/{done}/share", data={"shared": ""}).status_code in (400, 404)
    assert publication(sceaux, done).shared_nationally
    # Stopping sharing drops the highlight too.
    post_form(facilitator, f"/projects/{done}/share", {"lessons": ""}, page=page)
    assert not publication(sceaux, done).shared_nationally


def test_news_is_written_by_editors_pushed_to_every_city_and_dismissible(
        national, client_for, two_cities):
    sceaux, bourg = two_cities
    assert national.get("/news/new").status_code == 302  # to the login page
    editor = platform_admin(national)
    refused = post_form(editor, "/news/new", {"title_fr": "x", "published": "y"})
    assert refused.status_code == 422 and "Donnez un titre de 3 à 160 caractères." in refused.text
    response = post_form(editor, "/news/new", {
        "title_fr": "Le festival UP arrive", "title_en": "The UP festival is coming",
        "body_fr": "Rendez-vous **en juin** <script>alert(1)</script>",
        "body_en": "See you in June", "published": "y", "pushed": "y"})
    assert response.status_code == 302
    news = db.session.scalars(select(NationalNews)).one()
    post_form(editor, "/news/new", {"title_fr": "Brouillon national", "pushed": "y"})
    assert national.get("/news").text.count("Le festival UP arrive") == 1
    assert "Brouillon national" not in national.get("/news").text
    shown = national.get(f"/news/{news.id}").text
    assert "<strong>en juin</strong>" in shown and "<script>alert" not in shown
    for city in two_cities:
        home = client_for(city).get("/").text
        assert "Le festival UP arrive" in home and "Brouillon national" not in home
    english = client_for(sceaux).get("/", headers={"Accept-Language": "en"}).text
    assert "The UP festival is coming" in english
    visitor = client_for(sceaux)
    dismissed = post_form(visitor, f"/national-news/{news.id}/dismiss", {}, page="/")
    assert dismissed.status_code == 302
    assert "Le festival UP arrive" not in visitor.get("/").text
    assert "Le festival UP arrive" in client_for(sceaux).get("/").text  # others still see it
    assert "Le festival UP arrive" in client_for(bourg).get("/").text
    # A garbled cookie is ignored, not a 500.
    garbled = client_for(sceaux)
    garbled.set_cookie("dismissed_news", "1.x.99999999999999999.-3", domain="sceaux.upcampus.test")
    assert garbled.get("/").status_code == 200
    assert client_for(sceaux).get("/news").status_code == 404
    assert client_for(sceaux).get("/news/new").status_code == 404


def test_a_city_admin_cannot_write_national_news(client_for, national, sceaux):
    make_member(sceaux, "admin", email="maire@example.org")
    log_in(national, "maire@example.org")
    assert national.get("/news/new").status_code == 403
    assert national.post("/news/new", data={"title_fr": "Pirate"}).status_code in (400, 403)
    assert db.session.scalars(select(NationalNews)).first() is None


def test_shared_pages_are_national_and_a_city_may_add_its_own(national, client_for,
                                                              two_cities):
    sceaux, bourg = two_cities
    charter = national.get("/pages/charte")
    assert charter.status_code == 200 and "La charte d'UP Campus" in unescape(charter.text)
    assert "The UP Campus charter" in national.get("/pages/charte?lang=en").text
    assert "La charte d'UP Campus" in unescape(client_for(bourg).get("/pages/charte").text)
    assert "/pages/mentions-legales" in client_for(sceaux).get("/").text  # every footer
    make_page(sceaux, "charte", "fr", "La charte des Scéens", "Nos règles à nous.")
    assert "La charte des Scéens" in client_for(sceaux).get("/pages/charte").text
    assert "La charte d'UP Campus" in unescape(client_for(bourg).get("/pages/charte").text)
    assert national.get("/pages/nimporte").status_code == 404
    assert national.get("/pages/secret-de-bourg").status_code == 404
    editor = platform_admin(national)
    edit = "/pages/accessibilite/edit/fr"
    assert post_form(editor, edit, {"title": "", "body": "x"}).status_code == 422
    assert post_form(editor, edit, {"title": "Accessibilité (revue)",
                                    "body": "Audit **2026**."}).status_code == 302
    assert "Accessibilité (revue)" in national.get("/pages/accessibilite").text
    # A city's accessibility statement is its own (pages/legal.py), naming the city.
    statement = unescape(client_for(bourg).get("/pages/accessibilite").text)
    assert "Déclaration d'accessibilité" in statement and bourg.name in statement
    assert "Accessibility" in national.get("/pages/accessibilite?lang=en").text


def test_national_search_finds_what_cities_made_public_only(national, two_cities, member_of):
    sceaux, bourg = two_cities
    lea = member_of(sceaux, email="lea@example.org", bio="Jardinière passionnée",
                    visibility="public")
    anne = member_of(bourg, email="anne@example.org")
    a_publication(sceaux, lea, "Jardin partagé des Blagis")
    a_publication(bourg, anne, "Jardin de la gare")
    a_publication(bourg, anne, "Jardin brouillon", publish=False)
    with tenant_scope(bourg):
        organisation = Organisation(name="Les jardiniers de Bourg", slug="jardiniers",
                                    kind="association", description="Jardins partagés")
        db.session.add(organisation)
        db.session.flush()
        organisation_document(organisation)
        db.session.commit()
    page = national.get("/search?q=jardin").text
    # Titles come marked: <mark>Jardin</mark> partagé...
    assert "partagé des Blagis" in page and "de la gare" in page
    assert "jardiniers</mark> de Bourg" in page
    assert "brouillon" not in page and "Lea" not in page  # drafts and members never
    assert "http://bourg-la-reine.upcampus.test/projects/" in page
    assert national.get("/search?q=%00").status_code == 200
    db.session.get(Tenant, bourg.id).status = "suspended"
    db.session.get(Tenant, bourg.id).status_message = {"fr": "Fermé"}
    db.session.commit()
    page = national.get("/search?q=jardin").text
    assert "de la gare" not in page and "partagé des Blagis" in page


def test_the_directory_shows_city_logos_from_the_base_domain(national, client_for, sceaux):
    from tests.factories import LOGO

    row = db.session.get(Tenant, sceaux.id)
    row.logo, row.logo_type, row.logo_hash = LOGO, "image/svg+xml", "a" * 64
    db.session.commit()
    assert '/cities/sceaux/logo?v=aaaaaaaaaaaa' in national.get("/").text
    logo = national.get("/cities/sceaux/logo")
    assert logo.status_code == 200 and logo.data == LOGO and logo.mimetype == "image/svg+xml"
    assert "default-src 'none'" in logo.headers["Content-Security-Policy"]
    assert national.get("/cities/bourg-la-reine/logo").status_code == 404  # none
    assert national.get("/cities/atlantis/logo").status_code == 404
    assert client_for(sceaux).get("/cities/sceaux/logo").status_code == 404
