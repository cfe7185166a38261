"""Reports on what members wrote, the case each reported item opens in the city's
moderation queue, the decisions taken on it (the audit trail), and the city's own
moderation settings. Every row belongs to one city."""

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from upcampus.core.db import db, utcnow
from upcampus.tenancy.scoping import TenantOwned

KINDS = ("publication", "comment", "organisation", "profile", "message", "event")
REASONS = ("spam", "abuse", "personal_data", "illegal", "other")
# What a moderator decides; "watch" opens a case without any report (words to watch).
ACTIONS = ("keep", "hide", "remove", "warn", "block")
STATES = ("open", "kept", "hidden", "removed", "warned", "blocked")
APPEAL_STATES = ("none", "pending", "upheld", "overturned")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Case(TenantOwned, db.Model):
    """One reported (or held) item: its reports, whether it is hidden while it waits,
    the decision and the author's one appeal. `snapshot` keeps the reported words, so the
    moderator sees them in context and a hidden text can be put back."""

    __tablename__ = "moderation_cases"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "target_id", name="uq_moderation_cases_item"),
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("state", STATES), name="state"),
        CheckConstraint(_in("appeal_state", APPEAL_STATES), name="appeal_state"),
        Index("ix_moderation_cases_tenant_state", "tenant_id", "state", "reports_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="open")
    # Hidden while waiting: reported by enough people, or caught by words to watch.
    held: Mapped[bool] = mapped_column(default=False)
    held_for_words: Mapped[bool] = mapped_column(default=False)
    reports_count: Mapped[int] = mapped_column(Integer, default=0)
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")  # shown to the author
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    appeal_state: Mapped[str] = mapped_column(String(16), default="none")
    appeal_note: Mapped[str] = mapped_column(Text, default="")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    reports: Mapped[list[Report]] = relationship(back_populates="case",
                                                 order_by="Report.id")
    actions: Mapped[list[CaseAction]] = relationship(order_by="CaseAction.id")


class Report(TenantOwned, db.Model):
    __tablename__ = "moderation_reports"
    __table_args__ = (
        UniqueConstraint("case_id", "reporter_id", name="uq_moderation_reports_once"),
        CheckConstraint(_in("reason", REASONS), name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_cases.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="reports")


class CaseAction(TenantOwned, db.Model):
    """The audit trail: every decision and every appeal review, by whom, when, why."""

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_cases.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ModerationSettings(TenantOwned, db.Model):
    """A city's own settings: how many reports hide an item until it is reviewed, and the
    words that send a new publication or comment to review before it shows."""

    __tablename__ = "moderation_settings"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_moderation_settings_tenant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hide_after: Mapped[int] = mapped_column(Integer, default=3)
    watch_words: Mapped[list] = mapped_column(JSON, default=list)
