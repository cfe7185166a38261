"""A city network (tenant) and the hosts it answers on. National data: no tenant_id."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy_utils import TimezoneType

from upcampus.core.db import db, utcnow

STATUSES = ("active", "suspended", "archived")


class CityTimezone(TimezoneType):
    """SQLAlchemy-Utils' time zone column (a zoneinfo.ZoneInfo in Python, its name on
    disk), in the VARCHAR(64) the column always had: no migration."""

    impl = String(64)
    cache_ok = True

    def __init__(self):
        super().__init__(backend="zoneinfo")


class Tenant(db.Model):
    __tablename__ = "tenants"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'suspended', 'archived')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    city: Mapped[str] = mapped_column(String(120))
    subdomain: Mapped[str] = mapped_column(String(63), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    status_message: Mapped[dict] = mapped_column(JSON, default=dict)  # locale -> text
    description: Mapped[dict] = mapped_column(JSON, default=dict)  # locale -> text
    default_locale: Mapped[str] = mapped_column(String(8), default="fr")
    locales: Mapped[list] = mapped_column(JSON, default=lambda: ["fr", "en"])
    timezone: Mapped[ZoneInfo] = mapped_column(CityTimezone(), default="Europe/Paris")
    theme: Mapped[str] = mapped_column(String(63), default="default")
    branding: Mapped[dict] = mapped_column(JSON, default=dict)  # primary, secondary, font
    features: Mapped[dict] = mapped_column(JSON, default=dict)
    contact: Mapped[dict] = mapped_column(JSON, default=dict)
    terms: Mapped[dict] = mapped_column(JSON, default=dict)  # locale -> {msgid: words}
    # The city's own list: the only neighbourhoods offered as choices and filters.
    neighbourhoods: Mapped[list] = mapped_column(JSON, default=list)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(String(32))
    logo_hash: Mapped[str | None] = mapped_column(String(64))
    # What the last `tenants onboard` applied, field by field (pages as digests): the
    # database differing from it means the city was changed since (web, console), and a
    # manifest must not silently overwrite that (see tenancy/manifest_sync.py).
    onboarded: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    domains: Mapped[list[TenantDomain]] = relationship(
        back_populates="tenant", cascade="all, delete-orphan", order_by="TenantDomain.host")

    def __repr__(self) -> str:
        return f"<Tenant {self.slug} {self.status}>"


class TenantDomain(db.Model):
    """A custom domain a city owns (its subdomain of the base domain is implicit)."""

    __tablename__ = "tenant_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"),
                                           index=True)
    host: Mapped[str] = mapped_column(String(253), unique=True)

    tenant: Mapped[Tenant] = relationship(back_populates="domains")


class TenantGeneration(db.Model):
    """One row whose number goes up in the same transaction as any change to a city or
    its hosts: every process compares it, per request, to drop its host cache at once."""

    __tablename__ = "tenant_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class DemoRun(db.Model):
    """Marks demo content as loaded for a city, so `upcampus demo load` runs once."""

    __tablename__ = "demo_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"),
                                           unique=True)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    summary: Mapped[str] = mapped_column(Text, default="")
