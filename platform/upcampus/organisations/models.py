"""Organisations of a city: associations, businesses, city services, support
organisations, funders, institutions, schools. Members hold a role in each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, String, Text
from sqlalchemy import UniqueConstraint as Unique
from sqlalchemy.orm import Mapped, mapped_column, relationship

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.taxonomy.models import Skill, Tagged, Theme, link_model
from upcampus.tenancy.scoping import TenantOwned

ORGANISATION_KINDS = ("association", "business", "city_service", "support", "funder",
                      "public_institution", "school")
OFFER_KINDS = ("skills", "premises", "funding", "advice", "network", "training")


class Organisation(Tagged, TenantOwned, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        Index("ix_organisations_tenant_kind_name", "tenant_id", "kind", "name"),
        Unique("tenant_id", "slug", name="uq_organisations_tenant_slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(130))
    kind: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    neighbourhood: Mapped[str] = mapped_column(String(80), default="")
    offers: Mapped[list] = mapped_column(JSON, default=list)  # subset of OFFER_KINDS
    offer_details: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    members: Mapped[list[OrganisationMember]] = relationship(
        cascade="all, delete-orphan", back_populates="organisation")
    skill_links: Mapped[list[OrganisationSkill]] = relationship(cascade="all, delete-orphan")
    theme_links: Mapped[list[OrganisationTheme]] = relationship(cascade="all, delete-orphan")


OrganisationSkill = link_model("Organisation", Skill)
OrganisationTheme = link_model("Organisation", Theme)


class OrganisationMember(TenantOwned, db.Model):
    __tablename__ = "organisation_members"
    __table_args__ = (
        Unique("organisation_id", "membership_id", name="uq_organisation_members_pair"),
        CheckConstraint("role IN ('admin', 'member')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    membership: Mapped[Membership] = relationship()


class OrganisationJoinRequest(TenantOwned, db.Model):
    __tablename__ = "organisation_join_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'declined')", name="status"),
        Index("ix_organisation_join_requests_org_status", "organisation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    membership: Mapped[Membership] = relationship()
    organisation: Mapped[Organisation] = relationship()


