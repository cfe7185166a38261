"""Keeping the search documents of a city up to date, and searching them."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from upcampus.core.db import db
from upcampus.core.pagination import Page, paginate
from upcampus.search.engines import match, stemmed_text
from upcampus.search.models import SearchDocument

MAX_QUERY = 200


def index_document(kind: str, ref_id: int, *, title: str, body: str, url: str,
                   visibility: str = "public") -> None:
    """Create or replace the document of one thing of the current city (not committed)."""
    document = db.session.scalars(select(SearchDocument).where(
        SearchDocument.kind == kind, SearchDocument.ref_id == ref_id)).first()
    if document is None:
        document = SearchDocument(kind=kind, ref_id=ref_id)
        db.session.add(document)
    document.title, document.body, document.url = title[:200], body, url
    document.visibility = visibility
    document.stemmed = stemmed_text(title, body)


def remove_document(kind: str, ref_id: int) -> None:
    db.session.execute(delete(SearchDocument).where(SearchDocument.kind == kind,
                                                    SearchDocument.ref_id == ref_id))


def search(query: str, *, member: bool, page: int | None = None) -> Page:
    """Documents of the current city matching `query`, ranked; members-only documents
    for members only."""
    query = (query or "").replace("\x00", " ").strip()[:MAX_QUERY]
    visibilities = ("public", "members") if member else ("public",)
    statement = select(SearchDocument).where(SearchDocument.visibility.in_(visibilities))
    statement = match(statement, query, db.engine.dialect.name)
    return paginate(statement, per_page=20, page=page)


def member_document(membership) -> None:
    """A member in search as their profile allows: hidden or suspended, not at all."""
    if membership.visibility == "hidden" or membership.status != "active":
        remove_document("member", membership.id)
        return
    words = [membership.bio, membership.offers, membership.neighbourhood,
             *(s.label_fr for s in membership.skills), *(t.label_fr for t in membership.themes)]
    index_document("member", membership.id, title=membership.account.display_name,
                   body=" ".join(w for w in words if w), url=f"/members/{membership.id}",
                   visibility=membership.visibility)


def organisation_document(organisation) -> None:
    words = [organisation.description, organisation.offer_details, organisation.neighbourhood,
             *(s.label_fr for s in organisation.skills), *(t.label_fr for t in organisation.themes)]
    index_document("organisation", organisation.id, title=organisation.name,
                   body=" ".join(w for w in words if w),
                   url=f"/organisations/{organisation.id}-{organisation.slug}")


def reindex_current_city() -> int:
    """Rebuild every document of the current city from its rows; returns their count."""
    from upcampus.accounts.models import Membership
    from upcampus.organisations.models import Organisation
    from upcampus.projects.models import Publication
    from upcampus.projects.operations import reindex

    db.session.execute(delete(SearchDocument))
    for membership in db.session.scalars(select(Membership)):
        member_document(membership)
    for organisation in db.session.scalars(select(Organisation)):
        organisation_document(organisation)
    for publication in db.session.scalars(select(Publication)):
        reindex(publication)
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(SearchDocument))
