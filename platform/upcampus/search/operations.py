"""Keeping the search documents of a city up to date, and searching them."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from upcampus.core.db import db
from upcampus.core.pagination import Page, paginate
from upcampus.search.engines import closest_words, distinct_words, match, plain_words, stemmed_text
from upcampus.search.excerpts import excerpt_fields, indexed_text
from upcampus.search.models import SearchDocument
from upcampus.tenancy.context import current_tenant_id

MAX_QUERY = 200


def index_document(kind: str, ref_id: int, *, title: str, url: str, fields: dict | None = None,
                   body: str = "", visibility: str = "public") -> None:
    """Create or replace the document of one thing of the current city (not committed);
    `fields` is what it shows per language (see excerpts.excerpt_fields), all indexed
    (a plain `body` is shown alike in every language)."""
    fields = fields if fields is not None else excerpt_fields(texts=[body])
    body = indexed_text(fields)
    document = db.session.scalars(select(SearchDocument).where(
        SearchDocument.kind == kind, SearchDocument.ref_id == ref_id)).first()
    if document is None:
        document = SearchDocument(kind=kind, ref_id=ref_id)
        db.session.add(document)
    document.title, document.body, document.url = title[:200], body, url
    document.visibility, document.excerpt = visibility, fields
    document.stemmed = stemmed_text(title, body)
    document.words = distinct_words(title, body)


def remove_document(kind: str, ref_id: int) -> None:
    db.session.execute(delete(SearchDocument).where(SearchDocument.kind == kind,
                                                    SearchDocument.ref_id == ref_id))


def search(query: str, *, member: bool, page: int = 1) -> Page:
    """Documents of the current city matching `query`, ranked; members-only documents
    for members only."""
    query = (query or "").replace("\x00", " ").strip()[:MAX_QUERY]
    visibilities = ("public", "members") if member else ("public",)
    visible = select(SearchDocument).where(SearchDocument.visibility.in_(visibilities))
    dialect = db.engine.dialect.name
    found = paginate(match(visible, query, dialect), per_page=20, page=page)
    if found.total or dialect == "postgresql":  # PostgreSQL forgives typos in one statement
        return found
    # SQLite (development): a typo? Try the nearest words the city's documents hold.
    vocabulary = set(" ".join(db.session.scalars(select(SearchDocument.words).where(
        SearchDocument.visibility.in_(visibilities)))).split())
    words = plain_words(query)
    nearest = closest_words(words, vocabulary)
    if nearest == words:
        return found
    return paginate(match(visible, " ".join(nearest), dialect), per_page=20, page=page)


def member_document(membership) -> None:
    """A member in search as their profile allows: hidden or suspended, not at all."""
    if membership.visibility == "hidden" or membership.status != "active":
        remove_document("member", membership.id)
        return
    fields = excerpt_fields(
        texts=[membership.bio, membership.offers, listed_here(membership.neighbourhood)],
        labels=_labels([*membership.skills, *membership.themes]))
    index_document("member", membership.id, title=membership.account.display_name,
                   fields=fields, url=f"/members/{membership.id}",
                   visibility=membership.visibility)


def organisation_document(organisation) -> None:
    fields = excerpt_fields(
        texts=[organisation.description, organisation.offer_details,
               listed_here(organisation.neighbourhood)],
        labels=_labels([*organisation.skills, *organisation.themes]))
    index_document("organisation", organisation.id, title=organisation.name, fields=fields,
                   url=f"/organisations/{organisation.id}-{organisation.slug}")


def listed_here(neighbourhood: str) -> str:
    """A neighbourhood of the current city's list; words typed before it are not shown."""
    from upcampus.tenancy.models import Tenant

    city = db.session.get(Tenant, current_tenant_id()) if neighbourhood else None
    return neighbourhood if city is not None and neighbourhood in city.neighbourhoods else ""


def _labels(entries) -> list[tuple[str, str]]:
    """(French, English) names of themes or skills, for excerpts in either language."""
    return [(e.label_fr, e.label_en) for e in entries if e is not None]


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
