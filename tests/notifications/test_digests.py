"""Preferences per kind, digests (one email per person and city with what is new, never
twice, nothing when nothing is new) and the one-click unsubscribe (RFC 8058)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.conftest import log_in, outbox, post_form
from tests.factories import make_member
from tests.threads import all_at_once
from upcampus.core.db import db
from upcampus.notifications.digest import city_digests
from upcampus.notifications.models import NotificationPreference
from upcampus.notifications.notify import notify, unsubscribe_token
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.resolver import CityInfo


def tell(city, membership, verb="comment", title="Un jardin partagé"):
    with tenant_scope(city):
        notify(CityInfo.load(city.id), membership.id, verb, about=("publication", 1),
               title=title, url="http://sceaux.upcampus.test/projects/1-jardin")


def digests_to(city, address):
    return [e for e in outbox(city) if e.to_address == address and "Vos nouvelles" in e.subject]


def cadence(city, membership, kind):
    with tenant_scope(city):
        return db.session.scalar(select(NotificationPreference.cadence).where(
            NotificationPreference.membership_id == membership.id,
            NotificationPreference.kind == kind))


@pytest.fixture
def lea(client_for, sceaux):
    member = make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    return member, client


def test_preferences_page_shows_defaults_and_saves(lea, sceaux):
    member, client = lea
    page = client.get("/account/notifications").text
    assert "Paramètres des notifications" in page
    assert '<option selected value="immediate">' in page  # messages and help
    response = post_form(client, "/account/notifications", {
        "help": "daily", "message": "weekly", "comment": "weekly", "project": "app",
        "accompaniment": "weekly", "event": "immediate",
        "membership": "immediate", "moderation": "immediate"})
    assert response.status_code == 302
    assert cadence(sceaux, member, "help") == "daily"
    assert cadence(sceaux, member, "project") == "app"
    assert cadence(sceaux, member, "message") == "weekly"
    bad = post_form(client, "/account/notifications", {"help": "hourly"})
    assert bad.status_code == 200 and cadence(sceaux, member, "help") == "daily"


def test_a_digest_gathers_sends_once_and_nothing_when_nothing_is_new(lea, sceaux):
    member, _client = lea
    tell(sceaux, member, "comment", "Projet A")
    tell(sceaux, member, "featured", "Projet B")
    assert digests_to(sceaux, "lea@example.org") == []  # weekly: not yet
    assert city_digests(sceaux.id, force=True) == 1
    [digest] = digests_to(sceaux, "lea@example.org")
    assert "Nouveau commentaire sur Projet A" in digest.body_text
    assert "Projet B est mis en avant" in digest.body_text
    assert digest.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Run twice: nothing twice; nothing new: nothing sent.
    assert city_digests(sceaux.id, force=True) == 0
    assert len(digests_to(sceaux, "lea@example.org")) == 1
    # A week later, something new goes into the next weekly digest, and only it.
    tell(sceaux, member, "comment", "Projet C")
    assert city_digests(sceaux.id, force=True) == 0  # the week has not passed
    later = datetime.now(UTC) + timedelta(days=7)
    assert city_digests(sceaux.id, now=later, force=True) == 1
    newest = digests_to(sceaux, "lea@example.org")[0]
    assert "Projet C" in newest.body_text and "Projet A" not in newest.body_text


def test_daily_kinds_go_daily_and_app_only_never_by_email(lea, sceaux):
    member, client = lea
    post_form(client, "/account/notifications", {
        "help": "immediate", "message": "immediate", "comment": "daily", "project": "app",
        "accompaniment": "weekly", "event": "immediate",
        "membership": "immediate", "moderation": "immediate"})
    tell(sceaux, member, "comment", "Projet A")
    tell(sceaux, member, "featured", "Projet B")
    assert city_digests(sceaux.id, force=True) == 1
    [digest] = digests_to(sceaux, "lea@example.org")
    assert "Projet A" in digest.body_text and "Projet B" not in digest.body_text
    assert "Projet B" in client.get("/notifications").text  # still in the app


def test_the_digest_waits_for_the_local_hour(lea, sceaux):
    member, _client = lea
    tell(sceaux, member)
    night = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 3 am in Sceaux
    morning = datetime(2026, 12, 1, 7, 15, tzinfo=UTC)  # 8 am in Sceaux
    assert city_digests(sceaux.id, now=night) == 0
    assert city_digests(sceaux.id, now=morning - timedelta(hours=1)) == 0
    with tenant_scope(sceaux):  # the notification was written "now", before `morning`
        from upcampus.notifications.models import Notification

        db.session.get(Notification, db.session.scalar(select(Notification.id))).created_at \
            = morning - timedelta(hours=2)
        db.session.commit()
    assert city_digests(sceaux.id, now=morning) == 1


def test_the_batches_after_the_first_run_even_past_the_hour(app, sceaux, monkeypatch):
    from upcampus.notifications.digest import digest_batch

    monkeypatch.setitem(app.config, "DIGEST_BATCH", 1)
    first, second = (make_member(sceaux, email=f"{n}@example.org") for n in ("ana", "bob"))
    tell(sceaux, first)
    tell(sceaux, second)
    later = datetime.now(UTC) + timedelta(hours=1)
    hour = later.astimezone(ZoneInfo(CityInfo.load(sceaux.id).timezone)).hour
    monkeypatch.setattr("upcampus.notifications.digest.DIGEST_HOUR", (hour + 12) % 24)
    assert digest_batch(sceaux.id, 0, later, False) == (0, None)  # not its hour: nothing
    # A batch the first one enqueued, whose turn came after the hour: it still goes.
    sent, after = digest_batch(sceaux.id, min(first.id, second.id), later, False)
    assert sent == 1 and after == max(first.id, second.id)
    assert digest_batch(sceaux.id, after, later, False) == (0, None)  # the end
    assert len(digests_to(sceaux, "bob@example.org" if second.id > first.id
                          else "ana@example.org")) == 1


def test_the_cli_sends_the_digests(lea, sceaux, app):
    member, _client = lea
    tell(sceaux, member)
    runner = app.test_cli_runner()

    def cli(*args):
        return runner.invoke(args=list(args))
    result = cli("notifications", "digest", "--city", "sceaux")
    assert "1 digests sent" in result.output
    assert "0 digests sent" in cli("notifications", "digest").output
    assert cli("notifications", "digest", "--city", "nowhere").exit_code != 0


def test_one_click_unsubscribe_without_signing_in(sceaux, bourg, client_for):
    member = make_member(sceaux, email="lea@example.org")
    tell(sceaux, member, "help_offered")
    [email] = outbox(sceaux)
    link = email.headers["List-Unsubscribe"].strip("<>").split("upcampus.test", 1)[1]
    visitor = client_for(sceaux)
    shown = visitor.get(link)
    assert shown.status_code == 200 and "Se désabonner" in shown.text
    assert cadence(sceaux, member, "help") is None  # a GET (a mail scanner) changes nothing
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", no session, no CSRF.
    done = visitor.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "vous ne recevrez plus" in done.text
    assert cadence(sceaux, member, "help") == "app"
    assert visitor.post(link).status_code == 200  # replayed: the same, nothing more
    tell(sceaux, member, "help_offered")
    assert len(outbox(sceaux)) == 1  # that kind is no longer emailed
    # The same link on another city is not valid there.
    assert client_for(bourg).post(link).status_code == 400


@pytest.mark.parametrize("token", ["altered", "x" * 300, "e30.e30.e30"])
def test_a_bad_unsubscribe_link_gets_a_clear_page(sceaux, client_for, token):
    response = client_for(sceaux).post(f"/notifications/unsubscribe/{token}")
    assert response.status_code == 400 and "pas valide" in response.text


def test_an_altered_or_expired_link_changes_nothing(sceaux, client_for, app, monkeypatch):
    member = make_member(sceaux, email="lea@example.org")
    with app.test_request_context():
        token = unsubscribe_token(sceaux.id, member.id, ["help"])
    altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    client = client_for(sceaux)
    assert client.post(f"/notifications/unsubscribe/{altered}").status_code == 400
    from upcampus.notifications import notify as notify_module

    monkeypatch.setattr(notify_module, "UNSUBSCRIBE_MAX_AGE", -1)
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 400
    assert cadence(sceaux, member, "help") is None


def test_two_digest_runs_at_once_send_one_digest(lea, sceaux, app):
    member, _client = lea
    tell(sceaux, member, "comment", "Projet A")
    city_id = sceaux.id  # read here: the test's rows belong to the test's session

    def run():
        with app.app_context():
            return city_digests(city_id, force=True)

    assert sorted(all_at_once([run, run, run])) == [0, 0, 1]
    assert len(digests_to(sceaux, "lea@example.org")) == 1


def test_a_digest_says_the_same_news_once_with_how_many(lea, sceaux):
    member, _client = lea
    for _ in range(3):
        tell(sceaux, member, "comment", "Projet A")
    tell(sceaux, member, "reply", "Projet A")
    tell(sceaux, member, "featured", "Projet B")
    tell(sceaux, member, "featured", "Projet B")
    assert city_digests(sceaux.id, force=True) == 1
    [digest] = digests_to(sceaux, "lea@example.org")
    body = digest.body_text
    assert "3 nouveaux commentaires sur Projet A" in body
    assert "Nouveau commentaire sur Projet A" not in body
    assert "Nouvelle réponse à votre commentaire sur Projet A" in body  # once: as it was
    assert body.count("Projet B est mis en avant") == 1


def test_a_digest_names_who_offered_help_as_they_are_called_now(lea, client_for, sceaux):
    from tests.projects.test_projects import PROJECT
    from upcampus.accounts.models import Account
    from upcampus.projects.models import Need, Publication

    member, client = lea
    post_form(client, "/account/notifications", {
        "help": "daily", "message": "immediate", "comment": "weekly", "project": "weekly",
        "accompaniment": "immediate", "event": "immediate", "membership": "immediate",
        "moderation": "immediate"})
    post_form(client, "/projects/new", {**PROJECT, "title": "Le verger", "publish": "1"})
    with tenant_scope(sceaux):
        publication = db.session.scalars(select(Publication)).one()
        page = f"/projects/{publication.id}-{publication.slug}"
    post_form(client, f"/projects/{publication.id}/needs",
              {"kind": "resource", "resource": "equipment", "text": "Des échelles"}, page=page)
    with tenant_scope(sceaux):
        need_id = db.session.scalars(select(Need.id)).one()
    helper = make_member(sceaux, email="karim@example.org")
    other = client_for(sceaux)
    log_in(other, "karim@example.org")
    post_form(other, f"/projects/{publication.id}/needs/{need_id}/help",
              {"message": "J'ai une échelle"}, page=page)
    db.session.get(Account, helper.account_id).display_name = "Karim B."
    db.session.commit()
    assert "Karim B. propose son aide sur Le verger" in client.get("/notifications").text
    assert city_digests(sceaux.id, force=True) == 1
    [digest] = digests_to(sceaux, "lea@example.org")
    assert "Karim B. propose son aide sur Le verger" in digest.body_text
    assert "Quelqu’un" not in digest.body_text
