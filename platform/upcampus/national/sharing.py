"""Sharing a project with the other cities, and starting a local project from another
city's model ("Ça a marché à Sceaux"). Only what the original made public travels: its
title, description, themes, needs and lessons; never comments, members or holders."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import can, can_edit_national_content
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.links import slug_of
from upcampus.core.rules import RESUBMIT_WINDOW, RuleError, validated
from upcampus.national.models import Replication
from upcampus.national.schemas import ShareSchema
from upcampus.projects.models import Holder, Need, Publication, PublicationTheme
from upcampus.projects.operations import reindex
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.models import Tenant


def set_shared(publication: Publication, account: Account | None,
               membership: Membership | None, fields: dict) -> None:
    """A facilitator of the project's city shares it nationally (or stops), with what
    its holders learnt; a draft is never shared."""
    if not can(account, "projects.facilitate", membership):
        raise RuleError("shared", _l("Only the network's facilitators can share a project "
                                     "nationally."), "forbidden")
    data = validated(ShareSchema, fields)
    if data["shared"] and not publication.published:
        raise RuleError("shared", _l("Only a published publication can be shared."))
    publication.shared_nationally, publication.lessons = data["shared"], data["lessons"]
    if not data["shared"]:
        publication.national_highlight = False
    db.session.commit()


def shared_original(city_slug: str, pub_id: int) -> tuple[Tenant, Publication] | None:
    """Another city's project as it is offered to all: published, shared, city active."""
    city = db.session.scalars(select(Tenant).where(Tenant.slug == city_slug,
                                                   Tenant.status == "active")).first()
    if city is None:
        return None
    with across_tenants():
        original = db.session.scalars(select(Publication).where(
            Publication.tenant_id == city.id, Publication.id == pub_id,
            Publication.status == "published",
            Publication.shared_nationally.is_(True))).first()
    return (city, original) if original is not None else None


def set_highlight(account: Account | None, city_slug: str, pub_id: int, on: bool) -> None:
    """A national editor puts a shared project first on the showcase (or not)."""
    if not can_edit_national_content(account):
        raise RuleError("highlight", _l("Only national editors can do this."), "forbidden")
    found = shared_original(city_slug, pub_id)
    if found is None:
        raise RuleError("highlight", _l("This project is not shared."), "missing")
    city, original = found
    with tenant_scope(city):  # a write for that city, stamped and checked as its own
        original = db.session.get(Publication, original.id)
        original.national_highlight = on
        db.session.commit()


def shared_models(here_id: int, limit: int = 50) -> list[tuple[Tenant, Publication]]:
    """Projects other cities offer as models, for a city's facilitators to start from."""
    from upcampus.national.operations import showcase_statement

    with across_tenants():
        rows = list(db.session.scalars(showcase_statement().where(
            Publication.tenant_id != here_id).limit(limit)))
    cities = {t.id: t for t in db.session.scalars(select(Tenant).where(
        Tenant.id.in_({p.tenant_id for p in rows})))} if rows else {}
    return [(cities[p.tenant_id], p) for p in rows]


def replicate(account: Account | None, membership: Membership | None, here: Tenant | int,
              city_slug: str, pub_id: int) -> Publication:
    """A facilitator of `here` starts a local draft from another city's shared project:
    its public description, shared themes and needs, credited to the original."""
    here_id = here if isinstance(here, int) else here.id
    if not can(account, "projects.facilitate", membership) or (
            membership is not None and membership.tenant_id != here_id):
        raise RuleError("original", _l("Only the network's facilitators can start a project "
                                       "from a model."), "forbidden")
    city = db.session.scalars(select(Tenant).where(Tenant.slug == city_slug,
                                                   Tenant.status == "active")).first()
    if city is not None and city.id == here_id:
        raise RuleError("original", _l("This project is already in this city."))
    if membership is None:  # a platform admin without a membership here
        raise RuleError("original", _l("Join this network to publish."), "forbidden")
    copied = _copy_of(city, pub_id) if city is not None else None
    if copied is None:
        raise RuleError("original", _l("This project is not offered as a model."), "missing")
    with tenant_scope(here_id):
        author = membership
        serialise_on(Membership, author.id)
        twice = db.session.scalars(select(Replication).where(
            Replication.account_id == account.id, Replication.replica_tenant_id == here_id,
            Replication.original_tenant_id == city.id,
            Replication.original_publication_id == pub_id,
            Replication.created_at >= utcnow() - RESUBMIT_WINDOW)).first()
        if twice is not None:  # a double click starts one draft
            return db.session.get(Publication, twice.replica_publication_id)
        replica = Publication(author_id=author.id, status="draft", kind=copied["kind"],
                              title=copied["title"], slug=slug_of(copied["title"], "publication"),
                              description=copied["description"], stage="idea")
        replica.holders.append(Holder(membership_id=author.id))
        replica.theme_links = [PublicationTheme(theme_id=t) for t in copied["themes"]]
        for kind, skill_id, resource, text in copied["needs"]:
            if kind == "skill" and skill_id is None:
                continue  # a local skill of the other city: nothing to point at here
            replica.needs.append(Need(kind=kind, skill_id=skill_id, resource=resource,
                                      text=text))
        replica.open_needs_count = len(replica.needs)
        db.session.add(replica)
        db.session.flush()
        reindex(replica)
        replica_id = replica.id
        db.session.add(Replication(
            original_tenant_id=city.id, original_publication_id=pub_id,
            original_title=copied["title"], lessons=copied["lessons"],
            replica_tenant_id=here_id, replica_publication_id=replica_id,
            account_id=account.id))
        db.session.commit()
        return db.session.get(Publication, replica_id)


def _copy_of(city: Tenant, pub_id: int) -> dict | None:
    """What travels of a shared project: read in its city, as plain values."""
    with across_tenants():
        original = db.session.scalars(select(Publication).where(
            Publication.tenant_id == city.id, Publication.id == pub_id,
            Publication.status == "published",
            Publication.shared_nationally.is_(True))).first()
        if original is None:
            return None
        return {
            "kind": original.kind, "title": original.title,
            "description": original.description, "lessons": original.lessons or "",
            # Shared entries only: another city's own terms mean nothing here.
            "themes": [t.id for t in original.themes
                       if t and t.tenant_id is None and not t.retired],
            "needs": [(n.kind, n.skill_id if n.skill and n.skill.tenant_id is None else None,
                       n.resource, n.text) for n in original.needs if n.state == "open"],
        }


def credit_of(tenant_id: int, pub_id: int) -> tuple[Replication, Tenant] | None:
    """Where a local project came from, if it was started from a model."""
    row = db.session.scalars(select(Replication).where(
        Replication.replica_tenant_id == tenant_id,
        Replication.replica_publication_id == pub_id)).first()
    return (row, db.session.get(Tenant, row.original_tenant_id)) if row else None
