"""A city's own pages (about, charter of the network...), from its manifest folder."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db, utcnow
from upcampus.tenancy.scoping import TenantOwned


class Page(TenantOwned, db.Model):
    __tablename__ = "pages"
    __table_args__ = (
        UniqueConstraint("tenant_id", "slug", "locale", name="uq_pages_tenant_slug_locale"),
        Index("ix_pages_tenant_locale", "tenant_id", "locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63))
    locale: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)


class LegalText(TenantOwned, db.Model):
    """The city admin's own wording of a legal page (privacy, legal notice, accessibility),
    in one language, shown instead of the text generated from the city's settings. Kept
    apart from Page, which the manifest folder rewrites."""

    __tablename__ = "legal_texts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "slug", "locale", name="uq_legal_texts_tenant_slug_locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63))
    locale: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
