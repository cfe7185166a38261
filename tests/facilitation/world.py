"""A small city world for facilitation tests: UP Sceaux with a holder's published
project, its team (facilitator, admin, moderator), a plain member, and two partner
organisations, each with its own admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.facilitation.models import Partner, Track
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.models import Holder, Need, Publication, PublicationTheme
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import tenant_scope

from ..conftest import log_in, post_form
from ..factories import make_member


@dataclass
class World:
    city: object
    holder: Membership
    facilitator: Membership
    admin: Membership
    moderator: Membership
    member: Membership
    pub_id: int
    partner_ids: list[int]
    partner_admins: list[Membership]
    org_ids: list[int]


def publication(city, holder: Membership, title: str, *, theme: str | None = "ecology",
                neighbourhood: str = "Centre", open_needs: int = 0) -> int:
    with tenant_scope(city):
        pub = Publication(kind="project", title=title, slug="projet", status="published",
                          stage="in_progress", author_id=holder.id, published_at=utcnow(),
                          neighbourhood=neighbourhood, open_needs_count=open_needs)
        pub.holders.append(Holder(membership_id=holder.id))
        for _ in range(open_needs):
            pub.needs.append(Need(kind="resource", resource="premises"))
        if theme:
            theme_id = db.session.scalar(select(Theme.id).where(Theme.code == theme))
            pub.theme_links.append(PublicationTheme(theme_id=theme_id))
        db.session.add(pub)
        db.session.commit()
        return pub.id


def make_world(city, slug: str = "sceaux") -> World:
    holder = make_member(city, email=f"holder@{slug}.test.org")
    team = {role: make_member(city, role=role, email=f"{role}@{slug}.test.org")
            for role in ("facilitator", "admin", "moderator")}
    member = make_member(city, email=f"member@{slug}.test.org")
    pub_id = publication(city, holder, "Le Comptoir Végétal")
    partner_ids, admins, orgs = [], [], []
    for i, (name, brings) in enumerate([("Service du développement économique",
                                         ["advice", "city_service"]),
                                        ("La Couveuse", ["advice", "training"])]):
        admin = make_member(city, email=f"partner{i}@{slug}.test.org")
        with tenant_scope(city):
            organisation = Organisation(name=name, slug=f"org-{i}", kind="support")
            organisation.members.append(OrganisationMember(membership_id=admin.id,
                                                           role="admin"))
            db.session.add(organisation)
            db.session.flush()
            partner = Partner(organisation_id=organisation.id, brings=brings,
                              contact_name=f"Contact {i}")
            db.session.add(partner)
            db.session.commit()
            partner_ids.append(partner.id)
            orgs.append(organisation.id)
        admins.append(admin)
    return World(city, holder, team["facilitator"], team["admin"], team["moderator"],
                 member, pub_id, partner_ids, admins, orgs)


def logged(client_for, city, membership: Membership):
    client = client_for(city)
    log_in(client, membership.account.email)
    return client


def move(client, pub_id: int, step: str, expected: str, confirmed: bool = True, **fields):
    """Move a project's track; setting it aside is confirmed on its step page unless
    `confirmed` is False."""
    return post_form(client, f"/facilitation/projects/{pub_id}/step",
                     {"step": step, "expected": expected, **fields,
                      **({"confirmed": "1"} if confirmed else {})},
                     page=f"/facilitation/projects/{pub_id}")


QUALIFY = {"interest": "Un commerce qui fait vivre le centre-ville.",
           "local_need": "Aucun restaurant végétal à Sceaux."}


def track(city, pub_id: int):
    with tenant_scope(city):
        row = db.session.scalar(select(Track).where(Track.publication_id == pub_id))
        if row is None:
            return None
        db.session.expunge(row)
        return row
