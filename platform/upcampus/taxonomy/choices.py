"""The skills and themes as form options, kept per city, language and generation
(core/memo.py): the profile, project, need, organisation and event forms list them all,
and they change only when the city's or the shared taxonomy does."""

from __future__ import annotations

from upcampus.core.forms import SelectChoice, choices, grouped_choices
from upcampus.core.memo import kept
from upcampus.taxonomy.operations import skills_by_family, visible_themes


def skill_choices(locale: str) -> list[SelectChoice]:
    return list(kept("skill_choices", lambda: tuple(
        grouped_choices(skills_by_family(locale), locale)), locale))


def theme_choices(locale: str) -> list[SelectChoice]:
    return list(kept("theme_choices", lambda: tuple(
        choices((t.id, t.label(locale)) for t in visible_themes())), locale))
