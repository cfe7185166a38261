"""Every route, called on one city's host with the identifiers of the other city's rows,
by a visitor and by that city's administrator (who is also a plain member of the other
city): nothing of the other city is shown, and nothing of it changes.

A new route with URL arguments must say here which value of the other city to try; the
sweep fails on a route it does not know how to call, so none is forgotten."""

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, log_in
from tests.factories import make_member
from upcampus.accounts.models import DataExport, Membership
from upcampus.api.models import ApiToken
from upcampus.conversations.models import Conversation, Message
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event, EventOutcome, EventSpeaker, Registration, Speaker
from upcampus.facilitation.models import Accompaniment, Milestone, Note, Partner, Track
from upcampus.matching.models import Invitation
from upcampus.moderation.models import Case, Report
from upcampus.notifications.models import Notification
from upcampus.organisations.models import (
    Organisation,
    OrganisationJoinRequest,
    OrganisationMember,
)
from upcampus.pages.models import LegalText
from upcampus.projects.models import (
    Comment,
    HelpOffer,
    Holder,
    Need,
    Publication,
    PublicationImage,
)
from upcampus.search.operations import index_document
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.scoping import SharedOrLocal, TenantOwned

SECRET = "SECRET-OF-BOURG"


@pytest.fixture
def bourg_world(two_cities):
    """Rows of Bourg-la-Reine, each carrying the secret marker where it has text."""
    sceaux, bourg = two_cities
    admin = make_member(sceaux, "admin", email="admin@sceaux.test.org")
    make_member(bourg, "member", account=admin.account)  # a plain member over there
    holder = make_member(bourg, "admin", email="holder@bourg.test.org", visibility="public",
                         bio=SECRET, offers=SECRET, neighbourhood=SECRET)
    asker = make_member(bourg, email="asker@bourg.test.org", visibility="public", bio=SECRET)
    with tenant_scope(bourg):
        organisation = Organisation(name=SECRET, slug="secret", kind="association",
                                    description=SECRET, offers=["advice"])
        organisation.members.append(OrganisationMember(membership_id=holder.id, role="admin"))
        db.session.add(organisation)
        local_theme = Theme(code="local-secret", label_fr=SECRET, label_en=SECRET)
        db.session.add(local_theme)
        db.session.flush()
        join_request = OrganisationJoinRequest(organisation_id=organisation.id,
                                               membership_id=asker.id, message=SECRET)
        db.session.add(join_request)
        publication = Publication(kind="project", title=SECRET, slug="secret",
                                  description=SECRET, status="published", stage="idea",
                                  author_id=holder.id, published_at=utcnow())
        publication.holders.append(Holder(membership_id=holder.id))
        need = Need(kind="resource", resource="premises", text=SECRET)
        publication.needs.append(need)
        publication.images.append(PublicationImage(data=b"img", digest="d", alt=SECRET))
        db.session.add(publication)
        db.session.flush()
        offer = HelpOffer(need_id=need.id, membership_id=asker.id, message=SECRET)
        comment = Comment(publication_id=publication.id, membership_id=asker.id, body=SECRET)
        invitation = Invitation(need_id=need.id, membership_id=asker.id)
        db.session.add_all([offer, comment, invitation])
        index_document("publication", publication.id, title=SECRET, body=SECRET,
                       url="/projects/secret")
        api_token = ApiToken(account_id=admin.account_id, name=SECRET, scope="write",
                             prefix="upc_secret", secret_hash="0" * 64)
        db.session.add(api_token)
        partner = Partner(organisation_id=organisation.id, brings=["advice"],
                          contact_name=SECRET)
        db.session.add(partner)
        db.session.add_all([Track(publication_id=publication.id, step="accompanied",
                                  interest=SECRET, local_need=SECRET, aside_reason=SECRET,
                                  referent_id=holder.id),
                            Note(publication_id=publication.id, body=SECRET)])
        db.session.flush()
        accompaniment = Accompaniment(publication_id=publication.id, partner_id=partner.id,
                                      kind="advice", brief=SECRET, status="active",
                                      started_on=utcnow().date())
        accompaniment.milestones.append(Milestone(happened_on=utcnow().date(), text=SECRET))
        db.session.add(accompaniment)
        event = Event(title=SECRET, slug="secret", kind="conference", description=SECRET,
                      place_name=SECRET, starts_at=utcnow() + timedelta(days=3),
                      ends_at=utcnow() + timedelta(days=3, hours=2), capacity=10,
                      seats_taken=1, author_id=holder.id)
        db.session.add(event)
        db.session.flush()
        registration = Registration(event_id=event.id, membership_id=asker.id,
                                    state="confirmed")
        speaker = Speaker(name=SECRET, bio={"fr": SECRET}, topics=[])
        db.session.add_all([registration, speaker])
        db.session.flush()
        db.session.add_all([EventSpeaker(event_id=event.id, speaker_id=speaker.id),
                            EventOutcome(event_id=event.id, kind="met",
                                         organisation_id=organisation.id)])
        notification = Notification(membership_id=asker.id, kind="comment", verb="comment",
                                    title=SECRET, url="/projects/secret")
        db.session.add(notification)
        case = Case(kind="comment", target_id=comment.id, author_id=asker.id,
                    snapshot={"text": SECRET}, reports_count=1, state="hidden",
                    reason=SECRET, appeal_state="pending", appeal_note=SECRET)
        case.reports.append(Report(reporter_id=holder.id, reason="abuse", note=SECRET))
        db.session.add(case)
        conversation = Conversation(context="offer", context_id=offer.id,
                                    pair_key=f"offer:{offer.id}:{holder.id}",
                                    member_id=asker.id, other_id=holder.id, subject=SECRET)
        db.session.add(conversation)
        db.session.flush()
        message = Message(conversation_id=conversation.id, author_id=asker.id, body=SECRET)
        db.session.add(message)
        export = DataExport(account_id=holder.account_id, status="ready",
                            archive=SECRET.encode(), expires_at=utcnow() + timedelta(days=7))
        db.session.add(export)
        db.session.add(LegalText(slug="confidentialite", locale="fr", body=SECRET))
        db.session.commit()
        values = {
            "slug": ["secret-de-bourg", "confidentialite"], "code": "en",
            "filename": "css/main.css", "theme": "up",
            "token": "x", "membership_id": str(holder.id), "org_id": str(organisation.id),
            "request_id": str(join_request.id),
            "member_id": str(organisation.members[0].id),
            "answer": ["accept", "uphold", "overturn"],
            "action": ["suspend", "feature", "support", "edit", "show", "cancel", "register",
                       "unregister", "retire", "reinstate", "highlight", "hide", "restore"],
            "choice": ["accept", "help", "decline"], "partner_id": str(partner.id),
            "accompaniment_id": str(accompaniment.id),
            "event_id": str(event.id), "registration_id": str(registration.id),
            "kind": ["theme", "skill", "comment", "publication", "organisation", "profile",
                     "event", "message"],
            "entry_id": str(local_theme.id), "case_id": str(case.id),
            "target_id": [str(comment.id), str(message.id)], "export_id": str(export.id),
            "speaker_id": str(speaker.id),
            "pub_id": str(publication.id), "need_id": str(need.id),
            "offer_id": str(offer.id), "comment_id": str(comment.id),
            "image_id": str(publication.images[0].id), "token_id": str(api_token.id),
            "dataset": ["projects", "organisations", "events"], "fmt": ["csv", "json"],
            "step": ["image", "needs", "preview"],
            # The national site and replication: Bourg's (unshared) project from Sceaux.
            "city_slug": "bourg-la-reine", "news_id": "1", "lang": ["fr", "en"],
            "invitation_id": str(invitation.id), "notification_id": str(notification.id),
            "conversation_id": str(conversation.id),
            "context": ["member", "offer", "accompaniment", "organisation"],
            "about_id": [str(asker.id), str(offer.id), str(accompaniment.id),
                         str(organisation.id)],
        }
    return sceaux, bourg, admin, values


