"""Suggestions for a need, and needs for a member: scoring, reasons, consent, isolation
(on both databases)."""

from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.matching.helpers import accounting_city, person, skill_id
from upcampus.core.db import db
from upcampus.matching.operations import needs_for, suggestions
from upcampus.projects.models import Need
from upcampus.taxonomy.models import Skill
from upcampus.tenancy.context import tenant_scope


def suggested(city, need_id):
    with tenant_scope(city):
        need = db.session.get(Need, need_id)
        return [(m.kind, m.id) for m in suggestions(need, limit=10)]


def test_every_shared_skill_has_keywords_in_both_languages(app_context):
    skills = db.session.scalars(select(Skill).where(Skill.tenant_id.is_(None))).all()
    assert len(skills) >= 62
    assert all(s.keywords.get("fr") and s.keywords.get("en") for s in skills), [
        s.code for s in skills if not (s.keywords.get("fr") and s.keywords.get("en"))]


def test_the_skill_and_the_words_find_people_best_first(sceaux, bourg):
    ids = accounting_city(sceaux)
    found = suggested(sceaux, ids["need"])
    assert found[0] == ("member", ids["accountant"])  # the exact skill, the same place
    assert ("member", ids["treasurer"]) in found  # no skill listed: "trésorier", "bilans"
    assert ("member", ids["gardener"]) not in found  # same neighbourhood is not enough
    assert ("member", ids["holder"]) not in found  # holders are not suggested to themselves


def test_a_resource_need_finds_the_organisation_that_offers_it(sceaux, bourg):
    ids = accounting_city(sceaux)
    assert suggested(sceaux, ids["funding_need"])[0] == ("organisation", ids["funder"])


def test_hidden_suspended_and_opted_out_members_are_never_suggested(sceaux, bourg):
    ids = accounting_city(sceaux)
    found = suggested(sceaux, ids["need"])
    for who in ("hidden", "suspended", "shy"):
        assert ("member", ids[who]) not in found


def test_nothing_of_another_city_is_suggested_or_counted(sceaux, bourg):
    ids = accounting_city(sceaux)
    before = suggested(sceaux, ids["need"])
    # Bourg fills up with accountants: Sceaux's suggestions and their order stay.
    for i in range(3):
        person(bourg, f"b{i}@example.org", f"Bourg {i}", skills=["accounting"],
               bio="comptable, trésorier, bilans, factures", neighbourhood="Les Blagis")
    assert suggested(sceaux, ids["need"]) == before
    others = accounting_city(bourg, prefix="b-")
    assert not {m for m in suggested(bourg, others["need"])} & set(before)


def test_the_holder_sees_suggestions_with_reasons_in_their_language(sceaux, bourg,
                                                                    client_for):
    accounting_city(bourg, prefix="b-")
    ids = accounting_city(sceaux)
    client = client_for(sceaux)
    log_in(client, "holder@example.org")
    page = client.get(ids["page"]).text
    assert "Ana Compta" in page and "comptabilité" in page and "Les Blagis" in page
    assert "Hidden Compta" not in page and "Shy Compta" not in page
    assert "b-Ana Compta" not in page
    client.set_cookie("upcampus_lang", "en", domain=client.host)
    english = client.get(ids["page"], headers={"Accept-Language": "en"}).text
    assert "accounting" in english
    visitor = client_for(sceaux).get(ids["page"]).text  # only holders see suggestions
    assert "Ana Compta" not in visitor


