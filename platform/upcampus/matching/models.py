"""Matching's tables: the inverted index of a city's profiles and needs (term vectors,
refreshed when one changes), and the invitations holders send to suggested people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Need
from upcampus.tenancy.scoping import TenantOwned

# Exactly one owner, written so both databases read it alike.
ONE_OWNER = ("(CASE WHEN membership_id IS NULL THEN 0 ELSE 1 END)"
             " + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END)"
             " + (CASE WHEN need_id IS NULL THEN 0 ELSE 1 END) = 1")


class MatchTerm(TenantOwned, db.Model):
    """One term of one vector: a member's, an organisation's or a need's. Terms are
    prefixed by what they are (see scoring.py): "s:accounting", "w:jardin", "n:robinson".
    Suggestions read the rows of a need's terms only, through (tenant_id, term)."""

    __tablename__ = "match_terms"
    __table_args__ = (
        CheckConstraint(ONE_OWNER, name="one_owner"),
        # Covering: a suggestion reads only this index (owners and weights of its terms).
        Index("ix_match_terms_tenant_term", "tenant_id", "term", "need_id", "membership_id",
              "organisation_id", "weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(90))
    weight: Mapped[float] = mapped_column(Float)
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"),
                                                index=True)


INVITATION_STATES = ("pending", "offered", "declined")


class Invitation(TenantOwned, db.Model):
    """A holder asked a suggested member (or organisation) to help on a need. A decline
    stays between matching and the invited person: holders see "invited" either way."""

    __tablename__ = "match_invitations"
    __table_args__ = (
        CheckConstraint("(membership_id IS NULL) <> (organisation_id IS NULL)", name="one"),
        CheckConstraint("status IN ('pending', 'offered', 'declined')", name="status"),
        UniqueConstraint("need_id", "membership_id", name="uq_match_invitations_member"),
        UniqueConstraint("need_id", "organisation_id", name="uq_match_invitations_org"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"),
                                         index=True)
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    need: Mapped[Need] = relationship()
    membership: Mapped[Membership | None] = relationship(foreign_keys=[membership_id])
    organisation: Mapped[Organisation | None] = relationship()



class Notice(TenantOwned, db.Model):
    """A need a member was told of in a digest: nobody gets the same suggestion twice."""

    __tablename__ = "match_notices"
    __table_args__ = (UniqueConstraint("membership_id", "need_id", name="uq_match_notices_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
