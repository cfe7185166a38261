"""The shared taxonomy: themes and skills every city uses, so that matching and national
figures line up. A city may add local entries that stay its own (SharedOrLocal)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from upcampus.core.db import db
from upcampus.tenancy.scoping import SharedOrLocal, TenantOwned


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
    # Words and synonyms people use for it, per language: {"fr": [...], "en": [...]}
    # (matching reads them; local skills have none).
    keywords: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")

    family: Mapped[SkillFamily] = relationship(lazy="joined")


def link_model(owner: str, target: type[Theme] | type[Skill]) -> type:
    """The city-owned row tying an owner ("Membership", "Organisation", "Publication") to a
    theme or a skill: the five link tables differ only in these two names, so one function
    writes them (table `membership_skills`, columns `membership_id` and `skill_id`, one pair
    at most, an index to find owners by theme or skill within a city)."""
    key, aim = owner.lower(), target.__name__.lower()
    table = f"{key}_{target.__tablename__}"
    return type(f"{owner}{target.__name__}", (TenantOwned, db.Model), {
        "__tablename__": table,
        "__table_args__": (UniqueConstraint(f"{key}_id", f"{aim}_id", name=f"uq_{table}_pair"),
                           Index(f"ix_{table}_tenant_{aim}", "tenant_id", f"{aim}_id")),
        "__module__": __name__,
        "id": mapped_column(Integer, primary_key=True),
        f"{key}_id": mapped_column(Integer, ForeignKey(f"{key}s.id", ondelete="CASCADE"),
                                   index=True, nullable=False),
        f"{aim}_id": mapped_column(Integer, ForeignKey(f"{target.__tablename__}.id",
                                                       ondelete="CASCADE"), nullable=False),
        aim: relationship(target, lazy="joined"),
    })


class Tagged:
    """An owner of theme (and skill) links: its themes and skills as lists."""

    @property
    def themes(self) -> list[Theme]:
        return [link.theme for link in self.theme_links]

    @property
    def skills(self) -> list[Skill]:
        return [link.skill for link in self.skill_links]
