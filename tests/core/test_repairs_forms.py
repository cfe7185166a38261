"""Every edit form, opened and sent back unchanged, leaves its object unchanged: a form
that does not show what it saves loses data (issue 8)."""

import pytest
from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from tests.forms_as_shown import form_on, submit_as_shown, values_of
from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.facilitation.models import Partner
from upcampus.moderation.models import ModerationSettings
from upcampus.notifications.kinds import KINDS
from upcampus.notifications.notify import cadences_of
from upcampus.organisations.models import Organisation
from upcampus.pages.models import LegalText
from upcampus.projects.models import Need, Publication
from upcampus.taxonomy.models import Skill, Theme
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant


def ids(model, *codes):
    return [db.session.scalar(select(model.id).where(model.code == code)) for code in codes]


@pytest.fixture
def holder(client_for, sceaux):
    """Léa, with a profile full of skills and interests, an organisation and a project."""
    member = make_member(sceaux, role="admin", email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    skills, themes = ids(Skill, "gardening", "accounting", "elderly-visits"), ids(
        Theme, "ecology", "solidarity")
    assert None not in skills + themes
    post_form(client, "/account/profile", {
        "bio": "Jardinière", "neighbourhood": "Les Blagis", "offers": "Un local",
        "visibility": "members", "skills": skills, "themes": themes, "suggestable": "y"},
        page="/account")
    post_form(client, "/organisations/new", {
        "name": "Les Voisins", "kind": "association", "description": "**Visites**",
        "website": "https://voisins.example.org", "neighbourhood": "Centre",
        "offers": ["skills", "network"], "offer_details": "Le mardi",
        "skills": skills[:2], "themes": themes})
    with tenant_scope(sceaux):
        org_id = db.session.scalar(select(Organisation.id))
    post_form(client, "/projects/new", {
        "kind": "project", "title": "Un jardin partagé", "description": "Des *planches*",
        "stage": "in_progress", "neighbourhood": "Les Blagis", "address": "Rue des Blagis",
        "themes": themes, "organisations": [org_id], "publish": "1"})
    with tenant_scope(sceaux):
        pub_id = db.session.scalar(select(Publication.id))
    post_form(client, f"/projects/{pub_id}/needs", {
        "kind": "skill", "skill_id": skills[0], "text": "Des bras"},
        page=f"/projects/{pub_id}-un-jardin-partage")
    return member, client, pub_id, org_id


def publication_state(city, pub_id):
    with tenant_scope(city):
        p = db.session.get(Publication, pub_id)
        return (p.title, p.kind, p.stage, p.description, p.neighbourhood, p.address, p.status,
                sorted(t.id for t in p.themes),
                sorted((h.membership_id or 0, h.organisation_id or 0) for h in p.holders),
                [(n.state, n.text) for n in db.session.scalars(select(Need))])


def profile_state(city, membership_id):
    with tenant_scope(city):
        m = db.session.get(Membership, membership_id)
        account = db.session.get(Account, m.account_id)
        return (m.bio, m.neighbourhood, m.offers, m.visibility, m.role,
                sorted(s.id for s in m.skills), sorted(t.id for t in m.themes),
                account.display_name, account.locale, m.suggestable)


def organisation_state(city, org_id):
    with tenant_scope(city):
        o = db.session.get(Organisation, org_id)
        return (o.name, o.kind, o.description, o.website, o.neighbourhood, sorted(o.offers),
                o.offer_details, sorted(s.id for s in o.skills), sorted(t.id for t in o.themes),
                sorted((m.membership_id, m.role) for m in o.members))


def partner_state(city):
    with tenant_scope(city):
        p = db.session.scalars(select(Partner)).one()
        return (p.organisation_id, sorted(p.brings), p.contact_name, p.contact_email,
                p.contact_phone)


def tenant_state(city):
    tenant = db.session.get(Tenant, city.id)
    db.session.refresh(tenant)
    return tenant.branding, tenant.logo_hash, tenant.terms


DEFAULT_CADENCES = {kind: default for kind, (_label, default) in KINDS.items()}


def cadences(city, membership_id):
    with tenant_scope(city):
        found = cadences_of(membership_id)
        db.session.rollback()
        return found


def test_the_test_sees_a_lost_theme(holder, sceaux):
    """The check below is worth something: a form sent with a box unticked changes the
    publication, and the state function sees it."""
    _, client, pub_id, _ = holder
    before = publication_state(sceaux, pub_id)
    post_form(client, f"/projects/{pub_id}/edit", {
        "kind": "project", "title": "Un jardin partagé", "description": "Des *planches*",
        "stage": "in_progress", "neighbourhood": "Les Blagis", "address": "Rue des Blagis",
        "save": "1"})
    assert publication_state(sceaux, pub_id) != before


def moderation_state(city):
    with tenant_scope(city):
        row = db.session.scalars(select(ModerationSettings)).one()
        return row.hide_after, list(row.watch_words)


def legal_state(city):
    with tenant_scope(city):
        return [(t.slug, t.locale, t.body) for t in db.session.scalars(select(LegalText))]


def test_every_edit_form_sent_unchanged_changes_nothing(holder, sceaux, member_of):
    member, client, pub_id, org_id = holder
    other = member_of(sceaux, role="facilitator")
    post_form(client, "/admin/words", {"fr-0": "Scéens", "en-0": "People of Sceaux"})
    post_form(client, "/moderation/settings", {"hide_after": "5",
                                               "watch_words": "arnaque\ncasino"})
    post_form(client, "/facilitation/partners/new", {
        "organisation_id": str(org_id), "brings": ["advice", "premises"],
        "contact_name": "Jeanne", "contact_email": "jeanne@example.org",
        "contact_phone": "01 02 03 04 05"})
    with tenant_scope(sceaux):
        need_id = db.session.scalar(select(Need.id))
        partner_id = db.session.scalar(select(Partner.id))
    post_form(client, "/account/notifications", {**DEFAULT_CADENCES, "comment": "daily"})
    post_form(client, "/pages/confidentialite/wording/fr", {"body": "# Nos *données*\n\nPeu."})
    before = (publication_state(sceaux, pub_id), profile_state(sceaux, member.id),
              profile_state(sceaux, other.id), organisation_state(sceaux, org_id),
              tenant_state(sceaux), partner_state(sceaux), cadences(sceaux, member.id),
              moderation_state(sceaux), legal_state(sceaux))
    assert before[8] == [("confidentialite", "fr", "# Nos *données*\n\nPeu.")]
    assert before[6]["comment"] == "daily"
    assert before[7] == (5, ["arnaque", "casino"])
    assert len(before[0][7]) == 2 and len(before[1][5]) == 3 and len(before[3][7]) == 2
    assert before[1][9] is True  # consent to be suggested: the box must come back ticked

    sent = [
        submit_as_shown(client, f"/projects/{pub_id}/edit", button="save"),
        submit_as_shown(client, f"/projects/{pub_id}-un-jardin-partage",
                        f"/projects/{pub_id}/needs/{need_id}/state"),
        submit_as_shown(client, "/account", "/account/profile"),
        submit_as_shown(client, "/account", "/account/settings"),
        submit_as_shown(client, f"/organisations/{org_id}/edit"),
        submit_as_shown(client, "/admin/branding"),
        submit_as_shown(client, "/admin/words"),
        submit_as_shown(client, "/admin/members", f"/admin/members/{other.id}/role"),
        submit_as_shown(client, f"/facilitation/partners/{partner_id}/edit"),
        submit_as_shown(client, "/account/notifications"),
        submit_as_shown(client, "/moderation/settings"),
        submit_as_shown(client, "/pages/confidentialite/wording/fr"),
    ]
    assert [r.status_code for r in sent] == [302] * len(sent), [
        r.text[:300] for r in sent if r.status_code != 302]
    after = (publication_state(sceaux, pub_id), profile_state(sceaux, member.id),
             profile_state(sceaux, other.id), organisation_state(sceaux, org_id),
             tenant_state(sceaux), partner_state(sceaux), cadences(sceaux, member.id),
             moderation_state(sceaux), legal_state(sceaux))
    assert after == before


def test_saving_a_project_with_a_new_theme_keeps_it(holder, sceaux):
    """It answered 500 (a new theme link had no theme yet for the search document)."""
    _, client, pub_id, _ = holder
    culture = ids(Theme, "culture")[0]
    response = post_form(client, f"/projects/{pub_id}/edit", {
        "kind": "project", "title": "Un jardin partagé", "stage": "in_progress",
        "themes": [culture], "save": "1"})
    assert response.status_code == 302
    assert publication_state(sceaux, pub_id)[7] == [culture]


def test_changing_only_the_neighbourhood_keeps_skills_and_interests(holder, sceaux):
    member, client, _, _ = holder
    skills, themes = profile_state(sceaux, member.id)[5:7]
    html = client.get("/account").text
    pairs = [(k, "Robinson" if k == "neighbourhood" else v)
             for k, v in values_of(form_on(html, "/account/profile", "/account"))]
    data: dict = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    assert client.post("/account/profile", data=data).status_code == 302
    state = profile_state(sceaux, member.id)
    assert state[1] == "Robinson" and state[5:7] == (skills, themes)


def event_state(city, event_id):
    from upcampus.events.models import Event

    with tenant_scope(city):
        e = db.session.get(Event, event_id)
        return (e.title, e.kind, e.description, e.starts_at, e.ends_at, e.place_name,
                e.address, e.online_url, e.accessibility, e.capacity,
                e.registration_opens_at, e.registration_closes_at, e.status,
                sorted(t.id for t in e.themes), sorted(o.id for o in e.organisations),
                sorted(p.id for p in e.projects), sorted(s.id for s in e.speakers),
                e.open_to_all)


def test_the_event_form_sent_unchanged_changes_nothing(holder, sceaux):
    from tests.events.helpers import event_fields, local
    from upcampus.events.models import Event

    _, client, pub_id, org_id = holder  # Léa is the city's admin
    post_form(client, "/speakers/new", {"name": "Jeanne Dupuis", "topics": ["ecology"]})
    from upcampus.events.models import Speaker

    with tenant_scope(sceaux):
        speaker_id = db.session.scalar(select(Speaker.id))
    response = post_form(client, "/events/new", event_fields(
        online_url="https://visio.example.org/x", registration_opens_at=local(1, 9),
        registration_closes_at=local(9, 12), themes=ids(Theme, "ecology", "culture"),
        organisations=[org_id], projects=[pub_id], speakers=[speaker_id], open_to_all="y"))
    assert response.status_code == 302
    with tenant_scope(sceaux):
        event_id = db.session.scalar(select(Event.id))
    before = event_state(sceaux, event_id)
    assert len(before[13]) == 2 and before[14] == [org_id] and before[15] == [pub_id]
    assert before[16:] == ([speaker_id], True)
    assert submit_as_shown(client, f"/events/{event_id}/edit").status_code == 302
    assert event_state(sceaux, event_id) == before


def test_speaker_national_event_and_outcome_forms_sent_unchanged_change_nothing(
        holder, sceaux, national):
    from datetime import timedelta

    from tests.events.helpers import event_fields, local
    from tests.factories import make_account
    from upcampus.core.db import utcnow
    from upcampus.events.models import Event, NationalEvent, Speaker

    _, client, pub_id, org_id = holder
    post_form(client, "/speakers/new", {"name": "Jeanne Dupuis", "bio_fr": "Cheffe",
                                        "bio_en": "Chef", "topics": ["ecology", "culture"]})
    post_form(client, "/events/new", event_fields(organisations=[org_id]))
    make_account("platform@example.org", is_platform_admin=True)
    log_in(national, "platform@example.org")
    post_form(national, "/national-events/new", {
        "title_fr": "UP Conf'", "title_en": "UP Conf!", "description_fr": "En *juin*",
        "kind": "visit", "starts_at": local(30, 9), "ends_at": local(31, 18),
        "place_name": "Paris", "address": "1 rue X", "online_url": "https://up.example.org"})
    with tenant_scope(sceaux):
        speaker_id = db.session.scalar(select(Speaker.id))
        event = db.session.scalar(select(Event))
        event.starts_at = utcnow() - timedelta(days=1, hours=2)
        event.ends_at = utcnow() - timedelta(days=1)
        db.session.commit()
        event_id = event.id
    post_form(client, f"/events/{event_id}/outcomes", {
        "attendance": "40", "born": [pub_id], "met": [org_id]})
    national_id = db.session.scalar(select(NationalEvent.id))

    def state():
        db.session.expire_all()
        with tenant_scope(sceaux):
            s = db.session.get(Speaker, speaker_id)
            e = db.session.get(Event, event_id)
            local_rows = ((s.name, s.bio, s.topics), e.attendance,
                          sorted((o.kind, o.publication_id, o.organisation_id)
                                 for o in e.outcomes))
        n = db.session.get(NationalEvent, national_id)
        return local_rows, (n.title, n.description, n.kind, n.starts_at, n.ends_at,
                            n.place_name, n.address, n.online_url)

    before = state()
    assert before[0][1] == 40 and len(before[0][2]) == 2 and before[1][2] == "visit"
    sent = [submit_as_shown(client, f"/speakers/{speaker_id}/edit"),
            submit_as_shown(client, f"/events/{event_id}/outcomes"),
            submit_as_shown(national, f"/national-events/{national_id}/edit")]
    assert [r.status_code for r in sent] == [302] * len(sent), [
        r.text[:300] for r in sent if r.status_code != 302]
    assert state() == before


def test_national_forms_sent_unchanged_change_nothing(holder, sceaux, national):
    """Sharing a project, a national news item, a shared page: opened and sent back."""
    from tests.factories import make_account
    from upcampus.national.models import NationalNews, NationalPage

    _, client, pub_id, _ = holder
    page = f"/projects/{pub_id}-un-jardin-partage"
    post_form(client, f"/projects/{pub_id}/share",
              {"shared": "y", "lessons": "Commencer *petit*"}, page=page)
    make_account("platform@example.org", is_platform_admin=True)
    log_in(national, "platform@example.org")
    post_form(national, "/news/new", {"title_fr": "Festival", "title_en": "Festival!",
                                      "body_fr": "En *juin*", "published": "y", "pushed": "y"})
    news_id = db.session.scalar(select(NationalNews.id))
    post_form(national, "/pages/charte/edit/en", {"title": "Charter", "body": "Be *kind*"})

    def state():
        with tenant_scope(sceaux):
            p = db.session.get(Publication, pub_id)
            shared = (p.shared_nationally, p.lessons)
        db.session.expire_all()
        news = db.session.get(NationalNews, news_id)
        pages = [(r.slug, r.locale, r.title, r.body)
                 for r in db.session.scalars(select(NationalPage))]
        return shared, news.title, news.body, news.published_at, news.pushed, pages

    before = state()
    assert before[0] == (True, "Commencer *petit*") and before[4] is True
    sent = [submit_as_shown(client, page, f"/projects/{pub_id}/share"),
            submit_as_shown(national, f"/news/{news_id}/edit"),
            submit_as_shown(national, "/pages/charte/edit/en")]
    assert [r.status_code for r in sent] == [302] * len(sent), [
        r.text[:300] for r in sent if r.status_code != 302]
    assert state() == before
