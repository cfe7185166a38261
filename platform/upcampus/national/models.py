"""The national site's own rows (no tenant_id)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db, utcnow


class NationalFigures(db.Model):
    """The national home's figures, one row, counted across cities by a job
    (national/summary.py), never per request: the home costs the same with 2 cities or
    2,000."""

    __tablename__ = "national_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    networks: Mapped[int] = mapped_column(default=0)
    members: Mapped[int] = mapped_column(default=0)
    projects: Mapped[int] = mapped_column(default=0)
    refreshed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
