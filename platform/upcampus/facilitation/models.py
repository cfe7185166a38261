"""The city's track of a publication (spotted → qualified → accompanied → realised, or set
aside), its referent, private notes, the audit trail, partners and their accompaniments.
Every row belongs to one city; the holder's own stage stays on the publication."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Publication
from upcampus.tenancy.scoping import TenantOwned

# The city's steps, in order; SET_ASIDE is beside them, not after.
STEPS = ("spotted", "qualified", "accompanied", "realised")
SET_ASIDE = "set_aside"
ALL_STEPS = (*STEPS, SET_ASIDE)
SUPPORT_KINDS = ("advice", "funding", "premises", "communication", "network", "training",
                 "volunteers", "city_service")
ACCOMPANIMENT_STATES = ("requested", "declined", "active", "done", "stopped")
ACTIONS = ("step", "referent", "accompaniment", "note", "visibility")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Track(TenantOwned, db.Model):
    """The city's track of one publication: at most one, made when it is spotted."""

    __tablename__ = "facilitation_tracks"
    __table_args__ = (
        CheckConstraint(_in("step", ALL_STEPS), name="step"),
        UniqueConstraint("publication_id", name="uq_facilitation_tracks_publication"),
        Index("ix_facilitation_tracks_tenant_step_since", "tenant_id", "step", "step_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(16), default="spotted")
    step_since: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Where a set-aside project was, so reopening it brings it back there.
    step_before_aside: Mapped[str | None] = mapped_column(String(16))
    interest: Mapped[str] = mapped_column(Text, default="")  # why of collective interest
    local_need: Mapped[str] = mapped_column(Text, default="")  # the local need it answers
    aside_reason: Mapped[str] = mapped_column(Text, default="")  # the holder reads it
    referent_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"), index=True)
    spotted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    realised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The accompaniments' timeline is public when both the city and the holders say so.
    city_shows: Mapped[bool] = mapped_column(Boolean, default=False)
    holder_shows: Mapped[bool] = mapped_column(Boolean, default=False)

    publication: Mapped[Publication] = relationship()
    referent: Mapped[Membership | None] = relationship()


class TrackEvent(TenantOwned, db.Model):
    """The audit trail: who did what to a project's track, when, before and after. A
    note's event says a note was written, never what it says."""

    __tablename__ = "facilitation_events"
    __table_args__ = (
        CheckConstraint(_in("action", ACTIONS), name="action"),
        Index("ix_facilitation_events_publication_at", "publication_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[str] = mapped_column(String(200), default="")
    after: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    actor: Mapped[Membership | None] = relationship()


class Note(TenantOwned, db.Model):
    """What facilitators keep for each other: read by the city's facilitators and admins
    only, never indexed, exported or shown to the holders or partners."""

    __tablename__ = "facilitation_notes"
    __table_args__ = (Index("ix_facilitation_notes_publication", "publication_id",
                            "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[Membership | None] = relationship()


class Partner(TenantOwned, db.Model):
    """An organisation of the city the city counts on, with what it can bring."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("organisation_id", name="uq_partners_organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    brings: Mapped[list] = mapped_column(JSON, default=list)  # subset of SUPPORT_KINDS
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(320), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Accompaniment(TenantOwned, db.Model):
    """A facilitator asks a partner for one kind of support on a project; the partner's
    organisation admins accept or decline; once accepted it runs until done or stopped."""

    __tablename__ = "accompaniments"
    __table_args__ = (
        CheckConstraint(_in("status", ACCOMPANIMENT_STATES), name="status"),
        CheckConstraint(_in("kind", SUPPORT_KINDS), name="kind"),
        Index("ix_accompaniments_tenant_status_news", "tenant_id", "status", "last_news_at"),
        Index("ix_accompaniments_partner_status", "partner_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    brief: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="requested")
    answer: Mapped[str] = mapped_column(Text, default="")  # the partner's word
    outcome: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    last_news_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    partner: Mapped[Partner] = relationship(lazy="joined")
    publication: Mapped[Publication] = relationship()
    milestones: Mapped[list[Milestone]] = relationship(
        cascade="all, delete-orphan", order_by="(Milestone.happened_on, Milestone.id)")


class Milestone(TenantOwned, db.Model):
    __tablename__ = "accompaniment_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniments.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