def urls(app, values):
    """Every rule with the other city's values; a list gives choices for `any()` rules."""
    adapter = app.url_map.bind("x")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"{rule.rule}: add a value for {unknown} to bourg_world"
        names = sorted(rule.arguments)
        options = [values[name] if isinstance(values[name], list) else [values[name]]
                   for name in names]
        built = set()
        for combination in itertools.product(*options):
            try:
                built.add(adapter.build(rule.endpoint, dict(zip(names, combination, strict=True)),
                                        append_unknown=False))
            except ValueError:
                continue  # a value this rule's converter does not take
        assert built, rule.rule
        for url in sorted(built):
            yield rule, url


def bourg_fingerprint(bourg) -> list:
    """Every row Bourg-la-Reine owns, as plain values."""
    rows = []
    owned = [m.class_ for m in db.Model.registry.mappers
             if issubclass(m.class_, TenantOwned | SharedOrLocal)]
    with across_tenants():
        for model in sorted(owned, key=lambda m: m.__name__):
            for row in db.session.scalars(select(model).where(model.tenant_id == bourg.id)):
                rows.append((model.__name__, sorted(
                    (c.key, repr(getattr(row, c.key))) for c in model.__mapper__.column_attrs)))
    db.session.rollback()
    return rows


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "admin"])
def test_no_route_of_a_city_shows_another_citys_rows(app, client_for, bourg_world, logged_in):
    sceaux, bourg, admin, values = bourg_world
    client = client_for(sceaux)
    if logged_in:
        log_in(client, admin.account.email)
    assert SECRET in client_for(bourg).get(f"/members/{values['membership_id']}").text
    assert SECRET in client_for(bourg).get(f"/search?q={SECRET}").text
    tried = 0
    for rule, url in urls(app, values):
        if "GET" not in rule.methods:
            continue
        response = client.get(url, headers={"Accept-Language": "fr"},
                              query_string={"q": "secret bourg"})
        body = response.get_data(as_text=True)
        response.close()
        tried += 1
        assert response.status_code < 500, url
        assert SECRET not in body, url
    assert tried > 20


