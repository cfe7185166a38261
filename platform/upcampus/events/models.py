"""Events of a city (conferences, workshops, meet-ups, visits, trainings) and the people
registered for them. Times are stored in UTC and shown in the city's time zone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Publication
from upcampus.taxonomy.models import Tagged, Theme, link_model
from upcampus.tenancy.scoping import SharedOrLocal, TenantOwned

KINDS = ("conference", "workshop", "meetup", "visit", "training")
STATUSES = ("published", "cancelled")
# confirmed: has a seat; waiting: on the waitlist; offered: promoted, to confirm in time;
# pending: a guest who has not confirmed their email yet; cancelled: gave the seat back.
REGISTRATION_STATES = ("confirmed", "waiting", "offered", "pending", "cancelled")
HOLDING = ("confirmed", "offered")  # states that hold a seat


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Event(Tagged, TenantOwned, db.Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="seats"),
        Index("ix_events_tenant_starts", "tenant_id", "starts_at"),
        Index("ix_events_tenant_kind_starts", "tenant_id", "kind", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    slug: Mapped[str] = mapped_column(String(170))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="conference")
    status: Mapped[str] = mapped_column(String(16), default="published")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place_name: Mapped[str] = mapped_column(String(160), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(300), default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: no limit
    # Shown on the national agenda too (the city opens it to every city's visitors).
    open_to_all: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    attendance: Mapped[int | None] = mapped_column(Integer)  # counted after the event
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    registration_opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    registration_closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    theme_links: Mapped[list[EventTheme]] = relationship(cascade="all, delete-orphan")
    organisation_links: Mapped[list[EventOrganisation]] = relationship(
        cascade="all, delete-orphan")
    project_links: Mapped[list[EventProject]] = relationship(cascade="all, delete-orphan")
    speaker_links: Mapped[list[EventSpeaker]] = relationship(
        cascade="all, delete-orphan", order_by="EventSpeaker.id")
    outcomes: Mapped[list[EventOutcome]] = relationship(cascade="all, delete-orphan",
                                                        order_by="EventOutcome.id")

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def organisations(self) -> list[Organisation]:
        return [link.organisation for link in self.organisation_links]

    @property
    def projects(self) -> list[Publication]:
        return [link.publication for link in self.project_links]

    @property
    def speakers(self) -> list[Speaker]:
        return [link.speaker for link in self.speaker_links]


EventTheme = link_model("Event", Theme)


class EventOrganisation(TenantOwned, db.Model):
    """An organisation that organises the event: its admins may edit it."""

    __tablename__ = "event_organisations"
    __table_args__ = (UniqueConstraint("event_id", "organisation_id",
                                       name="uq_event_organisations_pair"),
                      Index("ix_event_organisations_organisation", "organisation_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class EventProject(TenantOwned, db.Model):
    """A project the event is about (what came out of it is in EventOutcome)."""

    __tablename__ = "event_projects"
    __table_args__ = (UniqueConstraint("event_id", "publication_id",
                                       name="uq_event_projects_pair"),
                      Index("ix_event_projects_publication", "publication_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"))

    publication: Mapped[Publication] = relationship(lazy="joined")


class Registration(TenantOwned, db.Model):
    """A member's or a guest's place at an event (or on its waitlist)."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        CheckConstraint(_in("state", REGISTRATION_STATES), name="state"),
        CheckConstraint("(membership_id IS NULL) <> (guest_email IS NULL)", name="who"),
        UniqueConstraint("event_id", "membership_id", name="uq_event_registrations_member"),
        UniqueConstraint("event_id", "guest_email", name="uq_event_registrations_guest"),
        Index("ix_event_registrations_event_state", "event_id", "state", "id"),
        Index("ix_event_registrations_membership", "membership_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"))
    guest_name: Mapped[str] = mapped_column(String(120), default="")
    guest_email: Mapped[str | None] = mapped_column(String(320))
    state: Mapped[str] = mapped_column(String(16), default="confirmed")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    offered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    event: Mapped[Event] = relationship()
    membership: Mapped[Membership | None] = relationship(lazy="joined")

    @property
    def name(self) -> str:
        return self.membership.account.display_name if self.membership else self.guest_name

    @property
    def email(self) -> str:
        return self.membership.account.email if self.membership else (self.guest_email or "")


class Speaker(SharedOrLocal, db.Model):
    """A speaker: national (tenant_id NULL, kept by national editors, any city may invite
    them) or a city's local one."""

    __tablename__ = "speakers"
    __table_args__ = (Index("ix_speakers_tenant_name", "tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    bio: Mapped[dict] = mapped_column(JSON, default=dict)  # locale -> short text
    topics: Mapped[list] = mapped_column(JSON, default=list)  # theme codes
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    photo_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def national(self) -> bool:
        return self.tenant_id is None

    def bio_in(self, locale: str) -> str:
        values = self.bio or {}
        return values.get(locale) or values.get("fr") or next(iter(values.values()), "")


class EventSpeaker(TenantOwned, db.Model):
    __tablename__ = "event_speakers"
    __table_args__ = (UniqueConstraint("event_id", "speaker_id",
                                       name="uq_event_speakers_pair"),
                      Index("ix_event_speakers_speaker", "speaker_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))

    speaker: Mapped[Speaker] = relationship(lazy="joined")


OUTCOMES = ("born", "joined", "met")


class EventOutcome(TenantOwned, db.Model):
    """What came out of an event: a project born at it or joined there (a publication),
    or an organisation met."""

    __tablename__ = "event_outcomes"
    __table_args__ = (
        CheckConstraint(_in("kind", OUTCOMES), name="kind"),
        CheckConstraint("(publication_id IS NULL) <> (organisation_id IS NULL)", name="one"),
        CheckConstraint("(kind = 'met') = (organisation_id IS NOT NULL)", name="kind_fits"),
        Index("ix_event_outcomes_publication", "tenant_id", "publication_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    kind: Mapped[str] = mapped_column(String(8))
    publication_id: Mapped[int | None] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))

    publication: Mapped[Publication | None] = relationship(lazy="joined")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")


class NationalEvent(db.Model):
    """An event Mouvement UP publishes on the national site (national data, no
    tenant_id): on every city's agenda, unless the city hides it."""

    __tablename__ = "national_events"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_national_events_starts", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[dict] = mapped_column(JSON, default=dict)  # locale -> text
    description: Mapped[dict] = mapped_column(JSON, default=dict)  # locale -> Markdown
    kind: Mapped[str] = mapped_column(String(16), default="conference")
    status: Mapped[str] = mapped_column(String(16), default="published")
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place_name: Mapped[str] = mapped_column(String(160), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    national = True

    def text(self, field: str, locale: str) -> str:
        values = getattr(self, field) or {}
        return values.get(locale) or values.get("fr") or next(iter(values.values()), "")


class HiddenNationalEvent(TenantOwned, db.Model):
    """A national event a city took off its own agenda."""

    __tablename__ = "hidden_national_events"
    __table_args__ = (UniqueConstraint("tenant_id", "national_event_id",
                                       name="uq_hidden_national_events_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    national_event_id: Mapped[int] = mapped_column(
        ForeignKey("national_events.id", ondelete="CASCADE"))
