"""The operations page of the console (platform admins only): queues, the oldest waiting
job, failed jobs and failed emails with retry (POST, CSRF); /healthz with the workers'
heartbeat."""

import os
import time

import pytest

from tests.conftest import BASE_DOMAIN, csrf_from, log_in, outbox, post_form
from tests.factories import make_account, make_member
from upcampus.notifications.operations import queue_email
from upcampus.tenancy.resolver import CityInfo

PAGE = "/console/operations"


@pytest.fixture
def admin_client(client_for, app_context):
    make_account("platform@example.org", is_platform_admin=True)
    client = client_for(BASE_DOMAIN)
    log_in(client, "platform@example.org")
    return client


@pytest.fixture
def queue_name(redis_url):
    from redis import Redis

    name = f"upcampus-test-{os.getpid()}-{time.monotonic_ns()}"
    yield name
    connection = Redis.from_url(redis_url)
    keys = list(connection.scan_iter(f"rq:*{name}*"))
    if keys:
        connection.delete(*keys)


def test_only_platform_admins_open_it(client_for, two_cities, admin_client):
    sceaux, _bourg = two_cities
    make_account("support@example.org", national_role="support")
    make_member(sceaux, "admin", email="cityadmin@example.org")
    national = client_for(BASE_DOMAIN)
    assert national.get(PAGE).status_code == 302  # sign in first
    log_in(national, "support@example.org")
    assert national.get(PAGE).status_code == 403  # the console, but not operations
    assert "/console/operations" not in national.get("/console").text
    on_city = client_for(sceaux)
    log_in(on_city, "cityadmin@example.org")
    assert on_city.get(PAGE).status_code == 404  # no console on a city's host
    page = admin_client.get(PAGE)
    assert page.status_code == 200 and "aussitôt, dans la requête" in page.text
    assert "/console/operations" in admin_client.get("/console").text


def test_a_failed_email_is_shown_and_retried(make_app, two_cities, admin_client,
                                             smtp_sink, app, monkeypatch):
    sceaux, bourg = two_cities
    broken = make_app(SMTP_URL="smtp://127.0.0.1:1")
    with broken.app_context():
        queue_email("jeanne@example.org", "Un <b>sujet</b>", "notification",
                    city=CityInfo.load(bourg.id), locale="fr", verb="x", title="t",
                    url="http://x.example/", notification=None, sentence=lambda v, t: t)
    [email] = outbox(bourg)
    assert email.status == "failed"
    page = admin_client.get(PAGE).text
    assert "jeanne@example.org" in page and "bourg-la-reine" in page
    assert "Un &lt;b&gt;sujet&lt;/b&gt;" in page  # typed text is never markup
    # Without its CSRF token, nothing happens.
    assert admin_client.post(f"{PAGE}/emails/retry", data={}).status_code == 400
    assert admin_client.post(f"{PAGE}/emails/retry", data={
        "csrf_token": csrf_from(page), "email_id": "x"}).status_code == 400
    monkeypatch.setitem(app.config, "SMTP_URL", smtp_sink.url)  # the shared app: put back
    response = post_form(admin_client, f"{PAGE}/emails/retry", {"email_id": str(email.id)},
                         page=PAGE)
    assert response.status_code == 302
    [email] = outbox(bourg)
    assert email.status == "sent" and len(smtp_sink.messages) == 1
    assert "jeanne@example.org" not in admin_client.get(PAGE).text


def test_queues_and_failed_jobs_with_redis(make_app, admin_client, redis_url, queue_name,
                                           monkeypatch):
    from rq import SimpleWorker

    from upcampus.core import jobs

    monkeypatch.setattr(jobs, "_engine_pid", os.getpid())  # in process: no fork to heal
    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=queue_name)
    client = app.test_client()
    client.host = BASE_DOMAIN
    log_in(client, "platform@example.org")
    with app.app_context():
        jobs.queue(name=jobs.BULK).enqueue(jobs.run_job, "upcampus.nowhere.job")
        page = client.get(PAGE).text
        assert "bulk" in page and "urgent" in page and "Aucune tâche en échec" in page
        listened = jobs.queues()
        previous, jobs._worker_app = jobs._worker_app, app
        try:
            SimpleWorker(listened, connection=listened[0].connection).work(
                burst=True, with_scheduler=False, logging_level="CRITICAL")
        finally:
            jobs._worker_app = previous
        assert jobs.queue(name=jobs.BULK).failed_job_registry.count == 1
    page = client.get(PAGE).text
    assert "upcampus.nowhere.job" in page and "ModuleNotFoundError" in page
    response = post_form(client, f"{PAGE}/jobs/retry", {}, page=PAGE)
    assert response.status_code == 302
    with app.app_context():
        bulk = jobs.queue(name=jobs.BULK)
        assert bulk.count == 1 and bulk.failed_job_registry.count == 0


def test_healthz_without_redis_says_jobs_run_inline(client_for, app_context):
    response = client_for(BASE_DOMAIN).get("/healthz")
    assert response.status_code == 200 and response.json["worker"] == "inline"


def test_healthz_needs_a_worker_heartbeat(make_app, redis_url, queue_name):
    from rq import Worker

    from upcampus.core.jobs import queues

    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=queue_name)
    lonely = app.test_client().get("/healthz")
    assert lonely.status_code == 503 and lonely.json["worker"].startswith("error")
    with app.app_context():
        listened = queues()
        worker = Worker(listened, connection=listened[0].connection)
        worker.register_birth()  # as `upcampus jobs worker` does, then beats
        worker.heartbeat()
    try:
        alive = app.test_client().get("/healthz")
        assert alive.status_code == 200 and alive.json == {
            "status": "ok", "database": "ok", "redis": "ok", "worker": "ok"}
        app.config["WORKER_HEARTBEAT_SECONDS"] = 0  # its last beat is now too old
        assert app.test_client().get("/healthz").status_code == 503
    finally:
        worker.register_death()


def test_retention_figures_show_who_was_warned_and_who_is_due(two_cities, admin_client):
    from datetime import timedelta

    from upcampus.accounts.models import Account
    from upcampus.accounts.retention import run
    from upcampus.core.db import db, utcnow

    sceaux, _bourg = two_cities
    long_ago = utcnow() - timedelta(days=3 * 365 + 40)
    for name in ("once", "twice"):
        make_member(sceaux, account=make_account(f"{name}@example.org",
                                                 last_login_at=long_ago))
    make_member(sceaux, "admin", email="admin@example.org")  # signed in: not concerned
    run(utcnow() - timedelta(days=20))  # both warned 20 days ago
    run(utcnow())  # twice@ and once@ warned again: 15 days passed
    account = db.session.scalars(db.select(Account).where(
        Account.email == "once@example.org")).one()
    account.inactivity_rewarned_at = None  # as if the second warning were still to come
    db.session.commit()
    page = admin_client.get(PAGE).text
    assert "Prévenus une fois : 1" in page and "Prévenus deux fois : 1" in page
    assert "À supprimer au prochain passage : 0" in page  # 30 days not yet passed
    assert "après 1095 jours sans connexion" in page
