"""Two engines behind one interface: PostgreSQL full-text search (a French configuration
with unaccent, in production and tests) and SQLite FTS5 (development), which is given
words already unaccented and stemmed with the same French Snowball stemmer family.

Both forgive what people type: every word is also tried as a prefix and without its
plural mark (the French stemmer keeps "velos" and "velo" apart), and when nothing is
found a typo is corrected against the city's own words (SearchWord): the nearest one
as difflib sees it, among those pg_trgm finds alike on PostgreSQL (a GIN trigram index
over short words), among all of them on SQLite."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

import snowballstemmer
from sqlalchemy import Select, and_, column, func, literal, literal_column, or_, table, text

from upcampus.search.models import SearchDocument, SearchWord

PG_CONFIG = "upcampus_fr"
_stemmer = snowballstemmer.stemmer("french")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
PREFIX_FROM = 3  # shorter words match whole only: "l" must not find every word in l-
FUZZY_CUTOFF = 0.8


def unaccent(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def plain_words(value: str) -> list[str]:
    """Unaccented, lower-cased words as written."""
    return _WORD.findall(unaccent(value or ""))


def stem_words(value: str) -> list[str]:
    return _stemmer.stemWords(plain_words(value))


def stemmed_text(title: str, body: str) -> str:
    # The title twice: a match in it ranks higher.
    return " ".join(stem_words(f"{title} {title} {body}"))


def distinct_words(title: str, body: str) -> str:
    return " ".join(dict.fromkeys(plain_words(f"{title} {body}")))


def singulars(word: str) -> list[str]:
    """The word, and without its plural mark: "velos" -> ["velos", "velo"]."""
    if len(word) > PREFIX_FROM and word[-1] in "sx":
        return [word, word[:-1]]
    return [word]


@functools.lru_cache(maxsize=8192)  # the Snowball stemmer is pure Python: ~0.1 ms a word
def prefixable(word: str) -> bool:
    """Whether a word may also match as a prefix: "velo" finds "velos", "jardin"
    "jardinage"; but not once stemmed ("ecole" is "ecol", which must not find "ecologie")."""
    return len(word) >= PREFIX_FROM and _stemmer.stemWord(word) == word


@functools.lru_cache(maxsize=8192)
def key(word: str) -> str:
    """One comparable form of a word: unaccented, singular, stemmed."""
    return _stemmer.stemWord(singulars(unaccent(word))[-1])


def closest_words(words: list[str], vocabulary: set[str]) -> list[str]:
    """Each word, or the nearest word of the vocabulary when it has none as written."""
    fixed = []
    for word in words:
        near = difflib.get_close_matches(word, vocabulary, n=1, cutoff=FUZZY_CUTOFF)
        fixed.append(near[0] if near and word not in vocabulary else word)
    return fixed


def pg_vector():
    # A stored generated column (see migrations): weighted title and body, computed once
    # per write, indexed, and read as is to rank.
    return literal_column("search_documents.search_tsv")


def _pg_tsquery(words: list[str]) -> str:
    # Words are letters and digits only (see _WORD): nothing here is tsquery syntax.
    terms = []
    for word in words:
        forms = [f"{w}:*" if prefixable(w) else w for w in singulars(word)]
        terms.append("(" + " | ".join(forms) + ")")
    return " & ".join(terms)


def _fts5_query(words: list[str]) -> str:
    terms = []
    for word in words:
        forms = dict.fromkeys(f'"{_stemmer.stemWord(w)}"' + ("*" if prefixable(w) else "")
                              for w in singulars(word))
        terms.append("(" + " OR ".join(forms) + ")")
    return " AND ".join(terms)


def pg_tsquery(words: list[str]):
    return func.to_tsquery(literal_column(f"'{PG_CONFIG}'::regconfig"), _pg_tsquery(words))


def pg_matching(statement: Select, words: list[str]) -> Select:
    """PostgreSQL: narrow `statement` to documents holding the words, with prefixes and
    singulars (the stored vector, its GIN index on (tenant_id, search_tsv))."""
    return statement.where(pg_vector().op("@@")(pg_tsquery(words)))


def pg_rank(words: list[str]):
    """How well a document matches, higher first: the full-text rank of the stored vector."""
    return func.ts_rank(pg_vector(), pg_tsquery(words))


def pg_like_words(words: list[str]):
    """A condition on SearchWord.word: like one of `words` (pg_trgm's %) and starting with
    the same letter. Under row-level security PostgreSQL applies no operator that is not
    LEAKPROOF (%, @@) before the city's policy, so no trigram index can serve it; the
    first letter is a range of the (tenant_id, word) index (its comparisons are
    leakproof): a twentieth of the city's words are compared, not all of them."""
    return or_(*(and_(SearchWord.word >= w[0], SearchWord.word < chr(ord(w[0]) + 1),
                      SearchWord.word.op("%")(literal(w))) for w in words))


def match(statement: Select, query: str, dialect: str) -> Select:
    """SQLite: narrow `statement` (over SearchDocument) to documents matching `query`, best
    first (PostgreSQL: see pg_matching, ranked among a bounded set in operations.search)."""
    words = plain_words(query)[:20]
    if not words:
        return statement.where(text("1 = 0"))
    if dialect == "postgresql":
        return pg_matching(statement, words).order_by(pg_rank(words).desc(),
                                                      SearchDocument.id.desc())
    fts = table("search_fts", column("rowid"), column("rank"))
    return (statement.join(fts, fts.c.rowid == SearchDocument.id)
            .where(text("search_fts MATCH :fts_query").bindparams(fts_query=_fts5_query(words)))
            .order_by(fts.c.rank, SearchDocument.id))
