"""Private notes of the city's team on a project, and its history. The track's moves are
in pipeline.py, partners and accompaniments in accompaniments.py."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.core.rules import validated
from upcampus.facilitation.models import Note, TrackEvent
from upcampus.facilitation.pipeline import record, require
from upcampus.facilitation.schemas import NoteSchema
from upcampus.projects.models import Publication


def add_note(publication: Publication, account: Account | None, actor: Membership | None,
             body: str) -> Note:
    """A note for the team; the audit trail says one was written, not what it says."""
    require(account, actor, "facilitation.notes", "body")
    note = Note(publication_id=publication.id, author_id=actor.id if actor else None,
                body=validated(NoteSchema, {"body": body})["body"])
    db.session.add(note)
    record(publication.id, actor, "note", "", "written")
    db.session.commit()
    return note


def notes_of(publication: Publication, account: Account | None,
             actor: Membership | None) -> list[Note]:
    require(account, actor, "facilitation.notes", "body")
    return list(db.session.scalars(select(Note).where(Note.publication_id == publication.id)
                                   .options(selectinload(Note.author)
                                            .joinedload(Membership.account))
                                   .order_by(Note.created_at.desc(), Note.id.desc())))


def history_of(publication: Publication, account: Account | None,
               actor: Membership | None) -> list[TrackEvent]:
    """The project's audit trail, newest first, for the city's team."""
    require(account, actor, "facilitation.run")
    return list(db.session.scalars(select(TrackEvent).where(
                                       TrackEvent.publication_id == publication.id)
                                   .options(selectinload(TrackEvent.actor)
                                            .joinedload(Membership.account))
                                   .order_by(TrackEvent.created_at.desc(), TrackEvent.id.desc())))
