"""The shared taxonomy from the console: add, rename and translate, retire, merge. A
merge moves every city's links to the survivor in one transaction; cities' own entries
(tenant_id set) are theirs and never touched here."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from upcampus.accounts.models import Account, MembershipSkill, MembershipTheme
from upcampus.console.operations import _require, audit
from upcampus.core.db import db, serialise_on
from upcampus.core.rules import RuleError
from upcampus.organisations.models import OrganisationSkill, OrganisationTheme
from upcampus.projects.models import Need, PublicationTheme
from upcampus.taxonomy.models import Skill, SkillFamily, Theme
from upcampus.tenancy.context import across_tenants

KINDS = {"theme": Theme, "skill": Skill}
# (link model, owner column): the rows that tie a city's owners to an entry.
LINKS = {
    "theme": [(MembershipTheme, "membership_id"), (OrganisationTheme, "organisation_id"),
              (PublicationTheme, "publication_id")],
    "skill": [(MembershipSkill, "membership_id"), (OrganisationSkill, "organisation_id")],
}
_CODE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


def _model(kind: str):
    if kind not in KINDS:
        raise RuleError("kind", _l("No such list."), code="missing")
    return KINDS[kind]


def shared_entry(kind: str, entry_id: int):
    model = _model(kind)
    entry = db.session.scalars(select(model).where(
        model.id == entry_id, model.tenant_id.is_(None))).first()
    if entry is None:
        raise RuleError("entry", _l("No such entry."), code="missing")
    return entry


def _labels(label_fr: str, label_en: str) -> tuple[str, str]:
    label_fr, label_en = (label_fr or "").strip(), (label_en or "").strip()
    if not label_fr or not label_en:
        raise RuleError("label_fr" if not label_fr else "label_en",
                        _l("Give the label in French and in English."))
    if len(label_fr) > 120 or len(label_en) > 120:
        raise RuleError("label_fr" if len(label_fr) > 120 else "label_en",
                        _l("Keep the label under 120 characters."))
    return label_fr, label_en


def add_entry(actor: Account, kind: str, code: str, label_fr: str, label_en: str,
              family_code: str = "") -> object:
    _require(actor)
    model = _model(kind)
    code = (code or "").strip().lower()
    if not _CODE.match(code) or code.startswith("local-"):
        raise RuleError("code", _l("Lower-case letters, digits and hyphens only."))
    label_fr, label_en = _labels(label_fr, label_en)
    if db.session.scalar(select(model.id).where(model.code == code)) is not None:
        raise RuleError("code", _l("This code is already taken."))
    extra = {}
    if model is Skill:
        family = db.session.scalars(select(SkillFamily).where(
            SkillFamily.code == family_code)).first()
        if family is None:
            raise RuleError("family", _l("Choose a family from the list."))
        extra["family_id"] = family.id
    entry = model(code=code, label_fr=label_fr, label_en=label_en, **extra)
    db.session.add(entry)
    db.session.flush()
    audit(actor, f"{kind}.add", subject=code, after={"label_fr": label_fr,
                                                     "label_en": label_en})
    db.session.commit()
    return entry


def relabel(actor: Account, kind: str, entry_id: int, label_fr: str, label_en: str):
    """Rename (French) and translate (English) in one go."""
    _require(actor)
    entry = shared_entry(kind, entry_id)
    label_fr, label_en = _labels(label_fr, label_en)
    before = {"label_fr": entry.label_fr, "label_en": entry.label_en}
    entry.label_fr, entry.label_en = label_fr, label_en
    audit(actor, f"{kind}.relabel", subject=entry.code, before=before,
          after={"label_fr": label_fr, "label_en": label_en})
    db.session.commit()
    return entry


def set_retired(actor: Account, kind: str, entry_id: int, retired: bool):
    """A retired entry is no longer offered; the links to it stay."""
    _require(actor)
    entry = shared_entry(kind, entry_id)
    before = {"retired": entry.retired}
    entry.retired = retired
    audit(actor, f"{kind}.{'retire' if retired else 'reinstate'}", subject=entry.code,
          before=before, after={"retired": retired})
    db.session.commit()
    return entry


def merge(actor: Account, kind: str, source_id: int, target_id: int) -> dict[str, int]:
    """Every city's links to `source` move to `target` (a link that would repeat one the
    owner already has is dropped), needs asking for the skill too, and `source` is
    retired: one transaction, audited with what moved."""
    _require(actor)
    if source_id == target_id:
        raise RuleError("target", _l("An entry cannot be merged into itself."))
    source, target = shared_entry(kind, source_id), shared_entry(kind, target_id)
    if target.retired:
        raise RuleError("target", _l("This entry is retired: merge into an entry in use."))
    model = _model(kind)
    serialise_on(model, min(source.id, target.id))  # two merges of one pair take turns
    serialise_on(model, max(source.id, target.id))
    aim = f"{kind}_id"
    moved = {}
    with across_tenants():
        for link, owner in LINKS[kind]:
            aim_col, owner_col = getattr(link, aim), getattr(link, owner)
            already = select(owner_col).where(aim_col == target.id).scalar_subquery()
            dropped = db.session.execute(delete(link).where(
                aim_col == source.id, owner_col.in_(already)).execution_options(
                synchronize_session=False)).rowcount
            moved[link.__tablename__] = db.session.execute(update(link).where(
                aim_col == source.id).values({aim: target.id}).execution_options(
                synchronize_session=False)).rowcount
            if dropped:
                moved[f"{link.__tablename__} (duplicates dropped)"] = dropped
        if kind == "skill":
            moved["needs"] = db.session.execute(update(Need).where(
                Need.skill_id == source.id).values(skill_id=target.id).execution_options(
                synchronize_session=False)).rowcount
    source.retired = True
    audit(actor, f"{kind}.merge", subject=f"{source.code} → {target.code}",
          before={"source": source.code, "target": target.code}, after=moved)
    db.session.commit()
    return moved


def shared_entries(kind: str) -> list:
    model = _model(kind)
    return list(db.session.scalars(select(model).where(model.tenant_id.is_(None)).order_by(
        model.retired, model.label_fr)))


def link_counts(kind: str) -> dict[int, int]:
    """How many links each entry has, in every city (one grouped query per link table)."""
    counts: dict[int, int] = {}
    with across_tenants():
        for link, _owner in LINKS[kind]:
            aim_col = getattr(link, f"{kind}_id")
            for entry_id, count in db.session.execute(
                    select(aim_col, func.count()).group_by(aim_col)):
                counts[entry_id] = counts.get(entry_id, 0) + count
    return counts


def families() -> list[SkillFamily]:
    return list(db.session.scalars(select(SkillFamily).order_by(SkillFamily.label_fr)))
