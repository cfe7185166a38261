"""The optional parts of a project's page (its themes, the events it was born at, the
city's track, where it was started from) are asked about in one statement.

Most projects have few of them, and one statement per part cost more than rendering the
page. Each domain registers the probe of its part (`page_part`); the page then loads only
the parts a publication has.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm.attributes import set_committed_value

from upcampus.core.db import db
from upcampus.projects.models import Publication, PublicationTheme

Probe = Callable[[Publication], ColumnElement[bool]]
_probes: dict[str, Probe] = {}


def page_part(name: str) -> Callable[[Probe], Probe]:
    """Register `probe(publication)`: an EXISTS saying whether the page has this part."""
    def register(probe: Probe) -> Probe:
        _probes[name] = probe
        return probe
    return register


def parts_of(publication: Publication) -> frozenset[str]:
    """The registered parts this publication has, in one statement. The images and themes
    it has none of are marked loaded (empty), so the page never asks for them."""
    row = db.session.execute(select(*(
        probe(publication).label(name) for name, probe in _probes.items()))).one()
    parts = frozenset(name for name, present in row._mapping.items() if present)
    # The row knows its first image already (cover_image_id).
    if publication.cover_image_id is None:
        set_committed_value(publication, "images", [])
    if "projects.themes" not in parts:
        set_committed_value(publication, "theme_links", [])
    return parts


@page_part("projects.themes")
def _has_themes(publication: Publication) -> ColumnElement[bool]:
    return select(PublicationTheme.id).where(
        PublicationTheme.publication_id == publication.id).exists()
