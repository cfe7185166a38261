"""Background work of projects: telling followers the news, holders and authors of
comments the comments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.core.links import absolute_url, public_base_url
from upcampus.notifications.operations import queue_email
from upcampus.projects.models import Comment, Follow, ProjectUpdate, Publication
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.resolver import CityInfo


def notify_followers(tenant_id: int, update_id: int) -> int:
    """Email the news of a project to its followers, each in their language; returns how
    many. A job: it receives ids and reads everything again, in the city's scope."""
    city = CityInfo.load(tenant_id)
    if city is None:
        return 0
    with tenant_scope(city.id):
        update = db.session.get(ProjectUpdate, update_id)
        if update is None:
            return 0
        publication = db.session.get(Publication, update.publication_id)
        followers = db.session.scalars(select(Membership).join(
            Follow, Follow.membership_id == Membership.id).where(
            Follow.publication_id == publication.id, Membership.status == "active",
            Membership.id != update.membership_id)).all()
        url = absolute_url(public_base_url(city), "projects.show", _anchor="news",
                           pub_id=publication.id, slug=publication.slug)
        for follower in followers:
            queue_email(follower.account.email,
                        _l("News of %(title)s", title=publication.title), "project_news",
                        city=city, locale=follower.account.locale or city.default_locale,
                        publication=publication, update=update, url=url)
        return len(followers)


def notify_of_comment(tenant_id: int, comment_id: int) -> int:
    """A job: the holders hear of a comment on their publication, the author of a
    comment of a reply to it (once each, never of their own words); how many."""
    from upcampus.notifications.notify import notify

    city = CityInfo.load(tenant_id)
    if city is None:
        return 0
    with tenant_scope(city.id):
        comment = db.session.get(Comment, comment_id)
        if comment is None:
            return 0
        publication = db.session.get(Publication, comment.publication_id)
        url = absolute_url(public_base_url(city), "projects.show", _anchor="comments",
                           pub_id=publication.id, slug=publication.slug)
        told = {comment.membership_id}
        parent = db.session.get(Comment, comment.parent_id) if comment.parent_id else None
        if parent is not None and parent.membership_id not in told:
            told.add(parent.membership_id)
            notify(city, parent.membership_id, "reply", about=("comment", comment.id),
                   title=publication.title, url=url)
        for holder in publication.holders:
            if holder.membership_id is not None and holder.membership_id not in told:
                told.add(holder.membership_id)
                notify(city, holder.membership_id, "comment", about=("comment", comment.id),
                       title=publication.title, url=url)
        return len(told) - 1


def notify_featured(tenant_id: int, publication_id: int) -> int:
    """A job: the holders hear their publication is featured on the city's home."""
    from upcampus.notifications.notify import notify

    city = CityInfo.load(tenant_id)
    if city is None:
        return 0
    with tenant_scope(city.id):
        publication = db.session.get(Publication, publication_id)
        if publication is None:
            return 0
        url = absolute_url(public_base_url(city), "projects.show", pub_id=publication.id,
                           slug=publication.slug)
        people = [h.membership_id for h in publication.holders if h.membership_id]
        for membership_id in people:
            notify(city, membership_id, "featured", about=("publication", publication.id),
                   title=publication.title, url=url)
        return len(people)
