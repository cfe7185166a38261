"""Atom feeds of a city, built with feedgen (lxml escapes every text it is given)."""

from __future__ import annotations

import re

from feedgen.feed import FeedGenerator
from flask_babel import gettext as _
from sqlalchemy import select

from upcampus.core.db import db, utcnow
from upcampus.core.links import public_base_url
from upcampus.opendata.datasets import aware, path_for
from upcampus.projects.models import Publication

FEED_SIZE = 50
# Characters XML 1.0 cannot hold at all: lxml refuses them rather than escape them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str, limit: int | None = None) -> str:
    text = _NOT_XML.sub("", value or "")
    return text if limit is None or len(text) <= limit else text[:limit - 1] + "…"


def projects_feed(city, locale: str) -> bytes:
    """The newest published publications of the city (in scope) as an Atom document."""
    base = public_base_url(city)
    publications = db.session.scalars(
        select(Publication).where(Publication.status == "published")
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .limit(FEED_SIZE)).all()
    feed = FeedGenerator()
    feed.id(base + path_for("opendata.projects_feed"))
    feed.title(_text(_("New projects on %(network)s", network=city.name)))
    feed.author({"name": _text(city.name)})
    feed.link(href=base + "/", rel="alternate", type="text/html")
    feed.link(href=base + path_for("opendata.projects_feed"), rel="self",
              type="application/atom+xml")
    feed.language(locale)
    feed.updated(max((aware(p.published_at) for p in publications if p.published_at),
                     default=None) or utcnow())
    for publication in publications:
        url = base + path_for("projects.show", pub_id=publication.id, slug=publication.slug)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(_text(publication.title))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.summary(_text(publication.description, 500))  # Markdown shown as plain text
        entry.published(aware(publication.published_at or publication.created_at))
        entry.updated(aware(publication.updated_at or publication.published_at))
    return feed.atom_str(pretty=False)


def events_feed(city, locale: str) -> bytes:
    """The city's upcoming published events (in scope), soonest first, as Atom."""
    from upcampus.events.models import Event

    base = public_base_url(city)
    events = db.session.scalars(
        select(Event).where(Event.status == "published", Event.ends_at >= utcnow())
        .order_by(Event.starts_at, Event.id).limit(FEED_SIZE)).all()
    feed = FeedGenerator()
    feed.id(base + path_for("opendata.events_feed"))
    feed.title(_text(_("Upcoming events of %(network)s", network=city.name)))
    feed.author({"name": _text(city.name)})
    feed.link(href=base + path_for("events.index"), rel="alternate", type="text/html")
    feed.link(href=base + path_for("opendata.events_feed"), rel="self",
              type="application/atom+xml")
    feed.language(locale)
    feed.updated(max((aware(e.updated_at) for e in events if e.updated_at),
                     default=None) or utcnow())
    for event in events:
        url = base + path_for("events.show", event_id=event.id, slug=event.slug)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(_text(event.title))
        entry.link(href=url, rel="alternate", type="text/html")
        where = event.place_name or event.address or event.online_url
        summary = aware(event.starts_at).isoformat() + (f" · {where}" if where else "")
        entry.summary(_text(summary + "\n" + (event.description or ""), 500))
        entry.published(aware(event.created_at))
        entry.updated(aware(event.updated_at or event.created_at))
    return feed.atom_str(pretty=False)
