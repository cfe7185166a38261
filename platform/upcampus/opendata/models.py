"""A city's generated open-data files, kept in the database so that every process serves
the same bytes (no shared disk between web processes and workers)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db, utcnow
from upcampus.tenancy.scoping import TenantOwned

DATASETS = ("projects", "organisations", "events")
FORMATS = ("csv", "json")


class OpenDataFile(TenantOwned, db.Model):
    __tablename__ = "open_data_files"
    __table_args__ = (
        UniqueConstraint("tenant_id", "dataset", "fmt", name="uq_open_data_files_file"),
        CheckConstraint("dataset IN ('projects', 'organisations', 'events')", name="dataset"),
        CheckConstraint("fmt IN ('csv', 'json')", name="fmt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(32))
    fmt: Mapped[str] = mapped_column(String(8))
    # Deferred: the listing and a conditional request (304) never read the bytes.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer)
    row_count: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    generated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
