"""A conversation joins a person (`member_id`) and another side: a person (`other_id`)
or an organisation whose admins answer (`organisation_id`). `pair_key` names the pair in
its context (an offer, an accompaniment, an organisation, or none), unique in the city:
two first messages at once make one conversation. Each side keeps when it last read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.organisations.models import Organisation
from upcampus.tenancy.scoping import TenantOwned

CONTEXTS = ("member", "offer", "accompaniment", "organisation")


class Conversation(TenantOwned, db.Model):
    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "pair_key", name="uq_conversations_pair"),
        CheckConstraint("context IN ('member', 'offer', 'accompaniment', 'organisation')",
                        name="context"),
        Index("ix_conversations_member", "tenant_id", "member_id", "last_message_at"),
        Index("ix_conversations_other", "tenant_id", "other_id", "last_message_at"),
        Index("ix_conversations_organisation", "tenant_id", "organisation_id",
              "last_message_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    context: Mapped[str] = mapped_column(String(16))
    context_id: Mapped[int | None] = mapped_column(Integer)
    pair_key: Mapped[str] = mapped_column(String(80))
    # A member who leaves the city leaves the conversation to the other side.
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    other_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(300), default="")  # a snapshot: the project
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    member_read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    other_read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    member: Mapped[Membership | None] = relationship(foreign_keys=[member_id])
    other: Mapped[Membership | None] = relationship(foreign_keys=[other_id])
    organisation: Mapped[Organisation | None] = relationship()


class Message(TenantOwned, db.Model):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    # Reported and hidden by the moderators (moderation/targets.py): the words wait.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[Membership | None] = relationship(lazy="joined")


class MemberBlock(TenantOwned, db.Model):
    """A member no longer hears from another: neither writes to the other any more."""

    __tablename__ = "member_blocks"
    __table_args__ = (
        UniqueConstraint("blocker_id", "blocked_id", name="uq_member_blocks_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    blocker_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    blocked_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
