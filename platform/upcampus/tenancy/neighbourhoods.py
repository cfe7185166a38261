"""A city's neighbourhoods: the list the city chose is the only one offered as a choice
and as a filter. A value typed before the list existed stays with its owner (shown in
their form, kept when they save) but is never offered to anyone as a filter."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from upcampus.core.forms import choices


def neighbourhood_choices(city, current: str | None = "") -> list:
    listed = list(city.neighbourhoods)
    options = [("", _l("Not specified"))] + [(name, name) for name in listed]
    if current and current not in listed:
        options.append((current, _("%(name)s (your own words, not in the list)", name=current)))
    return choices(options)


def filter_options(city) -> list[str]:
    """What the neighbourhood filters of a city offer: its list, nothing typed by anyone."""
    return list(city.neighbourhoods)


def listed(value: str | None, city=None) -> str:
    """A neighbourhood as others see it: only a name of the city's list (else nothing)."""
    city = city if city is not None else g.get("city")
    return value if value and city is not None and value in city.neighbourhoods else ""
