"""Comments (one level of replies), "I support this", following, and project news."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import can, can_take_part
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.jobs import enqueue
from upcampus.core.rules import RESUBMIT_WINDOW, RuleError, validated
from upcampus.moderation.operations import check_takes_part, hold_for_words
from upcampus.projects.models import Comment, Follow, ProjectUpdate, Publication, Support
from upcampus.projects.operations import is_holder
from upcampus.projects.schemas import UpdateSchema
from upcampus.projects.tasks import notify_followers, notify_of_comment

EDIT_WINDOW = timedelta(minutes=15)


def _member_of_published(publication: Publication, membership: Membership | None) -> None:
    check_takes_part(membership, "body", _l("Join this network to take part."))
    if not publication.published:
        raise RuleError("body", _l("A draft cannot receive comments or support yet."))


def _text(body: str) -> str:
    """A comment's or a news item's text, by the one rule of projects/schemas.py."""
    return validated(UpdateSchema, {"body": body if isinstance(body, str) else ""})["body"]


def add_comment(publication: Publication, membership: Membership | None, body: str,
                parent_id: int | None = None) -> Comment:
    _member_of_published(publication, membership)
    body = _text(body)
    if parent_id:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.publication_id != publication.id or parent.parent_id:
            raise RuleError("body", _l("You can only reply to a comment of this page."))
    serialise_on(Membership, membership.id)
    twice = db.session.scalars(select(Comment).where(
        Comment.publication_id == publication.id, Comment.membership_id == membership.id,
        Comment.body == body, Comment.created_at >= utcnow() - RESUBMIT_WINDOW)).first()
    if twice is not None:
        return twice  # a double-submitted form posts once
    comment = Comment(publication_id=publication.id, membership_id=membership.id,
                      body=body, parent_id=parent_id or None)
    db.session.add(comment)
    db.session.flush()
    hold_for_words("comment", comment, body)  # then it waits for the moderators
    db.session.commit()
    enqueue(notify_of_comment, publication.tenant_id, comment.id)
    return comment


def _created(comment: Comment):
    created = comment.created_at
    return created if created.tzinfo else created.replace(tzinfo=utcnow().tzinfo)


def can_edit_comment(comment: Comment, membership: Membership | None) -> bool:
    """Its author, for EDIT_WINDOW after posting, while they may take part (not suspended
    nor blocked): what the page offers to edit."""
    return (can_take_part(membership) and comment.membership_id == membership.id
            and not comment.removed and utcnow() - _created(comment) <= EDIT_WINDOW)


def edit_comment(comment: Comment, membership: Membership | None, body: str) -> None:
    # Only the author: moderators remove words, they never rewrite them.
    if membership is None or comment.membership_id != membership.id or comment.removed:
        raise RuleError("body", _l("Only its author can edit a comment."), "forbidden")
    check_takes_part(membership, "body", _l("Join this network to take part."))
    if utcnow() - _created(comment) > EDIT_WINDOW:
        raise RuleError("body", _l("A comment can be edited for 15 minutes only."))
    comment.body, comment.edited_at = _text(body), utcnow()
    hold_for_words("comment", comment, comment.body)
    db.session.commit()


def remove_comment(comment: Comment, membership: Membership | None,
                   account: Account | None) -> None:
    author = membership is not None and comment.membership_id == membership.id
    if not (author or can(account, "content.moderate", membership)):
        raise RuleError("body", _l("Only its author can remove a comment."), "forbidden")
    comment.removed, comment.body = True, ""
    db.session.commit()


def set_mark(model, publication: Publication, membership: Membership | None,
             on: bool) -> None:
    """Support or follow (on), or undo it (off). Saying it twice changes nothing more, so
    a double-submitted form is harmless."""
    _member_of_published(publication, membership)
    serialise_on(Membership, membership.id)
    existing = db.session.scalar(select(model.id).where(
        model.publication_id == publication.id, model.membership_id == membership.id))
    change = 0
    if on and existing is None:
        db.session.add(model(publication_id=publication.id, membership_id=membership.id))
        change = 1
    elif not on and existing is not None:
        db.session.execute(delete(model).where(model.id == existing))
        change = -1
    if model is Support and change:
        # Counted in the database: two members supporting at once both count.
        publication.supports_count = Publication.supports_count + change
    try:
        db.session.commit()
    except IntegrityError:  # the same click, twice at once: the first one counted
        db.session.rollback()


def set_support(publication, membership, on: bool) -> None:
    set_mark(Support, publication, membership, on)


def set_follow(publication, membership, on: bool) -> None:
    set_mark(Follow, publication, membership, on)


def post_update(publication: Publication, membership: Membership | None,
                body: str) -> ProjectUpdate:
    if not is_holder(publication, membership):
        raise RuleError("body", _l("Only the holders of this publication can post news."),
                        "forbidden")
    body = _text(body)
    serialise_on(Membership, membership.id)
    twice = db.session.scalars(select(ProjectUpdate).where(
        ProjectUpdate.publication_id == publication.id, ProjectUpdate.body == body,
        ProjectUpdate.created_at >= utcnow() - RESUBMIT_WINDOW)).first()
    if twice is not None:
        return twice  # the same news sent twice is told to followers once
    update = ProjectUpdate(publication_id=publication.id, membership_id=membership.id,
                           body=body)
    db.session.add(update)
    db.session.commit()
    enqueue(notify_followers, publication.tenant_id, update.id)
    return update
