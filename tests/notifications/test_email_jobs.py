"""Emails: an outbox row is the intent, a job delivers it, over real SMTP, through a real
rq worker on Redis when one is configured, inline otherwise; nothing is lost."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, outbox, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.notifications.models import Email
from upcampus.tenancy.context import across_tenants


def client_on(app, city):
    client = app.test_client()
    client.host = f"{city.subdomain}.{BASE_DOMAIN}"
    return client


def sign_up(client):
    return post_form(client, "/signup", {"accept": "y",
                                         "display_name": "Léa", "email": "lea@example.org",
                                         "password": "correct horse battery"})


def test_inline_delivery_over_smtp(make_app, sceaux, smtp_sink):
    app = make_app(SMTP_URL=smtp_sink.url, MAIL_FROM="no-reply@upcampus.test")
    sign_up(client_on(app, sceaux))
    [message] = smtp_sink.messages
    assert message["To"] == "lea@example.org"
    assert "UP Sceaux" in message["From"] and "no-reply@upcampus.test" in message["From"]
    assert "Confirmez votre adresse e-mail" in message["Subject"]
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_payload()
    assert text.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    assert f"http://sceaux.{BASE_DOMAIN}/verify/" in text.get_payload(decode=True).decode()
    assert f'href="http://sceaux.{BASE_DOMAIN}/verify/' in html.get_payload(decode=True).decode()
    [email] = outbox(sceaux)
    assert email.status == "sent" and email.attempts == 1 and email.sent_at is not None


def test_a_failed_delivery_is_kept_and_retried(make_app, sceaux, smtp_sink):
    broken = make_app(SMTP_URL="smtp://127.0.0.1:1")
    # The person is not blocked by the mail server being down.
    assert sign_up(client_on(broken, sceaux)).status_code == 302
    [email] = outbox(sceaux)
    assert email.status == "failed" and email.attempts == 1 and "Error" in email.last_error
    fixed = make_app(SMTP_URL=smtp_sink.url)
    with fixed.app_context():
        result = fixed.test_cli_runner().invoke(args=["outbox", "retry", "--older-than", "0"])
    assert "1 emails enqueued again" in result.output
    [email] = outbox(sceaux)
    assert email.status == "sent" and email.attempts == 2 and len(smtp_sink.messages) == 1


def test_a_real_rq_worker_delivers_what_the_request_enqueued(make_app, sceaux, smtp_sink,
                                                             redis_url, database_url):
    from redis import Redis

    queue_name = f"upcampus-test-{os.getpid()}"
    app = make_app(REDIS_URL=redis_url, SMTP_URL=smtp_sink.url, JOBS_QUEUE=queue_name)
    assert sign_up(client_on(app, sceaux)).status_code == 302
    [email] = outbox(sceaux)
    assert email.status == "queued" and smtp_sink.messages == []  # waiting in Redis
    env = {**os.environ, "UPCAMPUS_ENV": "test", "UPCAMPUS_DATABASE_URL": database_url,
           "UPCAMPUS_REDIS_URL": redis_url, "UPCAMPUS_SMTP_URL": smtp_sink.url,
           "UPCAMPUS_JOBS_QUEUE": queue_name, "UPCAMPUS_BASE_DOMAIN": BASE_DOMAIN,
           "UPCAMPUS_SECRET_KEY": app.config["SECRET_KEY"]}
    command = Path(sys.executable).with_name("upcampus")
    worker = subprocess.run(  # noqa: S603 - our own command, the venv's
        [str(command), "jobs", "worker", "--burst"], env=env, capture_output=True, text=True,
        timeout=120)
    assert worker.returncode == 0, worker.stderr[-2000:]
    [email] = outbox(sceaux)
    assert email.status == "sent", email.last_error
    assert len(smtp_sink.messages) == 1
    Redis.from_url(redis_url).delete(f"rq:queue:{queue_name}")


def test_the_outbox_page_exists_only_when_enabled(make_app, sceaux):
    app = make_app(SHOW_OUTBOX=False)
    assert client_on(app, sceaux).get("/outbox").status_code == 404


def test_emails_are_read_per_city(client_for, two_cities):
    sceaux, bourg = two_cities
    make_member(sceaux, email="jeanne@example.org")
    post_form(client_for(sceaux), "/password/reset", {"email": "jeanne@example.org"})
    assert "jeanne@example.org" in client_for(sceaux).get("/outbox").text
    assert "jeanne@example.org" not in client_for(bourg).get("/outbox").text
    with across_tenants():
        assert db.session.scalars(select(Email.tenant_id)).all() == [sceaux.id]


def test_a_job_acts_for_its_city_outside_any_request(client_for, two_cities):
    """As in an rq worker: only an app context, ids in, the city's host for links."""
    from upcampus.projects.models import Follow, Holder, ProjectUpdate, Publication
    from upcampus.projects.tasks import notify_followers
    from upcampus.tenancy.context import current_scope, tenant_scope

    sceaux, bourg = two_cities
    holder = make_member(bourg, email="holder@example.org")
    follower = make_member(bourg, email="follower@example.org")
    with tenant_scope(bourg):
        publication = Publication(kind="idea", title="Un repair café", slug="un-repair-cafe",
                                  status="published", stage="idea", author_id=holder.id)
        publication.holders.append(Holder(membership_id=holder.id))
        db.session.add(publication)
        db.session.flush()
        db.session.add(Follow(publication_id=publication.id, membership_id=follower.id))
        update = ProjectUpdate(publication_id=publication.id, membership_id=holder.id,
                               body="Premier atelier samedi")
        db.session.add(update)
        db.session.commit()
        ids = (bourg.id, update.id, publication.id)
    assert notify_followers(ids[0], ids[1]) == 1
    assert current_scope().tenant_id is None  # the job left no scope behind
    [email] = outbox(bourg)
    assert email.to_address == "follower@example.org"
    assert f"http://bourg-la-reine.{BASE_DOMAIN}/projects/{ids[2]}-un-repair-cafe#news" in (
        email.body_text)
    assert outbox(sceaux) == []
