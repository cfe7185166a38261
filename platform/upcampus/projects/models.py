"""Publications (ideas, projects, wishes), their needs, the help offered, and the
conversation around them. Every row belongs to one city."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
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
    select,
    text,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.organisations.models import Organisation
from upcampus.taxonomy.models import Skill, Theme, link_model
from upcampus.tenancy.scoping import TenantOwned

KINDS = ("idea", "project", "wish")
STAGES = ("idea", "in_progress", "realised", "paused", "abandoned")
SHARED_NATIONALLY = "status = 'published' AND shared_nationally IS true"
RESOURCES = ("premises", "funding", "equipment", "volunteers", "advice")
NEED_STATES = ("open", "filled", "withdrawn")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Publication(TenantOwned, db.Model):
    __tablename__ = "publications"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("stage", STAGES), name="stage"),
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        Index("ix_publications_tenant_status_published", "tenant_id", "status", "published_at"),
        Index("ix_publications_tenant_status_supports", "tenant_id", "status", "supports_count"),
        Index("ix_publications_tenant_featured", "tenant_id", "featured"),
        # The national showcase: the few projects shared nationally, among all cities'.
        Index("ix_publications_shared_nationally", "tenant_id",
              postgresql_where=text(SHARED_NATIONALLY), sqlite_where=text(SHARED_NATIONALLY)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="project")
    title: Mapped[str] = mapped_column(String(160))
    slug: Mapped[str] = mapped_column(String(170))
    description: Mapped[str] = mapped_column(Text, default="")
    neighbourhood: Mapped[str] = mapped_column(String(80), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[str] = mapped_column(String(16), default="idea")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    supports_count: Mapped[int] = mapped_column(Integer, default=0)
    open_needs_count: Mapped[int] = mapped_column(Integer, default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("memberships.id", ondelete="CASCADE"),
                                           index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Chosen by the city's facilitators: shown on the national showcase, offered as a
    # model other cities may start from, with what the holders learnt.
    shared_nationally: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())
    lessons: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Picked by a national editor: first on the showcase.
    national_highlight: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default=false())

    holders: Mapped[list[Holder]] = relationship(cascade="all, delete-orphan",
                                                 back_populates="publication")
    theme_links: Mapped[list[PublicationTheme]] = relationship(cascade="all, delete-orphan")
    needs: Mapped[list[Need]] = relationship(cascade="all, delete-orphan",
                                             back_populates="publication",
                                             order_by="Need.id")
    images: Mapped[list[PublicationImage]] = relationship(
        cascade="all, delete-orphan", order_by="PublicationImage.position")

    @property
    def themes(self) -> list[Theme]:
        return [link.theme for link in self.theme_links]

    @property
    def published(self) -> bool:
        return self.status == "published"


PublicationTheme = link_model("Publication", Theme)


class Holder(TenantOwned, db.Model):
    """Who carries a publication: a member, or an organisation of the city."""

    __tablename__ = "publication_holders"
    __table_args__ = (
        CheckConstraint("(membership_id IS NULL) <> (organisation_id IS NULL)", name="one"),
        UniqueConstraint("publication_id", "membership_id", "organisation_id",
                         name="uq_publication_holders_triple"),
        Index("ix_publication_holders_membership", "membership_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))

    publication: Mapped[Publication] = relationship(back_populates="holders")
    membership: Mapped[Membership | None] = relationship(lazy="joined")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")


class PublicationImage(TenantOwned, db.Model):
    __tablename__ = "publication_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    digest: Mapped[str] = mapped_column(String(64))
    alt: Mapped[str] = mapped_column(String(200), default="")


# A card's picture, read in the list's own query (a subquery, not one query per card).
Publication.cover_image_id = column_property(
    select(PublicationImage.id).where(PublicationImage.publication_id == Publication.id)
    .order_by(PublicationImage.position, PublicationImage.id).limit(1)
    .correlate_except(PublicationImage).scalar_subquery())


class Need(TenantOwned, db.Model):
    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint("kind IN ('skill', 'resource')", name="kind"),
        CheckConstraint(_in("state", NEED_STATES), name="state"),
        Index("ix_needs_tenant_state", "tenant_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    skill_id: Mapped[int | None] = mapped_column(ForeignKey("skills.id", ondelete="SET NULL"))
    resource: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    publication: Mapped[Publication] = relationship(back_populates="needs")
    skill: Mapped[Skill | None] = relationship(lazy="joined")
    offers: Mapped[list[HelpOffer]] = relationship(cascade="all, delete-orphan",
                                                   back_populates="need",
                                                   order_by="HelpOffer.id")


class HelpOffer(TenantOwned, db.Model):
    """"I can help": a member, possibly for one of their organisations, offers help."""

    __tablename__ = "help_offers"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'declined')", name="status"),
        UniqueConstraint("need_id", "membership_id", name="uq_help_offers_need_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"),
                                         index=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    need: Mapped[Need] = relationship(back_populates="offers")
    membership: Mapped[Membership] = relationship(lazy="joined")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")


class Comment(TenantOwned, db.Model):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_publication_created", "publication_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"))
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id",
                                                             ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    membership: Mapped[Membership] = relationship(lazy="joined")


class Support(TenantOwned, db.Model):
    """"I support this": one per member and publication."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("publication_id", "membership_id",
                                       name="uq_supports_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Follow(TenantOwned, db.Model):
    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("publication_id", "membership_id",
                                       name="uq_follows_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)


class ProjectUpdate(TenantOwned, db.Model):
    """News of the project, posted by its holders."""

    __tablename__ = "project_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publications.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    membership: Mapped[Membership] = relationship(lazy="joined")
