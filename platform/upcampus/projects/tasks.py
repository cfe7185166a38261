"""Background work of projects: telling followers the news."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.core.links import absolute_url, public_base_url
from upcampus.notifications.operations import queue_email
from upcampus.projects.models import Follow, ProjectUpdate, Publication
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
