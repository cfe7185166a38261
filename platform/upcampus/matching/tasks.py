"""Keeping the index fresh: every flush notes which profiles, organisations, needs and
publications changed (whatever changed them: a page, the API, a command, the demo); at
commit they are re-indexed, by a job when Redis is configured, else inline in the same
transaction (development and tests). One place, so no operation has to remember it."""

from __future__ import annotations

import logging
from collections import defaultdict
from contextlib import nullcontext
from datetime import UTC, datetime, time, timedelta
from itertools import chain

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from upcampus.accounts.models import Membership, MembershipSkill, MembershipTheme
from upcampus.core.db import db
from upcampus.core.jobs import BULK, enqueue
from upcampus.organisations.models import Organisation, OrganisationSkill, OrganisationTheme
from upcampus.projects.models import Need, Publication, PublicationTheme
from upcampus.tenancy.context import current_scope, tenant_scope

log = logging.getLogger("upcampus.matching")
DIRTY, BUSY = "matching_dirty", "matching_busy"

# model -> (what to refresh, the attribute holding its id)
WATCHED = {
    Membership: ("member", "id"), MembershipSkill: ("member", "membership_id"),
    MembershipTheme: ("member", "membership_id"),
    Organisation: ("organisation", "id"), OrganisationSkill: ("organisation", "organisation_id"),
    OrganisationTheme: ("organisation", "organisation_id"),
    Need: ("need", "id"), Publication: ("publication", "id"),
    PublicationTheme: ("publication", "publication_id"),
}


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context) -> None:
    if session.info.get(BUSY):
        return
    for obj in chain(session.new, session.dirty, session.deleted):
        watched = WATCHED.get(type(obj))
        if watched is None:
            continue
        owner_id = getattr(obj, watched[1], None)
        if owner_id is not None and obj.tenant_id is not None:
            session.info.setdefault(DIRTY, set()).add((obj.tenant_id, watched[0], owner_id))


@event.listens_for(Session, "before_commit")
def _refresh_inline(session: Session) -> None:
    if session.info.get(BUSY) or not has_app_context() or current_app.config["REDIS_URL"]:
        return
    session.flush()
    changed = session.info.pop(DIRTY, None)
    if changed:
        session.info[BUSY] = True
        try:
            refresh_changed(sorted(changed))
        finally:
            session.info[BUSY] = False


@event.listens_for(Session, "after_commit")
def _enqueue_refresh(session: Session) -> None:
    changed = session.info.pop(DIRTY, None)
    if changed and has_app_context() and current_app.config["REDIS_URL"]:
        by_city = defaultdict(list)
        for tenant_id, kind, owner_id in changed:
            by_city[tenant_id].append([kind, owner_id])
        for tenant_id, items in by_city.items():
            enqueue(refresh_job, tenant_id, items)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(DIRTY, None)


def refresh_changed(changed: list[tuple[int, str, int]]) -> None:
    """Re-index what changed, city by city (not committed)."""
    from upcampus.matching import index

    by_city: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for tenant_id, kind, owner_id in changed:
        by_city[tenant_id][kind].add(owner_id)
    for tenant_id, kinds in by_city.items():
        scope = current_scope()
        same = scope.tenant_id == tenant_id and not scope.across
        with nullcontext() if same else tenant_scope(tenant_id):
            if kinds.get("publication"):
                kinds["need"] |= set(index.needs_of_publications(sorted(kinds["publication"])))
            lex = index.lexicon()
            for kind in ("member", "organisation", "need"):
                index.refresh(kind, sorted(kinds.get(kind, ())), lex)


def refresh_job(tenant_id: int, items: list[list]) -> None:
    """A job: re-index these [kind, id] of one city and commit."""
    db.session.info[BUSY] = True
    try:
        refresh_changed([(tenant_id, kind, owner_id) for kind, owner_id in items])
        db.session.commit()
    finally:
        db.session.info[BUSY] = False


def recompute_job(tenant_id: int) -> int:
    from upcampus.matching.index import recompute_city

    with tenant_scope(tenant_id):
        return recompute_city()


WEEKLY_AT = (0, time(7, 0, tzinfo=UTC))  # Mondays, early: read with the week's first coffee


def digest_city_job(tenant_id: int) -> int:
    """A job: the weekly digest of one city (emails are sent for that city)."""
    from upcampus.matching.digest import send_digests
    from upcampus.tenancy.models import Tenant
    from upcampus.tenancy.resolver import CityInfo

    row = db.session.get(Tenant, tenant_id)
    if row is None or row.status != "active":
        return 0
    with tenant_scope(tenant_id):
        return send_digests(CityInfo.load(tenant_id))


def digest_all_job() -> int:
    """Every week (core/scheduler.py): one bulk job per active city."""
    from upcampus.tenancy.operations import active_tenants

    tenants = active_tenants()
    for tenant in tenants:
        enqueue(digest_city_job, tenant.id, queue_name=BULK)
    return len(tenants)


def next_weekly_run(now: datetime) -> datetime:
    weekday, at = WEEKLY_AT
    day = now.date() + timedelta(days=(weekday - now.weekday()) % 7)
    when = datetime.combine(day, at)
    return when if when > now else when + timedelta(days=7)
