"""One row per searchable thing of a city (publication, need, member, organisation), kept
up to date by the operations that change them. Two engines read it: PostgreSQL
full-text search, SQLite FTS5 (see engines.py)."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from upcampus.core.db import db
from upcampus.tenancy.scoping import TenantOwned

DOCUMENT_KINDS = ("publication", "need", "member", "organisation")
MAX_WORD = 60  # longer "words" (links, codes) are searched as typed, never corrected


class SearchDocument(TenantOwned, db.Model):
    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "ref_id", name="uq_search_documents_ref"),
        CheckConstraint("visibility IN ('public', 'members')", name="visibility"),
        Index("ix_search_documents_tenant_kind", "tenant_id", "kind"),
        # A city's newest documents first (search looks there before anywhere else).
        Index("ix_search_documents_tenant_newest", "tenant_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(300))
    visibility: Mapped[str] = mapped_column(String(16), default="public")
    # Unaccented, lower-cased, French-stemmed words, for the SQLite engine.
    stemmed: Mapped[str] = mapped_column(Text, default="")
    # Unaccented, lower-cased words as written: typo-tolerant matching (pg_trgm, or a
    # fuzzy pass on SQLite).
    words: Mapped[str] = mapped_column(Text, default="", server_default="")
    # What a result shows, per language: {"fr": {"title": ..., "parts": [...]}, "en": ...}.
    excerpt: Mapped[dict | None] = mapped_column(JSON)


class SearchWord(TenantOwned, db.Model):
    """Each word a city's documents hold, once. A word typed with a typo is compared with
    these short words (pg_trgm on PostgreSQL, difflib on SQLite) and searched as
    corrected: comparing it with every document's words cost a trigram recheck per
    document (400 ms for 5,000 documents)."""

    __tablename__ = "search_words"
    __table_args__ = (UniqueConstraint("tenant_id", "word", name="uq_search_words_word"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(MAX_WORD))
