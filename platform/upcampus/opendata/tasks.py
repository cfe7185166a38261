"""Background work of open data: refresh every city's files once a day."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

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