def test_consent_is_chosen_on_the_profile(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    client = client_for(sceaux)
    log_in(client, "ana@example.org")
    assert ("member", ids["accountant"]) in suggested(sceaux, ids["need"])
    response = post_form(client, "/account/profile", {
        "bio": "Expert-comptable", "neighbourhood": "Les Blagis", "visibility": "members",
        "skills": [skill_id("accounting")]}, page="/account")  # the box left unticked
    assert response.status_code == 302
    assert ("member", ids["accountant"]) not in suggested(sceaux, ids["need"])
    post_form(client, "/account/profile", {
        "bio": "Expert-comptable", "neighbourhood": "Les Blagis", "visibility": "members",
        "skills": [skill_id("accounting")], "suggestable": "y"}, page="/account")
    assert ("member", ids["accountant"]) in suggested(sceaux, ids["need"])


def test_projects_that_need_you_on_the_home_page_and_the_account(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    with tenant_scope(sceaux):
        from upcampus.accounts.models import Membership

        mine = needs_for(membership=db.session.get(Membership, ids["accountant"]))
        assert [m.id for m in mine] == [ids["need"]]
    client = client_for(sceaux)
    assert 'id="for-you-title"' not in client.get("/").text  # nobody signed in
    log_in(client, "ana@example.org")
    for page in ("/", "/account", "/matching"):
        html = client.get(page).text
        assert "Des projets ont besoin de vous" in html and "Le club des Blagis" in html, page
    other = client_for(bourg)
    theirs = accounting_city(bourg, prefix="b-")
    log_in(other, "b-ana@example.org")
    html = other.get("/matching").text
    assert f'href="{theirs["page"]}#needs"' in html and ids["page"] not in html


def test_an_organisation_sees_the_needs_that_fit_what_it_offers(sceaux, bourg, client_for):
    accounting_city(sceaux)
    client = client_for(sceaux)
    log_in(client, "gus@example.org")  # the funder's admin
    html = client.get("/matching").text
    section = html.split("Fondation Locale")[1]
    assert "Le club des Blagis" in section and "Financement" in section


def test_bad_input_gives_sensible_results(sceaux, bourg):
    ids = accounting_city(sceaux)
    empty = person(sceaux, "empty@example.org", "Empty")  # a profile with nothing in it
    with tenant_scope(sceaux):
        from upcampus.accounts.models import Membership

        assert needs_for(membership=db.session.get(Membership, empty)) == []
        need = Need(publication_id=ids["pub_id"], kind="skill", skill_id=None, text="")
        db.session.add(need)
        db.session.commit()
        assert suggestions(need) == []  # no text, no skill: nobody, no error
    assert ("member", empty) not in suggested(sceaux, ids["need"])


def test_the_switch_turns_matching_off(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    sceaux.features = {**sceaux.features, "matching": False}
    db.session.commit()
    client = client_for(sceaux)
    log_in(client, "holder@example.org")
    assert "Ana Compta" not in client.get(ids["page"]).text
    assert client.get("/matching").status_code == 404


def test_the_work_of_a_suggestion_does_not_grow_with_the_city(sceaux, bourg, count_queries):
    """Many members with the same skill: the same statements, five suggestions."""
    ids = accounting_city(sceaux)

    def statements():
        with tenant_scope(sceaux):
            db.session.expire_all()
            need = db.session.get(Need, ids["need"])
            with count_queries() as counter:
                found = suggestions(need)
            return counter.count, len(found)

    few = statements()
    for i in range(40):
        person(sceaux, f"c{i}@example.org", f"Compta {i}", skills=["accounting"])
    assert statements() == (few[0], 5)


def test_facilitators_see_the_best_placed_partners_of_featured_projects(sceaux, bourg,
                                                                       client_for):
    ids = accounting_city(sceaux)
    person(sceaux, "facil@example.org", "Facil", role="facilitator")
    client = client_for(sceaux)
    log_in(client, "facil@example.org")
    assert "Ana Compta" not in client.get(ids["page"]).text  # not qualified yet
    with tenant_scope(sceaux):
        from upcampus.projects.models import Publication

        db.session.get(Publication, ids["pub_id"]).featured = True
        db.session.commit()
    page = client.get(ids["page"]).text
    assert "Ana Compta" in page and "Fondation Locale" in page
    assert "/matching/needs/" not in page  # only holders invite


def test_facilitators_see_the_best_placed_partners_of_projects_the_city_qualified(
        sceaux, bourg, client_for):
    from upcampus.facilitation.models import Track

    ids = accounting_city(sceaux)
    person(sceaux, "facil@example.org", "Facil", role="facilitator")
    client = client_for(sceaux)
    log_in(client, "facil@example.org")
    with tenant_scope(sceaux):
        db.session.add(Track(publication_id=ids["pub_id"], step="spotted"))
        db.session.commit()
    assert "Ana Compta" not in client.get(ids["page"]).text  # spotted, not qualified
    for step in ("qualified", "accompanied"):
        with tenant_scope(sceaux):
            db.session.scalar(select(Track)).step = step
            db.session.commit()
        page = client.get(ids["page"]).text
        assert "Ana Compta" in page and "Fondation Locale" in page, step
        assert "/matching/needs/" not in page  # only holders invite


def test_giving_a_hand_is_not_offering_money():
    """"Je donne un coup de main" stems to "don": it must not read as funding."""
    from upcampus.matching.scoring import Lexicon, member_vector

    vector = member_vector(Lexicon([]), bio="Je donne volontiers un coup de main.",
                           offers="Je peux donner des cours de vélo.", skills=[], themes=[],
                           neighbourhood="")
    assert "r:funding" not in vector
    assert "r:funding" in member_vector(Lexicon([]), bio="", offers="Une subvention",
                                        skills=[], themes=[], neighbourhood="")


def test_the_words_of_a_reason_keep_their_accents(app_context):
    """A reason quotes the need as its holder wrote it: « prêt », not « pret »."""
    from types import SimpleNamespace

    from upcampus.matching.reasons import need_words
    from upcampus.search.engines import key

    need = SimpleNamespace(text="Un prêt d'honneur pour l'aménagement", publication=(
        SimpleNamespace(description="", title="Créer l'Épicerie", neighbourhood="")))
    words, _places = need_words(need)
    assert words[key("pret")] == "prêt"
    assert words[key("amenagement")] == "aménagement"
    assert words[key("epicerie")] == "épicerie"
