"""Emails: the outbox row is the intent, the job is its delivery.

National data keyed by recipient: tenant_id says which city an email was sent for (NULL
for the national site). Only notifications.operations reads it, always filtered.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db, utcnow

EMAIL_STATUSES = ("queued", "sent", "kept", "failed")


class Email(db.Model):
    __tablename__ = "emails"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sent', 'kept', 'failed')", name="status"),
        Index("ix_emails_tenant_created", "tenant_id", "created_at"),
        Index("ix_emails_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
