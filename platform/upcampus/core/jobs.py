"""Background work through rq on Redis, or inline when no REDIS_URL is set.

A job is enqueued by the dotted name of a plain function and receives ids, never ORM
objects: it re-reads what it needs. The database holds the intent (an outbox row, a
status), so a lost job can be enqueued again. Jobs run in an app context with no city in
scope; a job acting for a city enters its scope itself.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable

from flask import Flask, current_app, has_app_context
from redis import Redis
from rq import Queue, Retry

from upcampus.core.db import db

log = logging.getLogger("upcampus.jobs")
URGENT, DEFAULT, BULK = "urgent", "default", "bulk"
PRIORITY = (URGENT, DEFAULT, BULK)
_worker_app: Flask | None = None
_engine_pid: int | None = None


def dotted_name(func: Callable | str) -> str:
    return func if isinstance(func, str) else f"{func.__module__}.{func.__qualname__}"


def resolve(path: str) -> Callable:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def queue_key(app: Flask, name: str = DEFAULT) -> str:
    """The rq name of one of the three queues (JOBS_QUEUE is the default one's, so a
    site sharing a Redis keeps its own)."""
    base = app.config["JOBS_QUEUE"]
    return base if name == DEFAULT else f"{base}-{name}"


def queue(app: Flask | None = None, name: str = DEFAULT) -> Queue:
    app = app or current_app
    return Queue(queue_key(app, name), connection=Redis.from_url(app.config["REDIS_URL"]))


def queues(app: Flask | None = None) -> list[Queue]:
    """urgent, default, bulk: the order a worker listens in."""
    app = app or current_app
    connection = Redis.from_url(app.config["REDIS_URL"])
    return [Queue(queue_key(app, name), connection=connection) for name in PRIORITY]


def enqueue(func: Callable | str, *args, retries: int = 3, queue_name: str = DEFAULT,
            at_front: bool = False) -> None:
    """Run func(*args) in the background on `queue_name` (urgent, default or bulk);
    inline (now) when Redis is not configured. Call it after committing what the job
    will read. A failed job is retried with the backoff of JOBS_RETRY_INTERVALS."""
    path = dotted_name(func)
    if not current_app.config["REDIS_URL"]:
        try:  # as a worker would: its own context, session and scope
            _run(current_app._get_current_object(), path, args)
        except Exception:  # the job records its own failure; a request must not break
            log.exception("inline job %s failed", path)
        return
    intervals = [int(i) for i in str(current_app.config["JOBS_RETRY_INTERVALS"]).split(",")]
    queue(name=queue_name).enqueue(run_job, path, *args, job_timeout=300, at_front=at_front,
                                   retry=Retry(max=retries, interval=intervals))


def run_job(path: str, *args):
    """The entry point of every rq job: app context, fresh connections, clean session."""
    global _engine_pid
    app = _worker_app or (current_app._get_current_object() if has_app_context() else None)
    if app is None:
        from upcampus.app import create_app

        app = set_worker_app(create_app())
    if _engine_pid != os.getpid():
        # rq forks a work horse per job: never share pooled connections across a fork.
        with app.app_context():
            db.engine.dispose(close=False)
        _engine_pid = os.getpid()
    return _run(app, path, args)


def _run(app: Flask, path: str, args: tuple):
    """A job in an app context of its own (its own g and session), outside any city."""
    from upcampus.tenancy.context import outside_any_city

    with app.app_context():
        try:
            with outside_any_city():  # a job acting for a city enters its scope itself
                return resolve(path)(*args)
        finally:
            db.session.remove()


def set_worker_app(app: Flask) -> Flask:
    global _worker_app
    _worker_app = app
    return app
