"""What each kind of reportable item is to moderation: its author, the words reported,
where it shows, and how it is hidden, put back or removed. The one place that knows the
other domains' tables."""

from __future__ import annotations

from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.conversations.models import Message
from upcampus.core.db import db
from upcampus.events.models import Event
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.models import Comment, Publication

MODELS = {"publication": Publication, "comment": Comment, "organisation": Organisation,
          "profile": Membership, "message": Message, "event": Event}
# What an event shows in its own words besides its title: hidden, then put back.
EVENT_WORDS = ("description", "accessibility", "online_url")


def load(kind: str, target_id: int):
    """The item of this city (scoped like every city query), or None."""
    model = MODELS.get(kind)
    if model is None or not isinstance(target_id, int):
        return None
    return db.session.scalars(select(model).where(model.id == target_id)).first()


def visible_to(kind: str, item, membership: Membership | None) -> bool:
    """Whether this member sees the item, so may report it: a private message only by
    the other side of its conversation; everything else by any member of the city."""
    if kind != "message":
        return True
    from upcampus.conversations.models import Conversation
    from upcampus.conversations.operations import city_row, side_of

    conversation = city_row(Conversation, item.conversation_id)
    return conversation is not None and side_of(conversation, membership) is not None


def author_ids(kind: str, item) -> set[int]:
    """The memberships answerable for the item: who may not report it, who is told."""
    if kind == "publication":
        return {item.author_id} | {h.membership_id for h in item.holders if h.membership_id}
    if kind == "comment":
        return {item.membership_id}
    if kind == "profile":
        return {item.id}
    if kind in ("message", "event"):
        return {item.author_id} if item.author_id else set()
    return set(db.session.scalars(select(OrganisationMember.membership_id).where(
        OrganisationMember.organisation_id == item.id, OrganisationMember.role == "admin")))


def main_author(kind: str, item) -> int | None:
    if kind == "publication":
        return item.author_id
    if kind == "comment":
        return item.membership_id
    if kind == "profile":
        return item.id
    if kind in ("message", "event"):
        return item.author_id
    return min(author_ids(kind, item), default=None)


def snapshot(kind: str, item) -> dict:
    """The words as reported, kept so a moderator reads them in context."""
    if kind == "publication":
        return {"title": item.title, "text": item.description, "status": item.status}
    if kind == "comment":
        return {"title": item.publication_id, "text": item.body}
    if kind == "profile":
        return {"title": item.account.display_name, "text": item.bio, "offers": item.offers,
                "visibility": item.visibility}
    if kind == "message":  # the reported words only, not the rest of the conversation
        return {"title": "", "text": item.body}
    if kind == "event":
        return {"title": item.title, "text": item.description,
                "words": {name: getattr(item, name) for name in EVENT_WORDS}}
    return {"title": item.name, "text": item.description, "offers": item.offer_details,
            "website": item.website}


def path(kind: str, target_id: int, item) -> str | None:
    """Where the item shows in its city (a relative link), if it still does."""
    if item is None:
        return None
    if kind == "publication":
        return f"/projects/{item.id}-{item.slug}"
    if kind == "comment":
        return f"/projects/{item.publication_id}#comment-{item.id}"
    if kind == "profile":
        return f"/members/{item.id}"
    if kind == "message":  # shown to its conversation only (moderators read the snapshot)
        return f"/messages/{item.conversation_id}#message-{item.id}"
    if kind == "event":
        return f"/events/{item.id}-{item.slug}"
    return f"/organisations/{item.id}-{item.slug}"


def hide(kind: str, item) -> None:
    """Out of sight, nothing lost: put back as it was if the case ends kept."""
    from upcampus.projects.operations import reindex

    if kind == "publication":
        item.status, item.featured = "draft", False
        reindex(item)
    elif kind == "comment":
        item.removed = True  # the words stay until a decision removes them
    elif kind == "profile":
        item.visibility = "hidden"
    elif kind == "message":
        item.hidden = True
    elif kind == "event":
        for name in EVENT_WORDS:
            setattr(item, name, "")
    else:
        item.description, item.offer_details, item.website = "", "", ""


def restore(kind: str, item, kept: dict) -> None:
    from upcampus.projects.operations import reindex

    if kind == "publication":
        if kept.get("status") == "published":
            item.status = "published"
            reindex(item)
    elif kind == "comment":
        item.removed = False
    elif kind == "profile":
        item.visibility = kept.get("visibility") or "members"
    elif kind == "message":
        item.hidden = False
    elif kind == "event":
        for name, value in (kept.get("words") or {}).items():
            if name in EVENT_WORDS:
                setattr(item, name, value or "")
    else:
        item.description = kept.get("text") or ""
        item.offer_details = kept.get("offers") or ""
        item.website = kept.get("website") or ""


def remove(kind: str, item) -> None:
    """Gone for good: a publication is deleted, the other kinds lose their words."""
    from upcampus.projects.operations import reindex

    if kind == "publication":
        item.status = "draft"
        reindex(item)
        db.session.delete(item)
    elif kind == "comment":
        item.removed, item.body = True, ""
    elif kind == "profile":
        item.bio, item.offers, item.visibility = "", "", "hidden"
    elif kind == "message":
        item.hidden, item.body = True, ""
    elif kind == "event":  # registrations and attendance stay: the words go
        for name in EVENT_WORDS:
            setattr(item, name, "")
    else:
        item.description, item.offer_details, item.website = "", "", ""
