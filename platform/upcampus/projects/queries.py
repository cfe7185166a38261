"""What the pages of publications read: lists with filters, the city home's blocks, a
publication's page. Each reads a fixed number of queries, whatever the data size."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.moderation.operations import moderation_states
from upcampus.projects.models import (
    KINDS,
    STAGES,
    Comment,
    Follow,
    HelpOffer,
    Holder,
    Need,
    ProjectUpdate,
    Publication,
    PublicationTheme,
    Support,
)
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.neighbourhoods import filtered

FILTERS = ("kind", "theme", "stage", "neighbourhood", "needs", "sort", "featured")


def list_filters(args) -> dict[str, str]:
    return {name: (args.get(name) or "").replace("\x00", "").strip()[:80]
            for name in FILTERS}


def _with_cards(statement):
    """What a card shows: holders with their names, and themes, in two more queries."""
    return statement.options(
        selectinload(Publication.holders).joinedload(Holder.membership)
        .joinedload(Membership.account),
        selectinload(Publication.theme_links))


def publications(filters: dict[str, str], city=None):
    """Published publications matching the list's filters (a neighbourhood of `city`'s
    list, see tenancy.neighbourhoods.filtered)."""
    statement = _with_cards(select(Publication).where(Publication.status == "published"))
    if filters["kind"] in KINDS:
        statement = statement.where(Publication.kind == filters["kind"])
    if filters["stage"] in STAGES:
        statement = statement.where(Publication.stage == filters["stage"])
    if filters["theme"]:
        statement = statement.where(Publication.theme_links.any(
            PublicationTheme.theme.has(Theme.code == filters["theme"])))
    if filters["neighbourhood"]:
        statement = statement.where(filtered(Publication.neighbourhood,
                                             filters["neighbourhood"], city))
    if filters["featured"] == "1":
        statement = statement.where(Publication.featured.is_(True))
    if filters["needs"] == "open":
        statement = statement.where(Publication.open_needs_count > 0)
    if filters["sort"] == "supported":
        return statement.order_by(Publication.supports_count.desc(),
                                  Publication.published_at.desc(), Publication.id.desc())
    return statement.order_by(Publication.published_at.desc(), Publication.id.desc())


def home_blocks() -> dict[str, list]:
    featured = db.session.scalars(_with_cards(select(Publication).where(
        Publication.status == "published", Publication.featured.is_(True))
        .order_by(Publication.published_at.desc()).limit(3))).all()
    newest = db.session.scalars(publications({name: "" for name in FILTERS}).limit(6)).all()
    open_needs = db.session.scalars(select(Need).join(Publication).where(
        Need.state == "open", Publication.status == "published")
        .options(selectinload(Need.publication))
        .order_by(Need.id.desc()).limit(6)).all()
    return {"featured": featured, "newest": newest, "open_needs": open_needs}


def page_data(publication: Publication, membership) -> dict:
    """Everything a publication's page shows besides the publication itself."""
    comments = db.session.scalars(select(Comment).where(
        Comment.publication_id == publication.id).order_by(Comment.created_at, Comment.id)).all()
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    updates = db.session.scalars(select(ProjectUpdate).where(
        ProjectUpdate.publication_id == publication.id)
        .order_by(ProjectUpdate.created_at.desc())).all()
    needs = db.session.scalars(select(Need).where(Need.publication_id == publication.id)
                               .options(selectinload(Need.offers)).order_by(Need.id)).all()
    mine = {"supported": False, "following": False, "offered": set()}
    if membership is not None:
        # Both in one statement: every signed-in view of a project asks them.
        mine["supported"], mine["following"] = db.session.execute(select(
            select(Support.id).where(Support.publication_id == publication.id,
                                     Support.membership_id == membership.id).exists(),
            select(Follow.id).where(Follow.publication_id == publication.id,
                                    Follow.membership_id == membership.id).exists())).one()
        if any(need.state == "open" for need in needs):  # shown on open needs only
            mine["offered"] = set(db.session.scalars(select(HelpOffer.need_id).join(Need).where(
                Need.publication_id == publication.id,
                HelpOffer.membership_id == membership.id)))
    return {"comments": [c for c in comments if not c.parent_id], "replies": replies,
            "moderated": moderation_states("comment", [c.id for c in comments if c.removed]),
            "updates": updates, "needs": needs, "mine": mine,
            "contributors": [o for n in needs for o in n.offers if o.status == "accepted"]}
