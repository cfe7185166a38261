"""In-app notifications: the places that email also notify; the bell counts unread ones in
one bounded query; the list paginates in a fixed number of queries; marking read is the
recipient's alone; nothing crosses cities; a deleted object still reads sensibly."""

from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from tests.conftest import log_in, outbox, post_form
from tests.factories import make_member
from upcampus.core.db import db, utcnow
from upcampus.notifications.models import Notification
from upcampus.notifications.notify import notify
from upcampus.projects.models import Comment, HelpOffer, Holder, Need, Publication
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.resolver import CityInfo


def publication_of(city, holder, title="Un jardin partagé"):
    with tenant_scope(city):
        publication = Publication(kind="project", title=title, slug="jardin",
                                  description="", status="published", stage="idea",
                                  author_id=holder.id, published_at=utcnow())
        publication.holders.append(Holder(membership_id=holder.id))
        publication.needs.append(Need(kind="resource", resource="equipment", text="Outils"))
        db.session.add(publication)
        db.session.commit()
        return publication.id, publication.slug, publication.needs[0].id


def notes_of(city, membership):
    with tenant_scope(city):
        rows = db.session.scalars(select(Notification).where(
            Notification.membership_id == membership.id).order_by(Notification.id)).all()
        return [(n.verb, n.title, n.read_at is not None, n.emailed_at is not None)
                for n in rows]


@pytest.fixture
def story(client_for, sceaux):
    holder = make_member(sceaux, email="lea@example.org")
    helper = make_member(sceaux, email="karim@example.org")
    pub_id, slug, need_id = publication_of(sceaux, holder)
    clients = {}
    for who in ("lea", "karim"):
        clients[who] = client_for(sceaux)
        log_in(clients[who], f"{who}@example.org")
    return holder, helper, pub_id, slug, need_id, clients


def test_help_offered_accepted_declined_comment_and_reply_notify(story, sceaux):
    holder, helper, pub_id, slug, need_id, clients = story
    page = f"/projects/{pub_id}-{slug}"
    post_form(clients["karim"], f"/projects/{pub_id}/needs/{need_id}/help",
              {"message": "J'ai des outils"}, page=page)
    assert notes_of(sceaux, holder) == [("help_offered", "Un jardin partagé", False, True)]
    # Help is "immediately" by default: the email went, with its one-click unsubscribe.
    [email] = [e for e in outbox(sceaux) if e.to_address == "lea@example.org"]
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.headers["List-Unsubscribe"].startswith(
        "<http://sceaux.upcampus.test/notifications/unsubscribe/")
    assert "/notifications/unsubscribe/" in email.body_text
    with tenant_scope(sceaux):
        offer_id = db.session.scalars(select(HelpOffer.id)).one()
    post_form(clients["lea"], f"/projects/{pub_id}/offers/{offer_id}/decline", {}, page=page)
    assert notes_of(sceaux, helper) == [("help_declined", "Un jardin partagé", False, True)]
    # Comments go to the weekly digest by default: in the app, no email yet.
    post_form(clients["karim"], f"/projects/{pub_id}/comments", {"body": "Bravo"}, page=page)
    assert notes_of(sceaux, holder)[-1] == ("comment", "Un jardin partagé", False, False)
    with tenant_scope(sceaux):
        comment_id = db.session.scalars(select(Comment.id)).one()
    post_form(clients["lea"], f"/projects/{pub_id}/comments",
              {"body": "Merci", "parent_id": comment_id}, page=page)
    assert notes_of(sceaux, helper)[-1] == ("reply", "Un jardin partagé", False, False)
    # Nobody hears of their own words.
    assert [n[0] for n in notes_of(sceaux, holder)] == ["help_offered", "comment"]


def test_the_bell_counts_and_the_list_marks_read(story, sceaux):
    holder, helper, pub_id, _slug, _need_id, clients = story
    city = CityInfo.load(sceaux.id)
    with tenant_scope(sceaux):
        for n in range(3):
            notify(city, holder.id, "comment", about=("publication", pub_id),
                   title=f"Projet {n}", url="/projects")
    home = clients["lea"].get("/").text
    assert 'class="bell"' in home and '<span class="badge">3' in home
    listed = clients["lea"].get("/notifications").text
    assert "Nouveau commentaire sur Projet 2" in listed
    with tenant_scope(sceaux):
        first = db.session.scalars(select(Notification.id).order_by(Notification.id)).first()
    # Someone else cannot mark it read.
    post_form(clients["karim"], f"/notifications/{first}/read", {}, page="/notifications")
    assert [n[2] for n in notes_of(sceaux, holder)] == [False, False, False]
    post_form(clients["lea"], f"/notifications/{first}/read", {}, page="/notifications")
    assert [n[2] for n in notes_of(sceaux, holder)] == [True, False, False]
    assert '<span class="badge">2' in clients["lea"].get("/").text
    # Without the CSRF token, nothing changes.
    clients["lea"].post("/notifications/read")
    assert [n[2] for n in notes_of(sceaux, holder)] == [True, False, False]
    post_form(clients["lea"], "/notifications/read", {}, page="/notifications")
    assert all(n[2] for n in notes_of(sceaux, holder))
    assert 'class="badge"' not in clients["lea"].get("/").text


