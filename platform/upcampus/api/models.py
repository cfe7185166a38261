"""Personal API tokens (one city, read or write, hashed at rest) and the answers kept
for replayed Idempotency-Keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db, utcnow
from upcampus.tenancy.scoping import TenantOwned

SCOPES = ("read", "write")


class ApiToken(TenantOwned, db.Model):
    """The secret is shown once; only its SHA-256 is kept, and a short prefix so that its
    owner recognises it in the list."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint("scope IN ('read', 'write')", name="scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(80))
    scope: Mapped[str] = mapped_column(String(8), default="read")
    prefix: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IdempotentAnswer(TenantOwned, db.Model):
    """The first answer to a write sent with an Idempotency-Key, per token: a replay with
    the same body gets it again, another body under the same key is refused."""

    __tablename__ = "api_idempotent_answers"
    __table_args__ = (UniqueConstraint("token_id", "key", name="uq_api_idempotent_answers_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
