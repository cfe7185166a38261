"""Jobs of notifications that other domains enqueue with plain ids."""

from __future__ import annotations

from upcampus.core.links import absolute_url, public_base_url
from upcampus.notifications.notify import notify
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.resolver import CityInfo

MEMBERSHIP_VERBS = ("role_changed", "suspended")


def membership_changed(tenant_id: int, membership_id: int, verb: str) -> None:
    """A job: a member hears their role changed or their membership was suspended (the
    city's name is what it is about)."""
    city = CityInfo.load(tenant_id)
    if city is None or verb not in MEMBERSHIP_VERBS:
        return
    with tenant_scope(city.id):
        notify(city, membership_id, verb, about=("membership", membership_id),
               title=city.name, url=absolute_url(public_base_url(city),
                                                 "accounts_profile.account"))
