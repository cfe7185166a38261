"""The scoring of matching, in one place: how a profile, an organisation and a need become
term vectors, and what each kind of shared term is worth.

A vector is {term: weight}. Terms are prefixed by what they are:
  s:<skill code>   a skill listed (1.0) or named by the words (IMPLIED)
  f:<family code>  the family of such a skill
  w:<stem>         a word, unaccented, singular, French-stemmed (search/engines.py)
  r:<resource>     a resource offered or asked (premises, funding, equipment...)
  k:<kind>         an organisation's kind (a funder for a funding need...)
  t:<theme code>   an interest of a member / a theme of the project
  n:<place>        a neighbourhood
  *                every profile has it (it counts the profiles of a city)
A pair's score is the sum, over the terms both vectors hold, of need weight x profile
weight x WEIGHTS[prefix] (x rarity for words); RELEVANT prefixes must bring at least
MIN_RELEVANCE, so that a shared neighbourhood alone suggests nobody."""

from __future__ import annotations

import math
from dataclasses import dataclass

from upcampus.search.engines import key, plain_words

WEIGHTS = {"s": 4.0, "f": 1.0, "w": 1.5, "r": 3.0, "k": 1.5, "t": 0.4, "n": 0.8}
RELEVANT = ("s", "f", "w", "r", "k")
MIN_RELEVANCE = 0.9
RECENT_BONUS = 0.3  # signed in within RECENT_DAYS
RECENT_DAYS = 45
IMPLIED = 0.7  # a skill the words name, not listed
MAX_WORDS = 60  # words of one text that count (a long bio must not match everything)

# Field weights: what a text says about a person or a need.
NEED_TEXT, TITLE, DESCRIPTION = 1.0, 0.5, 0.3
BIO, OFFERS = 0.6, 1.0

# Words that say nothing about a skill, in both languages (compared unaccented).
STOPWORDS = frozenset("""
le la les l un une des de du d et ou a au aux en dans sur sous par pour avec sans chez
ce cet cette ces se sa son ses mon ma mes ton ta tes notre nos votre vos leur leurs qui
que quoi dont ou y il elle ils elles on nous vous je j tu me m te t lui eux est sont
etre ai as avons avez ont avoir fait faire peux peut peuvent pouvez pourrait besoin
cherche cherchons recherche quelqu quelqu'un qqn quelqu un personne gens aide aider
aidez coup main merci svp bonjour projet projets asso association tout tous toute
toutes tres plus moins bien aussi pas ne ni si mais donc car comme quand depuis
un deux trois quatre cinq six dix cent heure heures jour jours semaine semaines mois an ans
fois chaque autre autres premier premiere premiers premieres nouveau nouvelle ville
the a an and or of to in on at for with without by from is are be we i you he she they
our my your their it this that these those can could need needs needed looking someone
somebody anyone help please hello project projects some any all very more also not
""".split())

# Resources: the words people use for each, and who tends to have one.
RESOURCE_WORDS = {
    "premises": ["local", "salle", "lieu", "espace", "garage", "cave", "bureau", "terrain",
                 "hangar", "pieces", "room", "venue", "premises", "space", "hall", "storage"],
    # not "don": "donner un coup de main" has the same stem
    "funding": ["financement", "subvention", "argent", "budget", "donateur", "mecene",
                "financer", "funding", "money", "grant", "donation", "sponsor"],
    "equipment": ["materiel", "outils", "preter", "pret", "perceuse", "videoprojecteur",
                  "tables", "chaises", "camionnette", "sono", "barnum", "equipment",
                  "tools", "lend", "projector", "chairs", "van", "tent"],
    "volunteers": ["benevoles", "bras", "volontaires", "renfort", "volunteers", "hands"],
    "advice": ["conseil", "conseils", "accompagnement", "avis", "expertise", "expert",
               "advice", "guidance", "mentoring"],
}
# What an organisation's offers (organisations.models.OFFER_KINDS) give, as resources.
OFFER_RESOURCES = {
    "premises": {"premises": 1.0}, "funding": {"funding": 1.0}, "advice": {"advice": 1.0},
    "training": {"advice": 0.6}, "network": {"volunteers": 0.6, "advice": 0.4},
    "skills": {"volunteers": 0.5},
}
# Which kinds of organisation a resource need calls for, and how much.
RESOURCE_KINDS = {
    "premises": {"city_service": 0.6, "public_institution": 0.5, "school": 0.4},
    "funding": {"funder": 1.0, "public_institution": 0.4, "city_service": 0.4},
    "equipment": {"association": 0.4, "business": 0.4, "city_service": 0.3},
    "volunteers": {"association": 0.8, "school": 0.4},
    "advice": {"support": 1.0, "city_service": 0.4, "public_institution": 0.3},
}


def stems(text: str, limit: int = MAX_WORDS) -> dict[str, str]:
    """{stem: the word as written} of a text, stop words left out, first `limit` ones."""
    found: dict[str, str] = {}
    for word in plain_words(text):
        if len(word) < 3 or word in STOPWORDS or word.isdigit():
            continue
        found.setdefault(key(word), word)
        if len(found) >= limit:
            break
    return found


def place_term(neighbourhood: str) -> str | None:
    place = " ".join(plain_words(neighbourhood))[:80]
    return f"n:{place}" if place else None


@dataclass(frozen=True)
class SkillEntry:
    code: str
    family: str


