"""Why a match was made, in plain words in the reader's language, built from the terms its
score used (the biggest first): "comptabilité · quartier : Les Blagis · propose un local"."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.matching import scoring
from upcampus.organisations.forms import KIND_LABELS
from upcampus.search.engines import plain_words
from upcampus.taxonomy.models import Skill, SkillFamily, Theme

RESOURCE_REASONS = {
    "premises": _l("offers premises"), "funding": _l("offers funding"),
    "equipment": _l("can lend equipment"), "volunteers": _l("can bring volunteers"),
    "advice": _l("offers advice"),
}
MAX_REASONS = 3
TYPED_WORD = re.compile(r"[^\W_]+")  # a word as typed, accents kept


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _labels(model, codes: set[str], locale: str) -> dict[str, str]:
    if not codes:
        return {}
    return {row.code: row.label(locale) for row in db.session.scalars(
        select(model).where(model.code.in_(sorted(codes))))}


def explain(matches, locale: str, *, words: dict[str, str] | None = None,
            places: dict[str, str] | None = None) -> None:
    """Set `reasons` (a list of short phrases) on each match. `words` gives the word as
    written for a stem, `places` the neighbourhood as written for its term."""
    words, places = words or {}, places or {}
    wanted = {"s": set(), "f": set(), "t": set()}
    for match in matches:
        for term in match.terms:
            prefix, _sep, code = term.partition(":")
            if prefix in wanted:
                wanted[prefix].add(code)
    skills = _labels(Skill, wanted["s"], locale)
    families = _labels(SkillFamily, wanted["f"], locale)
    themes = _labels(Theme, wanted["t"], locale)
    for match in matches:
        match.reasons = _phrases(match, skills, families, themes, words, places)


def _phrases(match, skills, families, themes, words, places) -> list[str]:
    phrases: list[str] = []
    shown_words: list[str] = []
    has_skill = has_family = False
    for term, _worth in sorted(match.terms.items(), key=lambda item: -item[1]):
        prefix, _sep, code = term.partition(":")
        phrase = None
        if prefix == "s" and code in skills:
            phrase, has_skill = _lower_first(skills[code]), True
        elif prefix == "f" and code in families and not (has_skill or has_family):
            phrase = _("same field: %(family)s", family=_lower_first(families[code]))
            has_family = True
        elif prefix == "w":
            shown_words.append(words.get(code, code))
            continue
        elif prefix == "r" and code in RESOURCE_REASONS:
            phrase = str(RESOURCE_REASONS[code])
        elif prefix == "k" and code in KIND_LABELS:
            phrase = _lower_first(str(KIND_LABELS[code]))
        elif prefix == "t" and code in themes:
            phrase = _("interested in %(theme)s", theme=_lower_first(themes[code]))
        elif prefix == "n":
            phrase = _("neighbourhood: %(place)s", place=places.get(term, code))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    if shown_words:
        quoted = ", ".join(_("“%(word)s”", word=w) for w in shown_words[:2])
        phrases.insert(min(1, len(phrases)), _("mentions %(words)s", words=quoted))
    if getattr(match, "recent", False):
        phrases.append(_("active lately"))
    return phrases[:MAX_REASONS + (1 if getattr(match, "recent", False) else 0)]


def need_words(need) -> tuple[dict[str, str], dict[str, str]]:
    """The words of a need as written, by stem, and its project's neighbourhood."""
    publication = need.publication
    written = {}
    for text in (publication.description, publication.title, need.text):
        # Stems come from unaccented words: quote each the way it was typed (« prêt »).
        typed = {plain: word for word in TYPED_WORD.findall((text or "").lower())
                 for plain in plain_words(word)}
        written.update({stem: typed.get(plain, plain)
                        for stem, plain in scoring.stems(text or "").items()})
    place = scoring.place_term(publication.neighbourhood or "")
    return written, ({place: publication.neighbourhood} if place else {})


def explained_suggestions(need, locale: str, limit: int = 5) -> list:
    """Who fits an open need, each with its reasons (the project page and the API)."""
    from upcampus.matching.operations import suggestions

    found = suggestions(need, limit=limit)
    words, places = need_words(need)
    explain(found, locale, words=words, places=places)
    return found


def explained_needs_for(locale: str, *, membership=None, organisation=None,
                        limit: int = 3) -> list:
    """Open needs that fit a member (or an organisation), each with its reasons."""
    from upcampus.matching.operations import needs_for

    found = (needs_for(organisation=organisation, limit=limit) if organisation is not None
             else needs_for(membership=membership, limit=limit))
    words, places = {}, {}
    for match in found:  # each need's words as typed, not their stems
        typed, place = need_words(match.subject)
        words.update(typed)
        places.update(place)
    explain(found, locale, words=words, places=places)
    return found
