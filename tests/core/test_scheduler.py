"""`upcampus jobs scheduler`: the periodic work in one table, put on its queue at its time
by rq's cron scheduler (Redis), or run inline when due (development)."""

import os
import time
from datetime import UTC, datetime

import pytest

from tests.conftest import outbox
from upcampus.core.jobs import BULK, DEFAULT, queue_key, resolve
from upcampus.core.scheduler import PERIODIC, cron_scheduler, due, run_inline
from upcampus.notifications.operations import queue_email
from upcampus.tenancy.resolver import CityInfo


def test_every_periodic_job_exists_and_names_a_queue():
    names = {job.name for job in PERIODIC}
    assert {"digests", "events", "requeue-emails", "opendata", "matching"} <= names
    for job in PERIODIC:
        assert callable(resolve(job.path)) and job.queue in (BULK, DEFAULT)


def test_due_runs_each_job_once_when_its_time_comes():
    last = {}
    start = datetime(2026, 12, 1, 9, 58, tzinfo=UTC)
    assert due(last, start) == []  # the first look only notes the time
    assert due(last, start.replace(minute=59)) == []
    names = {job.name for job in due(last, datetime(2026, 12, 1, 10, 11, tzinfo=UTC))}
    assert names == {"digests", "events", "requeue-emails"}
    assert due(last, datetime(2026, 12, 1, 10, 12, tzinfo=UTC)) == []  # not twice


def test_the_inline_loop_runs_what_is_due(make_app, sceaux, smtp_sink, monkeypatch):
    broken = make_app(SMTP_URL="smtp://127.0.0.1:1")
    with broken.app_context():
        queue_email("lea@example.org", "Bonjour", "notification", city=CityInfo.load(sceaux.id),
                    locale="fr", verb="x", title="t", url="http://x.example/",
                    notification=None, sentence=lambda v, t: t)
    fixed = make_app(SMTP_URL=smtp_sink.url, MAIL_REQUEUE_MINUTES=0)
    from upcampus.core import scheduler

    monkeypatch.setattr(scheduler, "due", lambda last, now: [
        job for job in PERIODIC if job.name == "requeue-emails"])
    run_inline(fixed, once=True)
    [email] = outbox(sceaux)
    assert email.status == "sent" and len(smtp_sink.messages) == 1


@pytest.fixture
def queue_name(redis_url):
    from redis import Redis

    name = f"upcampus-test-{os.getpid()}-{time.monotonic_ns()}"
    yield name
    connection = Redis.from_url(redis_url)
    keys = list(connection.scan_iter(f"rq:*{name}*"))
    if keys:
        connection.delete(*keys)


def test_rq_cron_puts_each_job_on_its_queue(make_app, redis_url, queue_name):
    from rq import Queue

    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=queue_name)
    with app.app_context():
        scheduler = cron_scheduler(app)
        registered = {job.name: job for job in scheduler.get_jobs()}
        assert set(registered) == {f"upcampus-{job.name}" for job in PERIODIC}
        registered["upcampus-requeue-emails"].enqueue(scheduler.connection)
        registered["upcampus-digests"].enqueue(scheduler.connection)
        default = Queue(queue_key(app, DEFAULT), connection=scheduler.connection)
        bulk = Queue(queue_key(app, BULK), connection=scheduler.connection)
        [requeue] = default.get_jobs()
        [digests] = bulk.get_jobs()
    assert requeue.args == ("upcampus.notifications.operations.requeue_undelivered_job",)
    assert digests.args == ("upcampus.notifications.digest.digests_all_job",)