class Lexicon:
    """The skills a city sees, and the phrases (labels, keywords) that name each one,
    as stems: built once per refresh, read for every text."""

    def __init__(self, skills: list[tuple[str, str, list[str]]]):
        # skills: (code, family code, phrases in any language)
        self.skills = {code: SkillEntry(code, family) for code, family, _ in skills}
        # By the first stem of each phrase: a text is read in the time of its own words.
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for code, _family, phrases in skills:
            for phrase in phrases:
                keys = tuple(stems(phrase))
                if keys:
                    self.phrases.setdefault(keys[0], []).append((keys, code))
        self.resources: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for resource, words in RESOURCE_WORDS.items():
            for word in words:
                keys = tuple(stems(word))
                if keys:
                    self.resources.setdefault(keys[0], []).append((keys, resource))

    @staticmethod
    def _named(index, words: dict[str, str]) -> set[str]:
        return {code for stem in words for keys, code in index.get(stem, ())
                if all(k in words for k in keys)}

    def skills_named(self, words: dict[str, str]) -> set[str]:
        return self._named(self.phrases, words)

    def resources_named(self, words: dict[str, str]) -> set[str]:
        return self._named(self.resources, words)


def _put(vector: dict[str, float], term: str | None, weight: float) -> None:
    if term and weight > vector.get(term, 0.0):
        vector[term] = weight


def _text(vector: dict[str, float], lexicon: Lexicon, text: str, weight: float, *,
          implies: float = IMPLIED, resources: float = 0.0) -> None:
    words = stems(text)
    for stem in words:
        _put(vector, f"w:{stem}"[:90], weight)
    if implies:
        for code in lexicon.skills_named(words):
            _put(vector, f"s:{code}", implies * weight)
            _put(vector, f"f:{lexicon.skills[code].family}", 0.7 * implies * weight)
    if resources:
        for resource in lexicon.resources_named(words):
            _put(vector, f"r:{resource}", resources * weight)


def _listed(vector, lexicon: Lexicon, skill_codes, theme_codes, neighbourhood: str) -> None:
    for code in skill_codes:
        _put(vector, f"s:{code}", 1.0)
        if code in lexicon.skills:
            _put(vector, f"f:{lexicon.skills[code].family}", 0.8)
    for code in theme_codes:
        _put(vector, f"t:{code}", 1.0)
    _put(vector, place_term(neighbourhood), 1.0)


def member_vector(lexicon: Lexicon, *, bio: str, offers: str, skills: list[str],
                  themes: list[str], neighbourhood: str) -> dict[str, float]:
    vector = {"*": 1.0}
    _listed(vector, lexicon, skills, themes, neighbourhood)
    _text(vector, lexicon, bio, BIO, resources=0.5)
    _text(vector, lexicon, offers, OFFERS, resources=0.8)
    return vector


def organisation_vector(lexicon: Lexicon, *, kind: str, description: str, offer_details: str,
                        offers: list[str], skills: list[str], themes: list[str],
                        neighbourhood: str) -> dict[str, float]:
    vector = {"*": 1.0, f"k:{kind}": 1.0}
    _listed(vector, lexicon, skills, themes, neighbourhood)
    for offer in offers or ():
        for resource, weight in OFFER_RESOURCES.get(offer, {}).items():
            _put(vector, f"r:{resource}", weight)
    _text(vector, lexicon, description, BIO, resources=0.4)
    _text(vector, lexicon, offer_details, OFFERS, resources=0.8)
    return vector


def need_vector(lexicon: Lexicon, *, skill: str | None, resource: str | None, text: str,
                title: str, description: str, themes: list[str],
                neighbourhood: str) -> dict[str, float]:
    vector: dict[str, float] = {}
    if skill:
        _put(vector, f"s:{skill}", 1.0)
        if skill in lexicon.skills:
            _put(vector, f"f:{lexicon.skills[skill].family}", 1.0)
    if resource:
        _put(vector, f"r:{resource}", 1.0)
        for kind, weight in RESOURCE_KINDS.get(resource, {}).items():
            _put(vector, f"k:{kind}", weight)
    _text(vector, lexicon, text, NEED_TEXT, resources=0.0 if resource else 0.7)
    _text(vector, lexicon, title, TITLE, implies=0.6)
    _text(vector, lexicon, description, DESCRIPTION, implies=0.0)
    for code in themes:
        _put(vector, f"t:{code}", 1.0)
    _put(vector, place_term(neighbourhood), 1.0)
    return vector


def rarity(frequency: int, profiles: int) -> float:
    """A word's worth, 0..1: one every profile uses says nothing."""
    if profiles <= 1:
        return 1.0
    return max(0.0, math.log((profiles + 1) / (frequency + 1)) / math.log(profiles + 1))


def term_factors(vector: dict[str, float], frequencies: dict[str, int]) -> dict[str, float]:
    """What one unit of profile weight on each term of `vector` adds to a score."""
    profiles = frequencies.get("*", 0)
    factors = {}
    for term, weight in vector.items():
        prefix = term.split(":", 1)[0]
        if prefix not in WEIGHTS:
            continue
        factor = weight * WEIGHTS[prefix]
        if prefix == "w":
            factor *= rarity(frequencies.get(term, 0), profiles)
        if factor > 0:
            factors[term] = round(factor, 4)
    return factors


def city_terms(*names: str) -> set[str]:
    """Word terms of the city's own name: every text of a city says it, it tells nothing."""
    return {f"w:{stem}" for name in names for stem in stems(name or "")}


def relevant(term: str) -> bool:
    return term.split(":", 1)[0] in RELEVANT
