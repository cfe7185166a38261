"""Keeping the search documents of a city up to date, and searching them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite

from upcampus.core.db import db
from upcampus.core.pagination import paginate
from upcampus.search.engines import (
    closest_words,
    distinct_words,
    key,
    match,
    pg_like_words,
    pg_matching,
    pg_rank,
    plain_words,
    stemmed_text,
)
from upcampus.search.excerpts import excerpt_fields, indexed_text
from upcampus.search.models import MAX_WORD, SearchDocument, SearchWord
from upcampus.tenancy.context import current_tenant_id

MAX_QUERY = 200
PER_PAGE = 20
CANDIDATES = 1000  # ranked among the newest 1,000 matches; counted up to there
WINDOW = 5000  # a city's newest documents, where a common word's matches are found first
ENOUGH_RECENT = 100  # matches among them that make the search stop there


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
    remember_words(document.words.split())


def remember_words(words: list[str]) -> None:
    """Add the words the current city's vocabulary lacks (see SearchWord)."""
    words = sorted({w for w in words if len(w) <= MAX_WORD})
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[db.engine.dialect.name]
    tenant_id = current_tenant_id()
    for start in range(0, len(words), 1000):  # the drivers' limit on bound parameters
        db.session.execute(dialect.insert(SearchWord).values(
            [{"tenant_id": tenant_id, "word": w} for w in words[start:start + 1000]])
            .on_conflict_do_nothing(index_elements=["tenant_id", "word"]))


def remove_document(kind: str, ref_id: int) -> None:
    db.session.execute(delete(SearchDocument).where(SearchDocument.kind == kind,
                                                    SearchDocument.ref_id == ref_id))


@dataclass
class Results:
    """A page of results, with a count capped at CANDIDATES: "at least 1,000" costs no
    count of every match of a common word in a large city."""

    items: list
    page: int
    per_page: int
    total: int
    capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def search(query: str, *, member: bool, page: int = 1) -> Results:
    """Documents of the current city matching `query`, ranked; members-only documents
    for members only."""
    query = (query or "").replace("\x00", " ").strip()[:MAX_QUERY]
    visibilities = ("public", "members") if member else ("public",)
    visible = select(SearchDocument).where(SearchDocument.visibility.in_(visibilities))
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        return _pg_search(visibilities, plain_words(query)[:20], page)
    found = paginate(match(visible, query, dialect), page, per_page=PER_PAGE)
    if not found.total:
        # A typo? Try the nearest words of the city's vocabulary.
        words = plain_words(query)
        vocabulary = set(db.session.scalars(select(SearchWord.word)))
        nearest = closest_words(words, vocabulary)
        if nearest != words:
            found = paginate(match(visible, " ".join(nearest), dialect), page,
                             per_page=PER_PAGE)
    total = found.total or 0
    return Results(list(found.items), found.page, PER_PAGE, min(total, CANDIDATES),
                   total > CANDIDATES)


def _pg_search(visibilities: tuple[str, ...], words: list[str], page: int) -> Results:
    """Two statements for a word common among the city's newest WINDOW documents: where
    they start, then the matches among them (at most CANDIDATES + 1, newest first),
    counted and ranked, with one page of rows. A word rarer there, in a larger city: two
    more, whether the city's vocabulary holds every word at all (else nothing can match),
    then the same over all its documents. When nothing is found, a typo is corrected
    against the city's words and searched again.

    Why not the GIN index of search_tsv: under row-level security PostgreSQL applies no
    operator that is not LEAKPROOF (@@, pg_trgm's %) before the city's policy, so those
    indexes serve nothing (docs/benchmarks.md); ranges of btree indexes do."""
    if not words or (page - 1) * PER_PAGE >= CANDIDATES:  # no page beyond the ranked set
        return Results([], page, PER_PAGE, 0)
    edge = db.session.scalar(select(SearchDocument.id).order_by(
        SearchDocument.id.desc()).offset(WINDOW).limit(1))
    for attempt in ("as typed", "corrected"):
        if attempt == "corrected":  # nothing found: a typo? the city's nearest words
            alike = set(db.session.scalars(select(SearchWord.word).where(
                pg_like_words(words)).limit(200)))
            corrected = closest_words(words, alike)
            if corrected == words:
                break
            words = corrected
        found = _pg_ranked(visibilities, words, page, edge)
        if found.total < ENOUGH_RECENT and edge is not None and _known(words):
            found = _pg_ranked(visibilities, words, page, None)
        if found.total:
            return found
    return Results([], page, PER_PAGE, 0)


def _pg_ranked(visibilities: tuple[str, ...], words: list[str], page: int,
               edge: int | None) -> Results:
    """One statement: the matches newer than `edge`, newest first, CANDIDATES + 1 at most,
    counted and ranked; then one page of their rows."""
    matching = pg_matching(select(SearchDocument.id).where(
        SearchDocument.visibility.in_(visibilities)), words)
    if edge is not None:
        matching = matching.where(SearchDocument.id > edge)
    candidates = matching.add_columns(pg_rank(words).label("rank")).order_by(
        SearchDocument.id.desc()).limit(CANDIDATES + 1).subquery()
    # Counted up to CANDIDATES + 1 ("at least"), ranked among the newest CANDIDATES.
    numbered = select(candidates.c.id, candidates.c.rank,
                      func.count().over().label("total"),
                      func.row_number().over(order_by=candidates.c.id.desc()).label("n")
                      ).subquery()
    shown = select(numbered).where(numbered.c.n <= CANDIDATES).order_by(
        numbered.c.rank.desc(), numbered.c.id.desc()).limit(PER_PAGE).offset(
        (page - 1) * PER_PAGE).subquery()
    rows = db.session.execute(select(SearchDocument, shown.c.total).join(
        shown, shown.c.id == SearchDocument.id).order_by(
        shown.c.rank.desc(), SearchDocument.id.desc())).all()
    total = rows[0].total if rows else 0
    return Results([row[0] for row in rows], page, PER_PAGE, min(total, CANDIDATES),
                   total > CANDIDATES or edge is not None)


def _known(words: list[str]) -> bool:
    """Whether the city's vocabulary holds, for every word, one starting with its stem
    (a document can match no other way): ranges of the (tenant_id, word) index."""
    stems = [key(w) for w in words]
    return all(db.session.execute(select(*(exists().where(
        SearchWord.word >= stem, SearchWord.word < stem + "\uffff") for stem in stems))).one())


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
    db.session.execute(delete(SearchWord))
    for membership in db.session.scalars(select(Membership)):
        member_document(membership)
    for organisation in db.session.scalars(select(Organisation)):
        organisation_document(organisation)
    for publication in db.session.scalars(select(Publication)):
        reindex(publication)
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(SearchDocument))
