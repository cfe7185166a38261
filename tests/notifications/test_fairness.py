"""Fairness: a city's digest is cut in batches that take turns with other cities' on the
bulk queue, and urgent mail (a password reset) has its own queue that workers take
first; a big city's digest cannot hold back a small city's reset email."""

import os
import time

import pytest
from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, post_form
from tests.factories import make_member
from tests.notifications.fill import members_with_news
from tests.notifications.workers import (
    RestartableSink,
    forget_queues,
    kill_worker,
    start_worker,
    wait_for,
    worker_env,
)
from upcampus.core.db import db
from upcampus.core.jobs import BULK, URGENT, enqueue, queue, queues, set_worker_app
from upcampus.notifications.digest import city_digests_job
from upcampus.notifications.models import Email
from upcampus.notifications.operations import queue_for
from upcampus.tenancy.context import across_tenants


@pytest.fixture
def queue_name(redis_url):
    name = f"upcampus-test-{os.getpid()}-{time.monotonic_ns()}"
    yield name
    forget_queues(redis_url, name)


def test_urgent_mail_and_bulk_mail_have_their_queues():
    assert queue_for("reset_password", {}) == URGENT
    assert queue_for("verify_email", {}) == URGENT
    assert queue_for("city_admin_invitation", {}) == URGENT
    assert queue_for("digest", {}) == BULK
    assert queue_for("project_news", {}) == BULK
    assert queue_for("notification", {}) == "default"


def test_digest_batches_of_two_cities_take_turns(make_app, two_cities, redis_url,
                                                 queue_name, monkeypatch):
    from rq import SimpleWorker

    from upcampus.core import jobs

    monkeypatch.setattr(jobs, "_engine_pid", os.getpid())  # in process: no fork to heal
    sceaux, bourg = two_cities
    members_with_news(sceaux, 5)
    members_with_news(bourg, 5)
    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=queue_name, DIGEST_BATCH=2)
    with app.app_context():
        for city in (sceaux, bourg):  # as digests_all_job does, in the digest hour
            enqueue(city_digests_job, city.id, 0, True, queue_name=BULK)
        assert queue(name=BULK).count == 2
        listened = queues()
        previous = set_worker_app(app)
        try:
            SimpleWorker(listened, connection=listened[0].connection).work(
                burst=True, with_scheduler=False, logging_level="WARNING")
        finally:
            set_worker_app(previous) if previous else None
    with across_tenants():
        order = db.session.scalars(select(Email.tenant_id).order_by(Email.id)).all()
        db.session.rollback()
    s, b = sceaux.id, bourg.id
    assert order == [s, s, b, b, s, s, b, b, s, b]


def test_a_big_digest_does_not_hold_back_a_reset_email(make_app, two_cities, redis_url,
                                                        database_url, queue_name, tmp_path,
                                                        postgres_only):
    sceaux, bourg = two_cities
    members_with_news(sceaux, 2000)
    make_member(bourg, email="jeanne@example.org")
    with RestartableSink() as sink:
        app = make_app(REDIS_URL=redis_url, SMTP_URL=sink.url, JOBS_QUEUE=queue_name)
        worker = start_worker(worker_env(app, database_url, redis_url), tmp_path / "w.log")
        try:
            with app.app_context():
                enqueue(city_digests_job, sceaux.id, 0, True, queue_name=BULK)
            wait_for(lambda: len(sink.messages) >= 20, 120, "the digest to be under way")
            client = app.test_client()
            client.host = f"bourg-la-reine.{BASE_DOMAIN}"
            started, before = time.monotonic(), len(sink.messages)
            post_form(client, "/password/reset", {"email": "jeanne@example.org"})
            wait_for(lambda: any(m["To"] == "jeanne@example.org" for m in sink.messages),
                     60, "the reset email")
            latency = time.monotonic() - started
            digests_done = sum(1 for m in sink.messages if m["To"] != "jeanne@example.org")
        finally:
            kill_worker(worker)
    print(f"reset email delivered in {latency:.2f} s, {digests_done} of 2000 digests sent")
    assert digests_done < 2000  # delivered while the big digest was still going
    # It jumped the queue: on one queue it would have waited for the ~180 digests of the
    # batch ahead of it (a worker takes urgent first, then at most the job in hand).
    assert digests_done - before < 50
