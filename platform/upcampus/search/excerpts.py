"""What a result shows: a clean excerpt in the reader's language, the matched words
marked. Documents keep, per language, their title and the parts to show (plain text
from the Markdown, the neighbourhood, the theme and skill names in that language); the
marked excerpt is built from escaped text, so what a user typed is never markup."""

from __future__ import annotations

import difflib
import functools
import re

from markupsafe import Markup, escape

from upcampus.core.markdown import render_markdown
from upcampus.search.engines import (
    FUZZY_CUTOFF,
    PREFIX_FROM,
    key,
    plain_words,
    prefixable,
    singulars,
    unaccent,
)

LANGUAGES = ("fr", "en")
SEPARATOR = " · "
LENGTH = 220
BEFORE = 60  # characters kept before the first match
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


_ITEM_END = re.compile(r"</li>")


def plain(markdown_text: str | None) -> str:
    """The text a reader sees of some Markdown, without its marks or tags; list items
    stay apart ("outils · pièces", not "outils pièces")."""
    html = _ITEM_END.sub(SEPARATOR + "</li>", str(render_markdown(markdown_text)))
    text = Markup(html).striptags()  # noqa: S704 - our own sanitised rendering, made plain
    return text.removesuffix(SEPARATOR.rstrip())


def excerpt_fields(*, texts=(), labels=(), titles: tuple[str, str] | None = None) -> dict:
    """Per language: the parts to show (plain texts, then the names of `labels`, pairs of
    (French, English), in that language) and the title when it differs by language."""
    shown = [p for p in (plain(t) for t in texts if t) if p]
    fields = {}
    for i, language in enumerate(LANGUAGES):
        names = [pair[i] for pair in labels if pair and pair[i]]
        fields[language] = {"parts": shown + ([", ".join(names)] if names else [])}
        if titles:
            fields[language]["title"] = titles[i]
    return fields


def indexed_text(fields: dict) -> str:
    """Every part in every language, once: found in French or in English alike."""
    parts = [part for language in LANGUAGES for part in fields.get(language, {}).get("parts", [])]
    titles = [fields.get(language, {}).get("title", "") for language in LANGUAGES]
    return " ".join(dict.fromkeys(p for p in [*parts, *titles] if p))


class Marker:
    """Tells which words of a text match what was typed: same stem, a prefix, or close."""

    def __init__(self, query: str):
        self.words = [w for w in plain_words(query) if len(w) >= PREFIX_FROM]
        self.keys = [(key(w), w if prefixable(singulars(w)[-1]) else None) for w in self.words]

    def matches(self, token: str) -> bool:
        if not self.words:
            return False
        known = self.__dict__.setdefault("_seen", {})
        if token not in known:
            known[token] = self._matches(token)
        return known[token]

    def _matches(self, token: str) -> bool:
        plain_token, token_key = unaccent(token), key(token)
        if any(token_key == k or (prefix and plain_token.startswith(prefix))
               for k, prefix in self.keys):
            return True
        return bool(difflib.get_close_matches(plain_token, self.words, n=1,
                                              cutoff=FUZZY_CUTOFF))

    def first(self, text: str) -> int:
        for token in _TOKEN.finditer(text):
            if self.matches(token.group()):
                return token.start()
        return 0

    def mark(self, text: str) -> Markup:
        pieces, last = [], 0
        for token in _TOKEN.finditer(text):
            pieces.append(escape(text[last:token.start()]))
            word = escape(token.group())
            pieces.append(Markup("<mark>%s</mark>") % word if self.matches(token.group())
                          else word)
            last = token.end()
        pieces.append(escape(text[last:]))
        return Markup("").join(pieces)


def window(text: str, start: int) -> str:
    """About LENGTH characters of `text` around `start`, cut between words."""
    if len(text) <= LENGTH:
        return text
    begin = max(0, start - BEFORE)
    if begin:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    end = begin + LENGTH
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > start else end
    return ("…" if begin else "") + text[begin:end].strip() + ("…" if end < len(text) else "")


@functools.lru_cache(maxsize=256)
def marker_for(query: str) -> Marker:
    """One marker per query, kept: what it learnt of a word serves every result (and the
    next visitor who searches the same words); a word's answer never changes."""
    return Marker(query)


def present(document, query: str, language: str) -> tuple[str, Markup]:
    """The title and marked excerpt of a document for a reader of `language`."""
    fields = document.excerpt or {}
    shown = fields.get(language) or fields.get("fr") or {"parts": [plain(document.body)]}
    text = SEPARATOR.join(shown.get("parts", []))
    marker = marker_for(query)
    title = shown.get("title") or document.title
    return marker.mark(title), marker.mark(window(text, marker.first(text)))
