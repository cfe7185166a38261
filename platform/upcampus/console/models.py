"""The console's audit log: every action taken in the console, national data (no
tenant_id: it spans cities and outlives them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db, utcnow


class AuditEntry(db.Model):
    __tablename__ = "console_audit"
    __table_args__ = (Index("ix_console_audit_action_at", "action", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    actor_email: Mapped[str] = mapped_column(String(320))  # kept if the account goes
    action: Mapped[str] = mapped_column(String(40))
    city_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="SET NULL"), index=True)
    city_slug: Mapped[str] = mapped_column(String(63), default="")
    subject: Mapped[str] = mapped_column(String(120), default="")
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)
