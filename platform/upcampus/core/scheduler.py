"""The periodic work of the platform, in one table, run by `upcampus jobs scheduler`:
with Redis, rq's cron scheduler enqueues each on its queue at its time (run ONE
scheduler; any number of workers); without Redis (development), a small loop runs
each inline when due. The jobs themselves decide per city whether it is their hour."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from croniter import croniter
from flask import Flask

from upcampus.core.jobs import BULK, DEFAULT, _run, queue_key, run_job

log = logging.getLogger("upcampus.scheduler")


@dataclass(frozen=True)
class Periodic:
    name: str
    path: str  # dotted name of a job taking no argument
    cron: str  # UTC
    queue: str = BULK


PERIODIC = (
    Periodic("digests", "upcampus.notifications.digest.digests_all_job", "10 * * * *"),
    Periodic("events", "upcampus.events.tasks.tick_all_job", "5 * * * *"),
    Periodic("matching", "upcampus.matching.tasks.digest_all_job", "0 7 * * 1"),
    Periodic("opendata", "upcampus.opendata.tasks.refresh_all_job", "0 3 * * *"),
    Periodic("retention", "upcampus.accounts.retention.run_job", "30 2 * * *"),
    Periodic("requeue-emails", "upcampus.notifications.operations.requeue_undelivered_job",
             "*/5 * * * *", DEFAULT),
)


def cron_scheduler(app: Flask):
    """rq's CronScheduler with every periodic job registered (not started)."""
    from redis import Redis
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=Redis.from_url(app.config["REDIS_URL"]),
                              logging_level="WARNING")
    for job in PERIODIC:
        scheduler.register(run_job, queue_key(app, job.queue), args=(job.path,),
                           cron=job.cron, job_timeout=3600, name=f"upcampus-{job.name}")
    return scheduler


def due(last: dict[str, datetime], now: datetime) -> list[Periodic]:
    """The jobs whose time came between their last run and `now` (inline loop)."""
    found = []
    for job in PERIODIC:
        previous = last.setdefault(job.name, now)
        if croniter(job.cron, previous).get_next(datetime) <= now:
            found.append(job)
            last[job.name] = now
    return found


def run_inline(app: Flask, once: bool = False, tick_seconds: float = 30) -> None:
    """Development: every job when due, in this process, one after the other."""
    last: dict[str, datetime] = {}
    while True:
        for job in due(last, datetime.now(UTC)):
            try:
                _run(app, job.path, ())
            except Exception:  # one failing job must not stop the others
                log.exception("periodic job %s failed", job.name)
        if once:
            return
        time.sleep(tick_seconds)
