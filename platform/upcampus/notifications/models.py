"""Emails: the outbox row is the intent, the job is its delivery.

tenant_id says which city an email was sent for (NULL for the national site). Emails
hold reset links and private messages, so they have both walls: the ORM shows a city its
own emails only and national code the national ones (CityOrNational), and a PostgreSQL
policy does the same.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db, utcnow
from upcampus.tenancy.scoping import CityOrNational, TenantOwned

EMAIL_STATUSES = ("queued", "sending", "sent", "kept", "failed")


class Email(CityOrNational, db.Model):
    __tablename__ = "emails"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sending', 'sent', 'kept', 'failed')",
                        name="status"),
        Index("ix_emails_tenant_created", "tenant_id", "created_at"),
        Index("ix_emails_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    # The same content in the city's branded layout (multipart/alternative with the text).
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # status 'sending': claimed by one worker until then; past it, another may take it
    # (a worker killed mid-send).
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # RFC 8058 headers (List-Unsubscribe, List-Unsubscribe-Post) sent with the message.
    headers: Mapped[dict | None] = mapped_column(JSON)


# How a member hears of one kind (kinds.py holds the defaults).
CADENCES = ("weekly", "daily", "immediate", "app")


class Notification(TenantOwned, db.Model):
    """Something that happened to a member in their city. What it is about is kept as a
    (type, id) pair plus a snapshot of its title and address, so a deleted object still
    reads sensibly. emailed_at: told by email (at once or in a digest), never twice."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The bell (unread count) and the list (newest first) read only this index.
        Index("ix_notifications_recipient", "tenant_id", "membership_id", "read_at", "id"),
        Index("ix_notifications_digest", "tenant_id", "emailed_at", "membership_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    verb: Mapped[str] = mapped_column(String(32))
    about_type: Mapped[str | None] = mapped_column(String(32))
    about_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class NotificationPreference(TenantOwned, db.Model):
    """A member's choice for one kind; no row means the kind's default."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        UniqueConstraint("membership_id", "kind", name="uq_notification_preferences_kind"),
        CheckConstraint("cadence IN ('weekly', 'daily', 'immediate', 'app')", name="cadence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    cadence: Mapped[str] = mapped_column(String(16))


class DigestMarker(TenantOwned, db.Model):
    """When a member last got their daily and weekly digest in this city."""

    __tablename__ = "notification_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), unique=True)
    daily_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    weekly_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
