"""Nothing lost, nothing twice, with a real SMTP sink (aiosmtpd) on loopback, a real
Redis and real rq workers (`upcampus jobs worker`): the mail server down while 100
emails wait, then back; a worker killed with SIGKILL in the middle of sending. On
PostgreSQL (scripts/test's second leg): SQLite's file lock would time the test, not the
delivery."""

import os
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.notifications.workers import (
    RestartableSink,
    forget_queues,
    kill_worker,
    start_worker,
    wait_for,
    worker_env,
)
from upcampus.core.db import db, utcnow
from upcampus.notifications.models import Email
from upcampus.notifications.operations import queue_email, requeue_undelivered
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.resolver import CityInfo

COUNT = 100


@pytest.fixture(autouse=True)
def _on_postgres(postgres_only):
    pass


@pytest.fixture
def sink():
    with RestartableSink() as running:
        yield running
        running.release.set()


@pytest.fixture
def queue_name(redis_url):
    name = f"upcampus-test-{os.getpid()}-{time.monotonic_ns()}"
    yield name
    forget_queues(redis_url, name)


def statuses() -> Counter:
    with across_tenants():
        found = Counter(dict(db.session.execute(
            select(Email.status, func.count()).group_by(Email.status)).all()))
        db.session.rollback()  # a fresh snapshot next time
    return found


def queue_numbered(app, city_id: int, count: int = COUNT) -> None:
    with app.app_context():
        city = CityInfo.load(city_id)
        for number in range(count):
            queue_email(f"person{number}@example.org", f"n-{number:03d}", "notification",
                        city=city, locale="fr", verb="help_offered", title=f"t{number}",
                        url="http://example.org/", notification=None,
                        sentence=lambda verb, title: title)


def assert_each_arrived_once(sink, count: int = COUNT) -> None:
    subjects = Counter(sink.subjects())
    assert len(subjects) == count, f"missing: {count - len(subjects)}"
    doubled = {s: n for s, n in subjects.items() if n > 1}
    assert not doubled, f"sent twice: {doubled}"


def test_the_mail_server_down_then_back_loses_nothing(make_app, sceaux, sink, redis_url,
                                                      database_url, queue_name, tmp_path):
    sink.stop()  # the mail server is down while the emails are queued and tried
    app = make_app(REDIS_URL=redis_url, SMTP_URL=sink.url, JOBS_QUEUE=queue_name)
    queue_numbered(app, sceaux.id)
    env = worker_env(app, database_url, redis_url, SMTP_TIMEOUT=2,
                     JOBS_RETRY_INTERVALS="1,1,2")
    worker = start_worker(env, tmp_path / "worker.log")
    try:
        wait_for(lambda: statuses()["failed"] == COUNT, 120,
                 lambda: f"every first try to fail: {statuses()}")
        assert sink.messages == []
        sink.start()  # back: rq's retries (with backoff) deliver, and the scheduler's
        with app.app_context():  # requeue finds those whose retries ran out; claim()
            requeue_undelivered(0)  # keeps a retry and a requeue from sending twice
        wait_for(lambda: statuses()["sent"] == COUNT, 180, "every email sent")
        wait_for(lambda: len(sink.messages) >= COUNT, 30, "the sink to receive them")
        with app.app_context():
            requeue_undelivered(0)  # a late scheduler run finds nothing to send
        _drain(app, worker)
    finally:
        kill_worker(worker)
    assert_each_arrived_once(sink)
    with across_tenants():
        assert db.session.scalar(select(func.min(Email.attempts))) >= 2
        db.session.rollback()


def test_a_worker_killed_mid_send_is_finished_by_another(make_app, sceaux, sink, redis_url,
                                                         database_url, queue_name, tmp_path):
    app = make_app(REDIS_URL=redis_url, SMTP_URL=sink.url, JOBS_QUEUE=queue_name,
                   MAIL_LEASE_SECONDS=2)
    sink.hold = "n-030"  # the sink keeps the worker waiting on this one
    queue_numbered(app, sceaux.id)
    env = worker_env(app, database_url, redis_url, MAIL_LEASE_SECONDS=2)
    first = start_worker(env, tmp_path / "worker.log")
    try:
        wait_for(sink.holding.is_set, 120, "the worker to be mid-batch")
    finally:
        kill_worker(first)  # SIGKILL: the worker and its work horse, mid-send
    sink.release.set()
    before = statuses()
    assert before["sending"] == 1 and before["sent"] < COUNT  # killed mid-batch
    second = start_worker(env, tmp_path / "worker.log")
    try:
        # Its lease runs out; the scheduler's requeue hands it to the living worker.
        wait_for(_lease_passed, 30, "the lease of the killed worker to pass")
        with app.app_context():
            assert requeue_undelivered(0) >= 1
        wait_for(lambda: statuses()["sent"] == COUNT, 180, "every email sent")
        _drain(app, second)
    finally:
        kill_worker(second)
    assert_each_arrived_once(sink)


def _lease_passed() -> bool:
    with across_tenants():
        held = db.session.scalar(select(func.count()).where(
            Email.status == "sending", Email.lease_until >= utcnow()))
        db.session.rollback()
    return held == 0


def _drain(app, process) -> None:
    """Until no job waits and the living worker is idle: a duplicate job (a retry and a
    requeue of one email) has run and found nothing to send."""
    from rq import Worker

    from upcampus.core.jobs import queues

    with app.app_context():
        listened = queues()

        def idle():
            mine = [w for w in Worker.all(queue=listened[0]) if w.pid == process.pid]
            return (all(q.count == 0 and q.scheduled_job_registry.count == 0
                        for q in listened) and mine and mine[0].get_state() == "idle")
        wait_for(idle, 60, "the queues to empty")
