"""National data (no tenant_id): news, the shared pages, and which local project was
started from which other city's model."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db, utcnow

# The shared pages every city links to; a city may add its own beside them.
NATIONAL_PAGES = ("charte", "conditions", "mentions-legales", "confidentialite",
                  "accessibilite")


class NationalNews(db.Model):
    __tablename__ = "national_news"
    __table_args__ = (Index("ix_national_news_published", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[dict] = mapped_column(JSON, default=dict)  # locale -> text
    body: Mapped[dict] = mapped_column(JSON, default=dict)  # locale -> Markdown
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Also shown on every city's home page (each visitor may dismiss it).
    pushed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def text(self, field: str, locale: str) -> str:
        values = getattr(self, field) or {}
        return values.get(locale) or values.get("fr") or next(iter(values.values()), "")


class NationalPage(db.Model):
    __tablename__ = "national_pages"
    __table_args__ = (UniqueConstraint("slug", "locale", name="uq_national_pages_slug_locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63))
    locale: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)


class Replication(db.Model):
    """A project one city started from another city's model: the credit, national data.
    Only what the original had made public is copied; this row keeps the link."""

    __tablename__ = "replications"
    __table_args__ = (
        UniqueConstraint("replica_tenant_id", "replica_publication_id",
                         name="uq_replications_replica"),
        Index("ix_replications_original", "original_tenant_id", "original_publication_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    original_tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"))
    original_publication_id: Mapped[int] = mapped_column(Integer)
    original_title: Mapped[str] = mapped_column(String(160))
    lessons: Mapped[str] = mapped_column(Text, default="")
    replica_tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    replica_publication_id: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NationalFigures(db.Model):
    """The national home's figures, one row, counted across cities by a job
    (national/summary.py), never per request: the home costs the same with 2 cities or
    2,000."""

    __tablename__ = "national_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    networks: Mapped[int] = mapped_column(default=0)
    members: Mapped[int] = mapped_column(default=0)
    projects: Mapped[int] = mapped_column(default=0)
    refreshed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
