"""A small city for matching tests: a project with an accounting need, and the people who
could (or must never) be suggested for it."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import make_account
from upcampus.accounts.models import Membership, MembershipSkill
from upcampus.core.db import db
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.models import Holder, Need, Publication
from upcampus.taxonomy.models import Skill
from upcampus.tenancy.context import tenant_scope


def skill_id(code: str) -> int:
    return db.session.scalar(select(Skill.id).where(Skill.code == code))


def person(city, email: str, name: str, *, skills=(), **profile) -> int:
    account = make_account(email, name)
    with tenant_scope(city):
        member = Membership(account_id=account.id, **profile)
        member.skill_links = [MembershipSkill(skill_id=skill_id(code)) for code in skills]
        db.session.add(member)
        db.session.commit()
        return member.id


def organisation(city, name: str, *, kind: str, offers=(), description="", admin=None) -> int:
    with tenant_scope(city):
        org = Organisation(name=name, slug=name.lower().replace(" ", "-"), kind=kind,
                           offers=list(offers), description=description)
        if admin is not None:
            org.members = [OrganisationMember(membership_id=admin, role="admin")]
        db.session.add(org)
        db.session.commit()
        return org.id


def project(city, holder_id: int, *, title: str, needs: list[dict],
            neighbourhood: str = "") -> tuple[int, str, list[int]]:
    with tenant_scope(city):
        publication = Publication(kind="project", title=title, slug="projet",
                                  status="published", author_id=holder_id,
                                  neighbourhood=neighbourhood,
                                  description="Une association de quartier.")
        publication.holders = [Holder(membership_id=holder_id)]
        publication.needs = [Need(**need) for need in needs]
        db.session.add(publication)
        db.session.commit()
        return publication.id, publication.slug, [n.id for n in publication.needs]


def accounting_city(city, prefix: str = "") -> dict:
    """A holder whose project needs someone to keep its books, and who is around."""
    ids = {"holder": person(city, f"{prefix}holder@example.org", f"{prefix}Holder")}
    ids["accountant"] = person(city, f"{prefix}ana@example.org", f"{prefix}Ana Compta",
                               skills=["accounting"], neighbourhood="Les Blagis",
                               bio="Expert-comptable à la retraite.")
    ids["treasurer"] = person(city, f"{prefix}tom@example.org", f"{prefix}Tom Tresorier",
                              bio="J'ai été trésorier d'un club de foot pendant 10 ans, "
                                  "les bilans et les factures ça me connaît.")
    ids["gardener"] = person(city, f"{prefix}gus@example.org", f"{prefix}Gus Jardin",
                             skills=["gardening"], neighbourhood="Les Blagis",
                             bio="Je jardine.")
    ids["hidden"] = person(city, f"{prefix}hid@example.org", f"{prefix}Hidden Compta",
                           skills=["accounting"], visibility="hidden")
    ids["suspended"] = person(city, f"{prefix}sus@example.org", f"{prefix}Suspended Compta",
                              skills=["accounting"], status="suspended")
    ids["shy"] = person(city, f"{prefix}shy@example.org", f"{prefix}Shy Compta",
                        skills=["accounting"], suggestable=False)
    ids["funder"] = organisation(city, f"{prefix}Fondation Locale", kind="funder",
                                 offers=["funding"], description="Nous soutenons les "
                                 "associations.", admin=ids["gardener"])
    pub_id, slug, needs = project(city, ids["holder"], title="Le club des Blagis",
                                  neighbourhood="Les Blagis", needs=[
        {"kind": "skill", "skill_id": skill_id("accounting"),
         "text": "qqn pour tenir la compta de l'asso"},
        {"kind": "resource", "resource": "funding", "text": ""}])
    ids.update(pub_id=pub_id, page=f"/projects/{pub_id}-{slug}", need=needs[0],
               funding_need=needs[1])
    return ids
