"""Background work of open data: refresh every city's files once a day."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from rq import Queue
from rq.job import Job

from upcampus.core.jobs import BULK, enqueue
from upcampus.opendata.operations import refresh_tenant
from upcampus.tenancy.operations import active_tenants

DAILY_AT = time(3, 0, tzinfo=UTC)  # at night in Europe, when nobody waits for a page


def refresh_city_job(tenant_id: int) -> dict[str, int] | None:
    """A job: it receives the city's id and reads everything again."""
    return refresh_tenant(tenant_id)


def refresh_all_job() -> int:
    """Every night (core/scheduler.py): one bulk job per active city (a slow city
    delays no other)."""
    tenants = active_tenants()
    for tenant in tenants:
        enqueue(refresh_city_job, tenant.id, queue_name=BULK)
    return len(tenants)


def next_run(now: datetime) -> datetime:
    today = datetime.combine(now.date(), DAILY_AT)
    return today if today > now else today + timedelta(days=1)


def schedule_daily(jobs_queue: Queue, now: datetime | None = None) -> str:
    """Put the next daily refresh on rq's scheduler (the worker runs it); the job id is
    the day, so workers starting together or a run rescheduling schedule it once."""
    from upcampus.core.jobs import dotted_name, run_job

    when = next_run(now or datetime.now(UTC))
    job_id = f"upcampus-opendata-{when:%Y%m%d}"
    if not Job.exists(job_id, connection=jobs_queue.connection):
        jobs_queue.enqueue_at(when, run_job, dotted_name(refresh_all_job), job_id=job_id,
                              job_timeout=600)
    return job_id
