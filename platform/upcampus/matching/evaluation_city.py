"""The throwaway city of `matching evaluate` (and of the benchmark): members,
organisations and needs of an evaluation file as rows, then every need's suggestions."""

from __future__ import annotations

from sqlalchemy import select

from upcampus.accounts.models import Account, Membership, MembershipSkill, MembershipTheme
from upcampus.core.db import db
from upcampus.matching.evaluation import EvaluationError
from upcampus.matching.tasks import BUSY
from upcampus.organisations.models import OFFER_KINDS, Organisation, OrganisationSkill
from upcampus.projects.models import Holder, Need, Publication, PublicationTheme
from upcampus.taxonomy.models import Skill, Theme
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.features import resolved_features
from upcampus.tenancy.models import Tenant

HASH = "!evaluation"  # no password opens these accounts


def _ids(model, codes: list[str], where: str) -> list[int]:
    found = dict(db.session.execute(select(model.code, model.id).where(
        model.code.in_(codes), model.retired.is_(False))).all()) if codes else {}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise EvaluationError(f"{where}: unknown {model.__tablename__[:-1]} code "
                              f"{unknown[0]!r}")
    return [found[code] for code in dict.fromkeys(codes)]


def load_city(data: dict, slug: str = "evaluation") -> tuple[Tenant, dict]:
    """Write the file's city; returns it and {"need key": need id, ...} with the owners'
    keys by (kind, id)."""
    places = sorted({e.get("neighbourhood") or "" for part in ("members", "organisations")
                     for e in data[part]} | {n["project"]["neighbourhood"] for n in data["needs"]}
                    - {""})
    city = Tenant(slug=slug, name="Evaluation", city="Evaluation", subdomain=slug,
                  features=resolved_features({}), neighbourhoods=places)
    db.session.add(city)
    db.session.commit()
    keys = {"needs": {}, "owners": {}}
    db.session.info[BUSY] = True  # one recomputation at the end, not one per row
    try:
        with tenant_scope(city):
            _write_rows(data, keys)
    finally:
        db.session.info[BUSY] = False
    with tenant_scope(city):
        from upcampus.matching.index import recompute_city

        recompute_city()
    return city, keys


def _write_rows(data: dict, keys: dict) -> None:
    holder = _member({"key": "", "bio": "", "offers": ""}, 0, "hidden")
    for i, entry in enumerate(data["members"], 1):
        member = _member(entry, i)
        where = f"members[{entry['key']!r}]"
        member.skill_links = [MembershipSkill(skill_id=s) for s in _ids(
            Skill, entry["skills"], where)]
        member.theme_links = [MembershipTheme(theme_id=t) for t in _ids(
            Theme, entry["interests"], where)]
        db.session.flush()
        keys["owners"][("member", member.id)] = entry["key"]
    for i, entry in enumerate(data["organisations"], 1):
        offers = entry["offers"]
        kinds = [o for o in offers if o in OFFER_KINDS] if isinstance(offers, list) else []
        words = " ".join(o for o in offers if o not in OFFER_KINDS) if isinstance(
            offers, list) else str(offers or "")
        organisation = Organisation(
            name=f"Organisation {i}", slug=f"o{i}", kind=entry["kind"],
            description=entry["description"], offers=kinds, offer_details=words,
            neighbourhood=entry.get("neighbourhood") or "")
        organisation.skill_links = [OrganisationSkill(skill_id=s) for s in _ids(
            Skill, entry["skills"], f"organisations[{entry['key']!r}]")]
        db.session.add(organisation)
        db.session.flush()
        keys["owners"][("organisation", organisation.id)] = entry["key"]
    for i, entry in enumerate(data["needs"], 1):
        keys["needs"][entry["key"]] = _need(entry, i, holder).id
    db.session.commit()


def _member(entry: dict, i: int, visibility: str = "members") -> Membership:
    account = Account(email=f"m{i}@evaluation.invalid", display_name=f"Member {i}",
                      password_hash=HASH)
    member = Membership(account=account, bio=entry.get("bio", ""),
                        offers=entry.get("offers", ""), visibility=visibility,
                        neighbourhood=entry.get("neighbourhood") or "")
    db.session.add(member)
    db.session.flush()
    return member


def _need(entry: dict, i: int, holder: Membership) -> Need:
    project, where = entry["project"], f"needs[{entry['key']!r}]"
    skill_ids = _ids(Skill, [entry["skill"]], where) if entry.get("skill") else []
    if entry["kind"] == "skill" and entry.get("resource"):
        raise EvaluationError(f"{where}: a skill need names no resource")
    if entry["kind"] == "resource" and not entry.get("resource"):
        # A resource need without its resource: read from the words (as on the page, a
        # resource need always names one; the file may leave it to the text).
        entry = {**entry, "resource": None}
    publication = Publication(
        kind="project", title=project["title"], slug=f"p{i}", status="published",
        description=project["description"], neighbourhood=project["neighbourhood"],
        author_id=holder.id, published_at=holder.joined_at)
    publication.holders = [Holder(membership_id=holder.id)]
    publication.theme_links = [PublicationTheme(theme_id=t) for t in _ids(
        Theme, project["themes"], where)]
    need = Need(kind=entry["kind"], skill_id=skill_ids[0] if skill_ids else None,
                resource=entry.get("resource"), text=entry["text"])
    publication.needs = [need]
    db.session.add(publication)
    db.session.flush()
    return need


def suggest_all(keys: dict, limit: int) -> dict[str, list[str]]:
    """Every need's suggestions, as the keys of the file."""
    from upcampus.matching.operations import suggestions

    ranked = {}
    for need_key, need_id in keys["needs"].items():
        need = db.session.get(Need, need_id)
        ranked[need_key] = [keys["owners"].get((m.kind, m.id), "?")
                            for m in suggestions(need, limit=limit)]
    return ranked
