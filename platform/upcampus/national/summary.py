"""The national home's figures: counted across every city by a job, read as one row.

The home asks for a refresh when the row is older than FRESH_FOR (at most once a minute
per process): with Redis a worker counts in the background and the home shows the last
figures meanwhile; without Redis (development) the job runs inline, once per FRESH_FOR.
"""

from __future__ import annotations

import time
from datetime import UTC, timedelta

from sqlalchemy import func, select

from upcampus.core.db import db, utcnow
from upcampus.core.jobs import enqueue
from upcampus.national.models import NationalFigures
from upcampus.tenancy.context import across_tenants

FRESH_FOR = timedelta(minutes=10)
ASK_EVERY_SECONDS = 60
_asked = {"at": float("-inf")}


def refresh_figures() -> NationalFigures:
    """Count the open networks, their active members and published projects (a job)."""
    from upcampus.accounts.models import Membership
    from upcampus.projects.models import Publication
    from upcampus.tenancy.models import Tenant

    with across_tenants():
        active = select(Tenant.id).where(Tenant.status == "active")
        networks = db.session.scalar(select(func.count()).select_from(active.subquery()))
        members = db.session.scalar(select(func.count(Membership.id)).where(
            Membership.status == "active", Membership.tenant_id.in_(active)))
        projects = db.session.scalar(select(func.count(Publication.id)).where(
            Publication.status == "published", Publication.tenant_id.in_(active)))
    row = db.session.get(NationalFigures, 1) or NationalFigures(id=1)
    row.networks, row.members, row.projects = networks, members, projects
    row.refreshed_at = utcnow()
    db.session.add(row)
    db.session.commit()
    return row


def refresh_figures_job() -> int:
    return refresh_figures().networks


def current_figures() -> NationalFigures | None:
    """The last figures counted (one primary-key read); asks for new ones when stale."""
    row = db.session.get(NationalFigures, 1)
    refreshed = row.refreshed_at if row is not None else None
    if refreshed is not None and refreshed.tzinfo is None:  # SQLite drops the zone
        refreshed = refreshed.replace(tzinfo=UTC)
    if refreshed is None or utcnow() - refreshed > FRESH_FOR:
        now = time.monotonic()
        if now - _asked["at"] >= ASK_EVERY_SECONDS or row is None:
            _asked["at"] = now
            enqueue(refresh_figures_job)  # inline without Redis: counted now
            # (an inline job has its own session, as a worker would: read its row anew)
            row = db.session.get(NationalFigures, 1, populate_existing=True)
    return row
