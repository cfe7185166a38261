"""Rules of speakers: the national directory kept by national editors, a city's local
speakers kept by its team, and a speaker's talks across cities (what each made public)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import can_edit_national_content, can_keep_local_speakers
from upcampus.core.db import db
from upcampus.core.images import ImageError, square_thumbnail
from upcampus.core.rules import RuleError, validated
from upcampus.events.models import Event, EventSpeaker, Speaker
from upcampus.events.schemas import SpeakerSchema
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.models import Tenant


def _topics(codes: list[str]) -> list[str]:
    """Theme codes of the shared taxonomy, in the taxonomy's order."""
    codes = sorted({str(code) for code in codes})
    found = list(db.session.scalars(select(Theme.code).where(
        Theme.code.in_(codes), Theme.tenant_id.is_(None), Theme.retired.is_(False))
        .order_by(Theme.code)))
    if len(found) != len(codes):
        raise RuleError("topics", _l("Choose entries from the list."))
    return found


def save_speaker(account: Account | None, membership: Membership | None, fields: dict,
                 speaker: Speaker | None = None, photo: bytes | None = None, *,
                 national: bool) -> Speaker:
    """Write or change a speaker: a national one (national editors, no city in scope) or
    a local one of the city in scope (its team)."""
    allowed = (can_edit_national_content(account) if national
               else can_keep_local_speakers(account, membership))
    if not allowed or (speaker is not None and speaker.national != national):
        raise RuleError("name", _l("You cannot edit this speaker."), "forbidden")
    data = validated(SpeakerSchema, fields)
    topics = _topics(data["topics"])
    if speaker is None:
        speaker = Speaker()
        db.session.add(speaker)
    speaker.name = data["name"]
    speaker.bio = {k: v for k, v in (("fr", data["bio_fr"]), ("en", data["bio_en"])) if v}
    speaker.topics = topics
    if photo:
        try:
            speaker.photo, speaker.photo_hash = square_thumbnail(photo)
        except ImageError as error:
            db.session.rollback()
            raise RuleError("photo", error.args[0]) from None
    db.session.commit()
    return speaker


def directory(national_only: bool = False) -> list[Speaker]:
    """Speakers in scope by name: the national ones, and the city's own in a city."""
    statement = select(Speaker).order_by(Speaker.name, Speaker.id)
    if national_only:
        statement = statement.where(Speaker.tenant_id.is_(None))
    return list(db.session.scalars(statement))


@dataclass
class Talk:
    event: Event
    city: Tenant


def public_events():
    """Published events of active cities that keep their agenda on. Run inside
    across_tenants()."""
    cities = [t.id for t in db.session.scalars(select(Tenant).where(Tenant.status == "active"))
              if (t.features or {}).get("events", True)]
    return select(Event).where(Event.status == "published", Event.tenant_id.in_(cities))


def talks_of(speaker: Speaker) -> list[Talk]:
    """Every public talk of a speaker, in every city, newest first: an explicit read
    across cities that keeps to what each city made public."""
    with across_tenants():
        events = list(db.session.scalars(public_events().where(Event.id.in_(
            select(EventSpeaker.event_id).where(EventSpeaker.speaker_id == speaker.id)))
            .order_by(Event.starts_at.desc(), Event.id.desc()).limit(200)))
        for event in events:
            db.session.expunge(event)
    cities = {t.id: t for t in db.session.scalars(select(Tenant).where(
        Tenant.id.in_({e.tenant_id for e in events})))} if events else {}
    return [Talk(event, cities[event.tenant_id]) for event in events]
