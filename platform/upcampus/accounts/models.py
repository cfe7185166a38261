"""One national account per person; a membership joins it to a city, with a role and a
profile for that city."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
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
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from upcampus.core.db import db, utcnow
from upcampus.taxonomy.models import Skill, Tagged, Theme, link_model
from upcampus.tenancy.scoping import TenantOwned

ROLES = ("member", "facilitator", "moderator", "admin")
# Roles of Mouvement UP's team, beside is_platform_admin (which may do everything).
NATIONAL_ROLES = ("editor", "support")
VISIBILITIES = ("public", "members", "hidden")


class Account(UserMixin, db.Model):
    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("national_role IN ('editor', 'support')", name="national_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str | None] = mapped_column(String(8))
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    national_role: Mapped[str | None] = mapped_column(String(16))  # NATIONAL_ROLES
    # Bumped when the password changes: every session, remember cookie and reset link
    # issued before then stops working.
    auth_version: Mapped[int] = mapped_column(Integer, default=1)
    avatar: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    avatar_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Blocked by a platform admin in every city at once: reads, takes part nowhere until
    # then (accounts/policy.py).
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Retention (retention.py): when the person was told their inactive account will go;
    # a later sign-in voids both warnings.
    inactivity_warned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    inactivity_rewarned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def get_id(self) -> str:
        from upcampus.accounts.sessions import session_id_for

        return session_id_for(self)


class Membership(Tagged, TenantOwned, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("tenant_id", "account_id", name="uq_memberships_tenant_account"),
        CheckConstraint("role IN ('member', 'facilitator', 'moderator', 'admin')", name="role"),
        CheckConstraint("status IN ('active', 'suspended')", name="status"),
        CheckConstraint("visibility IN ('public', 'members', 'hidden')", name="visibility"),
        Index("ix_memberships_tenant_status_joined", "tenant_id", "status", "joined_at"),
        Index("ix_memberships_tenant_neighbourhood", "tenant_id", "neighbourhood"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    status: Mapped[str] = mapped_column(String(16), default="active")
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    bio: Mapped[str] = mapped_column(Text, default="")
    neighbourhood: Mapped[str] = mapped_column(String(80), default="")
    offers: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(16), default="members")
    # Consent: whether matching may suggest this member to project holders.
    suggestable: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Whether other members may start a conversation with this one (conversations/).
    open_to_messages: Mapped[bool] = mapped_column(Boolean, default=True,
                                                   server_default=true())
    # Blocked by the city's moderators: reads, but neither publishes, comments nor helps
    # until then (FOREVER: for good). accounts/policy.py decides what it allows.
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    account: Mapped[Account] = relationship(lazy="joined")  # shown wherever a member is
    skill_links: Mapped[list[MembershipSkill]] = relationship(cascade="all, delete-orphan")
    theme_links: Mapped[list[MembershipTheme]] = relationship(cascade="all, delete-orphan")




MembershipSkill = link_model("Membership", Skill)
MembershipTheme = link_model("Membership", Theme)


class AuthThrottle(db.Model):
    """Failed logins per key ('account:<email>', 'address:<ip>') in the current window."""

    __tablename__ = "auth_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)


class AuthSession(db.Model):
    """One signed-in device: the session and remember cookies carry a random token whose
    SHA-256 is this row's id, so logging out (or out everywhere) ends it server-side and a
    saved cookie opens nothing afterwards. `host_key` keeps a login on the host that made
    it ('c<city id>' or 'n' for the national site)."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            index=True)
    host_key: Mapped[str] = mapped_column(String(24))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HandoffTicket(db.Model):
    """One hand-off of a login from the host that issued it to one target host
    (handoff.py): its id is the SHA-256 of the ticket's secret, it names the target's host
    key and the digest of the state the target's session asked with, and `used_at` makes
    it work once."""

    __tablename__ = "handoff_tickets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            index=True)
    target_key: Mapped[str] = mapped_column(String(24))
    state_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DataExport(db.Model):
    """"Download my data": an archive of everything about one account across every city,
    prepared by a job and kept for EXPORT_DAYS behind its owner's session."""

    __tablename__ = "data_exports"
    __table_args__ = (
        CheckConstraint("status IN ('preparing', 'ready', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            index=True)
    status: Mapped[str] = mapped_column(String(16), default="preparing")
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    archive: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)


class Consent(db.Model):
    """Acceptance of one version of a shared document (the charter, the terms of use) by
    one account: national (one account, every city), with the city it was given in."""

    __tablename__ = "consents"
    __table_args__ = (
        UniqueConstraint("account_id", "document", "version", name="uq_consents_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            index=True)
    document: Mapped[str] = mapped_column(String(32))
    version: Mapped[str] = mapped_column(String(32))
    accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Where it was given (None: the national site); not a city row, so named apart.
    city_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id", ondelete="SET NULL"))
class ErasedEmail(db.Model):
    """The address of a deleted account that had been blocked, kept only as an HMAC (keyed
    with the app's secret) so that it cannot sign up again; nothing else of the person."""

    __tablename__ = "erased_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
