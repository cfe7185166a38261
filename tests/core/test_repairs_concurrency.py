"""The same action sent several times at once counts once, and answers no 500 (issue 8).
Threads send real requests at the same moment: PostgreSQL's row locks and SQLite's write
lock (taken by serialise_on) are what is tested."""


import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, log_in, post_form
from tests.factories import make_member
from tests.threads import all_at_once
from upcampus.core.db import db
from upcampus.notifications.models import Email
from upcampus.projects.models import (
    Comment,
    Follow,
    HelpOffer,
    Need,
    ProjectUpdate,
    Publication,
    Support,
)
from upcampus.taxonomy.models import Skill
from upcampus.tenancy.context import across_tenants, tenant_scope

CLICKS = 8


def at_once(clients, path: str, data: dict, page: str) -> list[int]:
    """Every client sends the same form at the same moment; their status codes."""
    tokens = [csrf_from(client.get(page).text) for client in clients]
    return all_at_once([
        lambda c=client, t=token: c.post(path, data={"csrf_token": t, **data}).status_code
        for client, token in zip(clients, tokens, strict=True)])


def count(city, model, *where) -> int:
    with tenant_scope(city):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def project(client_for, sceaux):
    """A published project of Léa's, with one open need."""
    make_member(sceaux, email="lea@example.org")
    holder = client_for(sceaux)
    log_in(holder, "lea@example.org")
    post_form(holder, "/projects/new", {"kind": "project", "title": "Un jardin partagé",
                                        "stage": "idea", "publish": "1"})
    with tenant_scope(sceaux):
        publication = db.session.scalars(select(Publication)).one()
        pub_id, page = publication.id, f"/projects/{publication.id}-{publication.slug}"
    skill = db.session.scalar(select(Skill.id).where(Skill.code == "gardening"))
    post_form(holder, f"/projects/{pub_id}/needs", {"kind": "skill", "skill_id": skill},
              page=page)
    return holder, pub_id, page


def sessions_of(client_for, city, email, n=CLICKS):
    """One person, signed in on n devices (one click each)."""
    clients = [client_for(city) for _ in range(n)]
    for client in clients:
        log_in(client, email)
    return clients


def test_one_member_supporting_and_following_at_once_counts_once(project,
                                                                 client_for, sceaux):
    _, pub_id, page = project
    make_member(sceaux, email="paul@example.org")
    clients = sessions_of(client_for, sceaux, "paul@example.org")
    assert at_once(clients, f"/projects/{pub_id}/support", {}, page) == [302] * CLICKS
    assert at_once(clients, f"/projects/{pub_id}/follow", {}, page) == [302] * CLICKS
    assert count(sceaux, Support) == 1 and count(sceaux, Follow) == 1
    with tenant_scope(sceaux):
        assert db.session.get(Publication, pub_id).supports_count == 1
    assert at_once(clients, f"/projects/{pub_id}/unsupport", {}, page) == [302] * CLICKS
    with tenant_scope(sceaux):
        assert db.session.get(Publication, pub_id).supports_count == 0


def test_many_members_supporting_at_once_all_count(project, client_for,
                                                   sceaux):
    _, pub_id, page = project
    clients = []
    for i in range(CLICKS):
        make_member(sceaux, email=f"voisin{i}@example.org")
        clients += sessions_of(client_for, sceaux, f"voisin{i}@example.org", 1)
    assert at_once(clients, f"/projects/{pub_id}/support", {}, page) == [302] * CLICKS
    with tenant_scope(sceaux):
        assert db.session.get(Publication, pub_id).supports_count == CLICKS
    assert count(sceaux, Support) == CLICKS


def test_the_same_comment_publication_and_offer_at_once_are_one(project,
                                                                client_for, sceaux):
    _, pub_id, page = project
    make_member(sceaux, email="paul@example.org")
    clients = sessions_of(client_for, sceaux, "paul@example.org")
    statuses = at_once(clients, f"/projects/{pub_id}/comments", {"body": "Bravo !"}, page)
    assert 500 not in statuses and count(sceaux, Comment) == 1
    with tenant_scope(sceaux):
        need_id = db.session.scalar(select(Need.id))
    statuses = at_once(clients, f"/projects/{pub_id}/needs/{need_id}/help",
                       {"message": "Je jardine"}, page)
    assert 500 not in statuses and count(sceaux, HelpOffer) == 1
    statuses = at_once(clients, "/projects/new", {
        "kind": "idea", "title": "Une grainothèque", "stage": "idea", "publish": "1"},
        "/projects/new")
    assert 500 not in statuses
    assert count(sceaux, Publication, Publication.title == "Une grainothèque") == 1


def test_the_same_news_at_once_is_posted_and_told_once(project, client_for,
                                                       sceaux):
    holder, pub_id, page = project
    make_member(sceaux, email="paul@example.org")
    follower = client_for(sceaux)
    log_in(follower, "paul@example.org")
    post_form(follower, f"/projects/{pub_id}/follow", {}, page=page)
    clients = [holder] + sessions_of(client_for, sceaux, "lea@example.org", CLICKS - 1)
    statuses = at_once(clients, f"/projects/{pub_id}/updates",
                       {"body": "Les plantations commencent samedi."}, page)
    assert 500 not in statuses and count(sceaux, ProjectUpdate) == 1
    with across_tenants():
        sent = db.session.scalar(select(func.count()).select_from(Email).where(
            Email.to_address == "paul@example.org"))
    assert sent == 1
