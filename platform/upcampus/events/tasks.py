"""Background work of events: reminders the day before, and waitlist offers that pass
their turn when not confirmed in time. One job each hour does both for every city; the
worker schedules it (core/cli.py), `upcampus events tick` runs it now (development, cron)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from upcampus.core.db import db, utcnow
from upcampus.core.jobs import BULK, enqueue
from upcampus.events import mail
from upcampus.events.models import Event, Registration
from upcampus.events.registrations import expire_offers
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.operations import active_tenants

REMIND_AHEAD = timedelta(hours=24)


def city_tick(tenant_id: int, now: datetime | None = None) -> dict[str, int]:
    """A job for one city: pass stale offers on, remind tomorrow's registrants."""
    now = now or utcnow()
    with tenant_scope(tenant_id):
        promoted = [r.id for r in expire_offers(now)]
        due = db.session.scalars(select(Registration.id).join(Event).where(
            Registration.state == "confirmed", Registration.reminded_at.is_(None),
            Event.status == "published", Event.starts_at > now,
            Event.starts_at <= now + REMIND_AHEAD)).all()
        # Recorded before sending: a retried job reminds nobody twice.
        for registration_id in due:
            db.session.get(Registration, registration_id).reminded_at = now
        db.session.commit()
    for registration_id in promoted:
        enqueue(mail.tell_promoted, tenant_id, registration_id)
    if due:
        enqueue(mail.remind, tenant_id, list(due), queue_name=BULK)
    return {"promoted": len(promoted), "reminded": len(due)}


def tick_all_job() -> int:
    """Every hour (core/scheduler.py): one bulk job per active city."""
    tenants = active_tenants()
    for tenant in tenants:
        enqueue(city_tick, tenant.id, queue_name=BULK)
    return len(tenants)
