"""Rules of the taxonomy: load the shared file, list what the current city sees, let a
city add its own entries."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from upcampus.core.db import db
from upcampus.core.rules import RuleError, validated
from upcampus.taxonomy.models import Skill, SkillFamily, Theme
from upcampus.taxonomy.schemas import LocalEntrySchema
from upcampus.tenancy.context import current_tenant_id
from upcampus.tenancy.neighbourhoods import filtered

SHARED_FILE = Path(__file__).with_name("shared.toml")
LOCAL_FAMILY = "local"


def sync_shared_taxonomy(path: Path = SHARED_FILE) -> dict[str, int]:
    """Create or update the shared entries from the file (no city in scope); idempotent.
    Entries missing from the file are retired, never deleted: profiles point at them."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    changed = {"themes": 0, "families": 0, "skills": 0}
    themes = {t.code: t for t in db.session.scalars(select(Theme))}
    for code, labels in data["themes"].items():
        changed["themes"] += _upsert(themes.pop(code, None), Theme, code, labels)
    for leftover in themes.values():
        leftover.retired = True
    families = {f.code: f for f in db.session.scalars(select(SkillFamily))}
    skills = {s.code: s for s in db.session.scalars(select(Skill))}
    for family_code, family_data in data["skill_families"].items():
        family = families.get(family_code)
        changed["families"] += _upsert(family, SkillFamily, family_code, family_data["label"])
        family = family or db.session.scalars(
            select(SkillFamily).where(SkillFamily.code == family_code)).one()
        for code, labels in family_data["skills"].items():
            changed["skills"] += _upsert(skills.pop(code, None), Skill, code, labels,
                                         family_id=family.id,
                                         keywords=_keywords(data, code))
    for leftover in skills.values():
        leftover.retired = True
    _upsert(families.get(LOCAL_FAMILY), SkillFamily, LOCAL_FAMILY,
            {"fr": "Compétences locales", "en": "Local skills"})
    db.session.commit()
    return changed


def _keywords(data: dict, code: str) -> dict[str, list[str]]:
    entry = data.get("keywords", {}).get(code, {})
    return {"fr": list(entry.get("fr", [])), "en": list(entry.get("en", []))}


def _upsert(row, model, code: str, labels: dict, **extra) -> int:
    wanted = {"label_fr": labels["fr"], "label_en": labels["en"], **extra}
    if hasattr(model, "retired"):
        wanted["retired"] = False
    if row is None:
        db.session.add(model(code=code, **wanted))
        db.session.flush()
        return 1
    changes = {k: v for k, v in wanted.items() if getattr(row, k) != v}
    for key, value in changes.items():
        setattr(row, key, value)
    return int(bool(changes))


def visible_themes() -> list[Theme]:
    """Shared themes and the current city's own, by French label."""
    return list(db.session.scalars(
        select(Theme).where(Theme.retired.is_(False)).order_by(Theme.label_fr)))


def visible_skills() -> list[Skill]:
    return list(db.session.scalars(
        select(Skill).where(Skill.retired.is_(False)).order_by(Skill.family_id, Skill.label_fr)))


def ids_of_codes(model, codes: list[str], field: str) -> list[int]:
    """The ids of the themes or skills this city sees with these codes (the API names
    them by code, as /api/v1/taxonomy does); an unknown or retired code is refused."""
    codes = sorted(set(codes))
    if any(not code or len(code) > 80 or "\x00" in code for code in codes):
        raise RuleError(field, _l("Choose entries from the list."))  # no such code
    found = dict(db.session.execute(select(model.code, model.id).where(
        model.code.in_(codes), model.retired.is_(False))).all()) if codes else {}
    if len(found) != len(codes):
        raise RuleError(field, _l("Choose entries from the list."))
    return sorted(found.values())


def skills_by_family(locale: str) -> list[tuple[str, list[Skill]]]:
    groups: dict[str, list[Skill]] = {}
    for skill in visible_skills():
        groups.setdefault(skill.family.label(locale), []).append(skill)
    return list(groups.items())


def _local_code(label: str) -> str:
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_label.lower()).strip("-")[:50] or "entry"
    return f"local-{current_tenant_id()}-{slug}"


TAKEN = _l("This network already has this entry.")


def add_local_entry(payload: dict) -> Theme | Skill:
    """A theme or a skill of the current city only (LocalEntrySchema); the French label
    names it, once per city."""
    fields = validated(LocalEntrySchema, payload)
    if local_code_taken(fields["label_fr"]):
        raise RuleError("label_fr", TAKEN)
    add = add_local_theme if fields["kind"] == "theme" else add_local_skill
    return add(fields["label_fr"], fields["label_en"])


def add_local_theme(label_fr: str, label_en: str) -> Theme:
    """A theme of the current city only, from labels already checked."""
    theme = Theme(code=_local_code(label_fr), label_fr=label_fr.strip(),
                  label_en=label_en.strip() or label_fr.strip())
    return _added(theme)


def add_local_skill(label_fr: str, label_en: str) -> Skill:
    family = db.session.scalars(select(SkillFamily).where(
        SkillFamily.code == LOCAL_FAMILY)).one()
    skill = Skill(code=_local_code(label_fr), label_fr=label_fr.strip(),
                  label_en=label_en.strip() or label_fr.strip(), family_id=family.id)
    return _added(skill)


def _added(entry):
    db.session.add(entry)
    try:
        db.session.commit()
    except IntegrityError:  # the same entry, sent twice at once: the first one counts
        db.session.rollback()
        raise RuleError("label_fr", TAKEN) from None
    return entry


def local_code_taken(label_fr: str) -> bool:
    code = _local_code(label_fr)
    return db.session.scalar(select(Theme.id).where(Theme.code == code)) is not None or (
        db.session.scalar(select(Skill.id).where(Skill.code == code)) is not None)


FILTER_NAMES = ("skill", "theme", "neighbourhood")


def directory_filters(args, extra: tuple[str, ...] = ()) -> dict[str, str]:
    """The directory filters of a query string, trimmed; unknown values match nothing."""
    return {name: (args.get(name) or "").replace("\x00", "").strip()[:80]
            for name in FILTER_NAMES + extra}


def filter_by_taxonomy(statement, owner, skill_link, theme_link, filters: dict[str, str],
                       city=None):
    """Narrow a directory query on `owner` (members, organisations) by skill code, theme
    code and neighbourhood (of `city`'s list, see tenancy.neighbourhoods.filtered),
    through its link rows."""
    if filters["skill"]:
        statement = statement.where(owner.skill_links.any(
            skill_link.skill.has(Skill.code == filters["skill"])))
    if filters["theme"]:
        statement = statement.where(owner.theme_links.any(
            theme_link.theme.has(Theme.code == filters["theme"])))
    if filters["neighbourhood"]:
        statement = statement.where(filtered(owner.neighbourhood, filters["neighbourhood"],
                                                   city))
    return statement
