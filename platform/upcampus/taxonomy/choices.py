"""The skills and themes as form options, kept per city, language and generation
(core/memo.py): the profile, project, need, organisation and event forms list them all,
and they change only when the city's or the shared taxonomy does."""

from __future__ import annotations

from upcampus.core.forms import SelectChoice, choices, grouped_choices
from upcampus.core.memo import kept
from upcampus.taxonomy.operations import skills_by_family, visible_themes


def skill_choices(locale: str) -> list[SelectChoice]:
    return _options(kept("skill_choices", lambda: _plain(
        grouped_choices(skills_by_family(locale), locale)), locale))


def theme_choices(locale: str) -> list[SelectChoice]:
    return _options(kept("theme_choices", lambda: _plain(
        choices((t.id, t.label(locale)) for t in visible_themes())), locale))


def _plain(options: list[SelectChoice]) -> tuple:
    """What is kept: plain tuples (a SelectChoice is mutable, and kept values are shared
    by every request of the process)."""
    return tuple((o.value, str(o.label), o.optgroup) for o in options)


def _options(kept_options: tuple) -> list[SelectChoice]:
    return [SelectChoice(value=value, label=label, optgroup=group)
            for value, label, group in kept_options]