def test_no_write_reaches_another_city(app, client_for, bourg_world):
    sceaux, bourg, admin, values = bourg_world
    client = client_for(sceaux)
    log_in(client, admin.account.email)
    token = csrf_from(client.get("/account").text)
    before = bourg_fingerprint(bourg)
    data = {"csrf_token": token, "role": "admin", "name": "hijacked", "kind": "business",
            "message": "hijacked", "display_name": "hijacked", "label_fr": "hijacked",
            "bio": "hijacked", "visibility": "public", "body": "hijacked", "state": "filled",
            "text": "hijacked", "title": "hijacked title", "stage": "idea",
            "resource": "funding", "publish": "1", "step": "realised", "expected": "accompanied",
            "reason": "hijacked", "referent_id": "1", "answer": "hijacked",
            "happened_on": "2030-01-01", "status": "done", "outcome": "hijacked",
            "partner_id": "1", "brief": "hijacked", "organisation_id": "1",
            "brings": "funding"}
    posted = 0
    for rule, url in urls(app, values):
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            response = client.open(url, method=method, data=data)
            response.close()
            posted += 1
            assert response.status_code < 500, (method, url)
    assert posted > 10
    assert bourg_fingerprint(bourg) == before
    with tenant_scope(bourg):
        assert db.session.scalars(select(Membership.role).where(
            Membership.id == int(values["membership_id"]))).one() == "admin"


def test_no_api_write_reaches_another_city(app, client_for, bourg_world):
    """Every write of /api/v1/, with a write token of Sceaux held by a member of both
    cities, on Bourg's ids: nothing found there, nothing of Bourg changes."""
    from upcampus.api.operations import create_token

    sceaux, bourg, admin, values = bourg_world
    with tenant_scope(sceaux):
        _token, secret = create_token(admin.account, "sweep", "write")
    client = client_for(sceaux)
    before = bourg_fingerprint(bourg)
    body = {"title": "hijacked title", "name": "hijacked", "body": "hijacked",
            "message": "hijacked", "description": "hijacked"}
    tried = 0
    for rule, url in urls(app, values):
        if not rule.endpoint.startswith("api."):
            continue
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            response = client.open(url, method=method, json=body,
                                   headers={"Authorization": f"Bearer {secret}"})
            response.close()
            tried += 1
            assert response.status_code < 500, (method, url)
            if rule.arguments - {"answer", "action"}:  # names a row: Bourg's
                assert response.status_code in (404, 422), (method, url, response.text)
    assert tried >= 10
    assert bourg_fingerprint(bourg) == before
