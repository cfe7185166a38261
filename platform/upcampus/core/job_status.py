"""What the operations page shows of the jobs: per queue its length, the age of its
oldest waiting job and its failed jobs (rq's FailedJobRegistry), and retrying them."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from rq.exceptions import NoSuchJobError
from rq.job import Job

from upcampus.core.jobs import PRIORITY, queues

FAILED_SHOWN = 50


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def queue_overview(now: datetime | None = None) -> list[dict]:
    """One row per queue (urgent, default, bulk): name, waiting, oldest_seconds, failed."""
    now = now or datetime.now(UTC)
    rows = []
    for name, jobs_queue in zip(PRIORITY, queues(), strict=True):
        oldest = None
        first = jobs_queue.get_job_ids(0, 0)
        if first:
            job = jobs_queue.fetch_job(first[0])
            enqueued = _aware(job.enqueued_at) if job is not None else None
            oldest = max(0, int((now - enqueued).total_seconds())) if enqueued else None
        rows.append({"name": name, "waiting": jobs_queue.count, "oldest_seconds": oldest,
                     "failed": jobs_queue.failed_job_registry.count})
    return rows


def failed_jobs(limit: int = FAILED_SHOWN) -> list[dict]:
    """The most recent failed jobs of every queue: id, queue, what it ran, why it failed."""
    found = []
    for name, jobs_queue in zip(PRIORITY, queues(), strict=True):
        registry = jobs_queue.failed_job_registry
        for job_id in registry.get_job_ids(0, limit - 1):
            try:
                job = Job.fetch(job_id, connection=jobs_queue.connection)
            except NoSuchJobError:
                continue
            error = (job.latest_result().exc_string if job.latest_result() else "") or ""
            found.append({"id": job.id, "queue": name,
                          "what": " ".join(str(a) for a in job.args[:3]),
                          "ended_at": _aware(job.ended_at),
                          "error": error.strip().splitlines()[-1][:300] if error else ""})
    return sorted(found, key=lambda j: j["ended_at"] or datetime.min.replace(tzinfo=UTC),
                  reverse=True)[:limit]


def retry_failed(job_id: str | None = None) -> int:
    """Put one failed job (or all, job_id None) back on its queue; how many."""
    retried = 0
    for jobs_queue in queues():
        registry = jobs_queue.failed_job_registry
        for found in ([job_id] if job_id else registry.get_job_ids()):
            if found in registry:
                try:
                    registry.requeue(found)
                    retried += 1
                except NoSuchJobError:
                    registry.remove(found)
    return retried


def jobs_run_inline() -> bool:
    return not current_app.config["REDIS_URL"]
