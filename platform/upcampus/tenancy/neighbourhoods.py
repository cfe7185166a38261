"""A city's neighbourhoods: the list the city chose is the only one offered as a choice
and as a filter. A value typed before the list existed stays with its owner (shown in
their form, kept when they save) but is never offered to anyone as a filter."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import false

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


def choosable(value: str, current: str | None) -> bool:
    """Whether a form may save this neighbourhood: none, one of the current city's list,
    or the owner's own earlier words kept as they were."""
    from upcampus.core.db import db
    from upcampus.tenancy.context import current_tenant_id
    from upcampus.tenancy.models import Tenant

    if not value or value == (current or ""):
        return True
    city = db.session.get(Tenant, current_tenant_id())
    return city is not None and value in (city.neighbourhoods or [])


def filtered(column, value: str):
    """A neighbourhood filter: only a name of the city's list filters; any other value
    matches nothing, so a typed-in neighbourhood cannot be probed from the address bar."""
    return column == value if listed(value) else false()


def listed(value: str | None, city=None) -> str:
    """A neighbourhood as others see it: only a name of the city's list (else nothing)."""
    city = city if city is not None else g.get("city")
    return value if value and city is not None and value in city.neighbourhoods else ""
