"""The shared taxonomy: themes and skills every city uses, so that matching and national
figures line up. A city may add local entries that stay its own (SharedOrLocal)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from upcampus.core.db import db
from upcampus.tenancy.scoping import SharedOrLocal


class Labelled:
    """French and English labels; `label(locale)` picks one."""

    label_fr: Mapped[str] = mapped_column(String(120))
    label_en: Mapped[str] = mapped_column(String(120))

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_fr


class Theme(Labelled, SharedOrLocal, db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class SkillFamily(Labelled, db.Model):
    """Families group skills; they are national only."""

    __tablename__ = "skill_families"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)


class Skill(Labelled, SharedOrLocal, db.Model):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("skill_families.id"), index=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    family: Mapped[SkillFamily] = relationship(lazy="joined")
