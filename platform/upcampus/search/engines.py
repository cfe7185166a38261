"""Two engines behind one interface: PostgreSQL full-text search (a French configuration
with unaccent, in production and tests) and SQLite FTS5 (development), which is given
words already unaccented and stemmed with the same French Snowball stemmer family."""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer
from sqlalchemy import Select, column, func, literal_column, table, text

from upcampus.search.models import SearchDocument

PG_CONFIG = "upcampus_fr"
_stemmer = snowballstemmer.stemmer("french")
_WORD = re.compile(r"\w+", re.UNICODE)


def unaccent(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def stem_words(value: str) -> list[str]:
    return _stemmer.stemWords(_WORD.findall(unaccent(value or "")))


def stemmed_text(title: str, body: str) -> str:
    # The title twice: a match in it ranks higher.
    return " ".join(stem_words(f"{title} {title} {body}"))


def pg_vector():
    # A stored generated column (see migrations): weighted title and body, computed once
    # per write, indexed, and read as is to rank.
    return literal_column("search_documents.search_tsv")


def match(statement: Select, query: str, dialect: str) -> Select:
    """Narrow `statement` (over SearchDocument) to documents matching `query`, best first."""
    if dialect == "postgresql":
        tsquery = func.websearch_to_tsquery(literal_column(f"'{PG_CONFIG}'::regconfig"), query)
        vector = pg_vector()
        return statement.where(vector.op("@@")(tsquery)).order_by(
            func.ts_rank(vector, tsquery).desc(), SearchDocument.id)
    terms = stem_words(query)
    if not terms:
        return statement.where(text("1 = 0"))
    fts = table("search_fts", column("rowid"), column("rank"))
    fts_query = " ".join(f'"{term}"' for term in terms)  # every word, as a phrase token
    return (statement.join(fts, fts.c.rowid == SearchDocument.id)
            .where(text("search_fts MATCH :fts_query").bindparams(fts_query=fts_query))
            .order_by(fts.c.rank, SearchDocument.id))
