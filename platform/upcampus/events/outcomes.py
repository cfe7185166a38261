"""After the event: what its organisers say came out of it (projects born at it or joined
there, organisations met, how many people came), a project's "born at", and the figures
of the facilitation report."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, func, select

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.rules import RuleError, validated
from upcampus.events.models import Event, EventOutcome
from upcampus.events.operations import may_edit
from upcampus.events.schemas import OutcomeSchema
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Publication


def _existing(model, ids: list[int], field: str, *where) -> list[int]:
    ids = sorted(set(ids))
    found = set(db.session.scalars(select(model.id).where(model.id.in_(ids), *where)))
    if found != set(ids):
        raise RuleError(field, _l("Choose entries from the list."))
    return ids


def record_outcomes(event: Event, account: Account | None, membership: Membership | None,
                    payload: dict, *, now: datetime | None = None) -> Event:
    """Replace what the event led to; only its organisers, once it has started."""
    if not may_edit(event, account, membership):
        raise RuleError("attendance", _l("Only the organisers of this event can edit it."),
                        "forbidden")
    from upcampus.events.operations import as_utc

    if as_utc(event.starts_at) > (now or utcnow()):
        raise RuleError("attendance", _l(
            "What came out of an event is recorded once it has started."))
    data = validated(OutcomeSchema, payload)
    published = Publication.status == "published"
    born = _existing(Publication, data["born_ids"], "born", published)
    joined = [i for i in _existing(Publication, data["joined_ids"], "joined", published)
              if i not in born]
    met = _existing(Organisation, data["met_ids"], "met")
    serialise_on(Event, event.id)  # two organisers saving at once: one wins whole
    event.outcomes.clear()
    db.session.flush()
    event.outcomes.extend([EventOutcome(kind="born", publication_id=i) for i in born]
                          + [EventOutcome(kind="joined", publication_id=i) for i in joined]
                          + [EventOutcome(kind="met", organisation_id=i) for i in met])
    event.attendance = data["attendance"]
    db.session.commit()
    return event


def outcome_ids(event: Event) -> dict[str, list[int]]:
    ids = {"born": [], "joined": [], "met": []}
    for outcome in event.outcomes:
        ids[outcome.kind].append(outcome.publication_id or outcome.organisation_id)
    return ids


def born_at(publication_id: int) -> list[Event]:
    """The events of the city in scope a project was born at (published ones)."""
    return list(db.session.scalars(select(Event).join(
        EventOutcome, EventOutcome.event_id == Event.id).where(
        EventOutcome.publication_id == publication_id, EventOutcome.kind == "born",
        Event.status == "published").order_by(Event.starts_at)))


def report_figures(since: datetime, until: datetime) -> dict[str, int]:
    """Events held in the period (published, started in it) and the projects born at
    them, for the city in scope."""
    held = (Event.status == "published", Event.starts_at >= since, Event.starts_at < until,
            Event.starts_at <= utcnow())
    events = db.session.scalar(select(func.count()).select_from(Event).where(*held))
    born = db.session.scalar(select(func.count(distinct(EventOutcome.publication_id)))
                             .join(Event, Event.id == EventOutcome.event_id)
                             .where(EventOutcome.kind == "born", *held))
    attendance = db.session.scalar(select(func.coalesce(func.sum(Event.attendance), 0))
                                   .where(*held))
    return {"events_held": events, "projects_born": born, "attendance": attendance}