def test_a_deleted_object_still_reads_sensibly(story, sceaux):
    holder, _helper, pub_id, _slug, _need_id, clients = story
    with tenant_scope(sceaux):
        notify(CityInfo.load(sceaux.id), holder.id, "featured",
               about=("publication", pub_id), title="Un jardin partagé",
               url=f"http://sceaux.upcampus.test/projects/{pub_id}-jardin")
        db.session.delete(db.session.get(Publication, pub_id))
        db.session.commit()
    listed = clients["lea"].get("/notifications")
    assert listed.status_code == 200
    assert "Un jardin partagé est mis en avant" in listed.text


def test_ten_thousand_notifications_fixed_queries(story, sceaux, count_queries):
    holder, _helper, _pub_id, _slug, _need_id, clients = story
    now = utcnow()
    with tenant_scope(sceaux):
        db.session.execute(insert(Notification), [
            {"tenant_id": sceaux.id, "membership_id": holder.id, "kind": "comment",
             "verb": "comment", "title": f"Projet {n}", "url": "", "created_at": now}
            for n in range(10_000)])
        db.session.commit()
    clients["lea"].get("/notifications")  # warm: the first request loads the city
    with count_queries() as counted:
        first = clients["lea"].get("/notifications")
    with count_queries() as later:
        last = clients["lea"].get("/notifications?page=300")
    assert first.status_code == last.status_code == 200
    assert "Projet 9999" in first.text and "Projet 0" in clients["lea"].get(
        "/notifications?page=334").text
    assert counted.count == later.count
    assert '<span class="badge">99+' in first.text  # the bell's count is bounded


def test_notifications_never_cross_cities(story, sceaux, bourg, client_for):
    holder, _helper, pub_id, _slug, _need_id, clients = story
    with tenant_scope(sceaux):
        notify(CityInfo.load(sceaux.id), holder.id, "comment", about=("publication", pub_id),
               title="Secret de Sceaux", url="")
    # Léa is also a member of Bourg: her bell and list there show nothing of Sceaux.
    there = make_member(bourg, account=holder.account)
    bourg_client = client_for(bourg)
    log_in(bourg_client, "lea@example.org")
    assert "Secret de Sceaux" not in bourg_client.get("/notifications").text
    assert 'class="badge"' not in bourg_client.get("/").text
    with tenant_scope(sceaux):
        note_id = db.session.scalars(select(Notification.id)).one()
    post_form(bourg_client, f"/notifications/{note_id}/read", {}, page="/notifications")
    assert notes_of(sceaux, holder)[0][2] is False
    assert notes_of(bourg, there) == []
    # Visitors and the national site have no list.
    assert client_for(sceaux).get("/notifications").status_code == 302
    assert client_for("upcampus.test").get("/notifications").status_code == 404


def test_suspension_and_role_change_notify_the_member(client_for, sceaux):
    admin = make_member(sceaux, "admin", email="admin@example.org")
    member = make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    log_in(client, "admin@example.org")
    page = "/admin/members"
    post_form(client, f"/admin/members/{member.id}/role", {"role": "facilitator"}, page=page)
    post_form(client, f"/admin/members/{member.id}/suspend", {}, page=page)
    assert [n[0] for n in notes_of(sceaux, member)] == ["role_changed", "suspended"]
    subjects = [e.subject for e in outbox(sceaux) if e.to_address == "jeanne@example.org"]
    assert "Votre adhésion à UP Sceaux est suspendue" in subjects
    assert admin.id != member.id


def test_facilitation_step_and_matching_invitation_notify(sceaux):
    from upcampus.facilitation.tasks import tell_holders_of_step

    holder = make_member(sceaux, email="lea@example.org")
    pub_id, _slug, _need_id = publication_of(sceaux, holder)
    assert tell_holders_of_step(sceaux.id, pub_id, "qualified") == 1
    assert notes_of(sceaux, holder) == [("step_qualified", "Un jardin partagé", False, False)]
    with across_tenants():
        assert db.session.scalar(select(Notification.tenant_id)) == sceaux.id
        db.session.rollback()


def test_an_unknown_recipient_is_ignored(sceaux):
    with tenant_scope(sceaux):
        assert notify(CityInfo.load(sceaux.id), 999_999, "comment", title="x") is None
    assert timedelta(0) is not None
