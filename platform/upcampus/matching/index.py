"""The inverted index of matching: each profile, organisation and open need of a city as a
term vector in `match_terms`, rebuilt for one of them when it changes (tasks.py) or for a
whole city at once (`upcampus matching refresh`). Requests only read it."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from sqlalchemy import delete, insert, select, text

from upcampus.accounts.models import Membership, MembershipSkill, MembershipTheme
from upcampus.core.db import db
from upcampus.matching import scoring
from upcampus.matching.models import MatchTerm
from upcampus.organisations.models import Organisation, OrganisationSkill, OrganisationTheme
from upcampus.projects.models import Need, Publication, PublicationTheme
from upcampus.taxonomy.models import Skill, SkillFamily, Theme
from upcampus.tenancy.context import current_tenant_id

OWNERS = {"member": MatchTerm.membership_id, "organisation": MatchTerm.organisation_id,
          "need": MatchTerm.need_id}
BATCH = 5000


def lexicon() -> scoring.Lexicon:
    """The skills the current city sees, with the words that name them."""
    rows = db.session.execute(
        select(Skill.code, SkillFamily.code, Skill.label_fr, Skill.label_en, Skill.keywords)
        .join(SkillFamily, Skill.family_id == SkillFamily.id)
        .where(Skill.retired.is_(False)))
    return _lexicon_of(tuple(
        (code, family, (fr, en, *(words or {}).get("fr", []), *(words or {}).get("en", [])))
        for code, family, fr, en, words in rows))


@lru_cache(maxsize=64)
def _lexicon_of(skills: tuple) -> scoring.Lexicon:
    # Stemming every phrase took ~14 ms; the skills change rarely and are the cache key,
    # so a change shows at once (a few cities' taxonomies fit in 64 entries).
    return scoring.Lexicon([(code, family, list(phrases)) for code, family, phrases in skills])


def _codes(link, owner_column, code_column, owner_ids=None) -> dict[int, list[str]]:
    statement = select(owner_column, code_column).join(
        link.skill if hasattr(link, "skill") else link.theme)
    if owner_ids is not None:
        statement = statement.where(owner_column.in_(owner_ids))
    found: dict[int, list[str]] = defaultdict(list)
    for owner_id, code in db.session.execute(statement):
        found[owner_id].append(code)
    return found


def member_vectors(lex, ids=None, *, suggestable_only=True) -> dict[int, dict[str, float]]:
    """Only members who may be suggested are stored (policy.can_be_suggested): the index
    holds nobody who is hidden, suspended or said no."""
    statement = select(Membership.id, Membership.bio, Membership.offers,
                       Membership.neighbourhood)
    if suggestable_only:
        statement = statement.where(Membership.status == "active",
                                    Membership.visibility != "hidden",
                                    Membership.suggestable.is_(True))
    if ids is not None:
        statement = statement.where(Membership.id.in_(ids))
    skills = _codes(MembershipSkill, MembershipSkill.membership_id, Skill.code, ids)
    themes = _codes(MembershipTheme, MembershipTheme.membership_id, Theme.code, ids)
    return {row.id: scoring.member_vector(
        lex, bio=row.bio or "", offers=row.offers or "", skills=skills.get(row.id, []),
        themes=themes.get(row.id, []), neighbourhood=row.neighbourhood or "")
        for row in db.session.execute(statement)}


def organisation_vectors(lex, ids=None) -> dict[int, dict[str, float]]:
    statement = select(Organisation.id, Organisation.kind, Organisation.description,
                       Organisation.offer_details, Organisation.offers,
                       Organisation.neighbourhood)
    if ids is not None:
        statement = statement.where(Organisation.id.in_(ids))
    skills = _codes(OrganisationSkill, OrganisationSkill.organisation_id, Skill.code, ids)
    themes = _codes(OrganisationTheme, OrganisationTheme.organisation_id, Theme.code, ids)
    return {row.id: scoring.organisation_vector(
        lex, kind=row.kind, description=row.description or "",
        offer_details=row.offer_details or "", offers=list(row.offers or []),
        skills=skills.get(row.id, []), themes=themes.get(row.id, []),
        neighbourhood=row.neighbourhood or "")
        for row in db.session.execute(statement)}


def need_vectors(lex, ids=None) -> dict[int, dict[str, float]]:
    """Open needs of published publications only: the others wait for nobody."""
    statement = (select(Need.id, Need.publication_id, Need.resource, Need.text, Skill.code,
                        Publication.title, Publication.description,
                        Publication.neighbourhood)
                 .join(Publication, Need.publication_id == Publication.id)
                 .outerjoin(Skill, Need.skill_id == Skill.id)
                 .where(Need.state == "open", Publication.status == "published"))
    if ids is not None:
        statement = statement.where(Need.id.in_(ids))
    rows = list(db.session.execute(statement))
    themes = _codes(PublicationTheme, PublicationTheme.publication_id, Theme.code,
                    sorted({row.publication_id for row in rows}))
    return {row.id: scoring.need_vector(
        lex, skill=row.code, resource=row.resource, text=row.text or "", title=row.title,
        description=row.description or "", themes=themes.get(row.publication_id, []),
        neighbourhood=row.neighbourhood or "")
        for row in rows}


VECTORS = {"member": member_vectors, "organisation": organisation_vectors,
           "need": need_vectors}


def _write(kind: str, vectors: dict[int, dict[str, float]]) -> int:
    owner, tenant_id = OWNERS[kind].key, current_tenant_id()
    rows = [{"tenant_id": tenant_id, owner: owner_id, "term": term, "weight": round(w, 4)}
            for owner_id, vector in vectors.items() for term, w in vector.items()]
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(MatchTerm), rows[start:start + BATCH])
    return len(rows)


def refresh(kind: str, ids: list[int], lex: scoring.Lexicon | None = None) -> None:
    """Rebuild the vectors of these members, organisations or needs of the current city
    (not committed); one that is gone, closed or unpublished keeps none."""
    if not ids:
        return
    db.session.execute(delete(MatchTerm).where(OWNERS[kind].in_(ids)))
    _write(kind, VECTORS[kind](lex or lexicon(), sorted(ids)))


def needs_of_publications(publication_ids: list[int]) -> list[int]:
    return list(db.session.scalars(select(Need.id).where(
        Need.publication_id.in_(publication_ids))))


def recompute_city() -> int:
    """Every vector of the current city, from nothing; returns the number of terms."""
    lex = lexicon()
    db.session.execute(delete(MatchTerm))
    total = sum(_write(kind, build(lex)) for kind, build in VECTORS.items())
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        # Statistics, so SQLite reads one owner's rows by its own index (PostgreSQL's
        # autovacuum keeps its own).
        db.session.execute(text("ANALYZE match_terms"))
        db.session.commit()
    return total
