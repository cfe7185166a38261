"""Emails: the outbox row is the intent, the job is its delivery.

tenant_id says which city an email was sent for (NULL for the national site). Emails
hold reset links and private messages, so they have both walls: the ORM shows a city its
own emails only and national code the national ones (CityOrNational), and a PostgreSQL
policy does the same.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db, utcnow
from upcampus.tenancy.scoping import CityOrNational

EMAIL_STATUSES = ("queued", "sent", "kept", "failed")


class Email(CityOrNational, db.Model):
    __tablename__ = "emails"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sent', 'kept', 'failed')", name="status"),
        Index("ix_emails_tenant_created", "tenant_id", "created_at"),
        Index("ix_emails_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
