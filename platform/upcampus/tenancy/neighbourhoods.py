"""A city's neighbourhoods: the list the city chose is the only one offered as a choice
and as a filter. A value typed before the list existed stays with its owner (shown in
their form, kept when they save) but is never offered to anyone as a filter."""

from __future__ import annotations

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
    if not value or value == (current or ""):
        return True
    return value in _listed_in_scope()


def _listed_in_scope() -> list[str]:
    """The list of the city whose tenant scope is in force (none outside any city)."""
    from upcampus.core.db import db
    from upcampus.tenancy.context import current_tenant_id
    from upcampus.tenancy.models import Tenant

    tenant_id = current_tenant_id()
    city = db.session.get(Tenant, tenant_id) if tenant_id is not None else None
    return list(city.neighbourhoods or []) if city is not None else []


def filtered(column, value: str, city=None):
    """A neighbourhood filter: only a name of the city's list filters; any other value
    matches nothing, so a typed-in neighbourhood cannot be probed from the address bar.
    `city` (a CityInfo) saves reading the list of the city in scope."""
    names = city.neighbourhoods if city is not None else _listed_in_scope()
    return column == value if value and value in names else false()


def listed(value: str | None, city) -> str:
    """A neighbourhood as others see it: only a name of `city`'s list (else nothing)."""
    return value if value and city is not None and value in city.neighbourhoods else ""
