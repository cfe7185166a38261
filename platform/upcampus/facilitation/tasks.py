"""Emails of facilitation, sent in jobs that receive ids and read everything again: the
holders hear when their project is qualified, accompanied or realised; a partner's
admins when the city asks them for support. Every email goes through `_send`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.core.links import absolute_url, public_base_url
from upcampus.facilitation.models import Accompaniment
from upcampus.notifications.notify import notify
from upcampus.organisations.models import OrganisationMember
from upcampus.projects.models import Publication
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.resolver import CityInfo

STEPS_TOLD = ("qualified", "accompanied", "realised")


def _step_subject(step: str, title: str):
    """Lazy: translated when the email is written, in its reader's language."""
    return {"qualified": _l("Your project %(title)s is of collective interest", title=title),
            "accompanied": _l("Your project %(title)s is accompanied", title=title),
            "realised": _l("Your project %(title)s is realised: congratulations!",
                           title=title)}[step]


def _send(city: CityInfo, membership: Membership, subject, template: str, *, verb: str,
          about: tuple[str, int], title: str, url: str, **context) -> None:
    """The one call to notifications (which email as the reader chose, in their
    language)."""
    notify(city, membership.id, verb, about=about, title=title, url=url, subject=subject,
           template=template, **context)


def tell_holders_of_step(tenant_id: int, publication_id: int, step: str) -> int:
    """A job: ids in, everything read again in the city's scope."""
    city = CityInfo.load(tenant_id)
    if city is None:
        return 0
    with tenant_scope(city.id):
        publication = db.session.get(Publication, publication_id)
        if publication is None or step not in STEPS_TOLD:
            return 0
        url = absolute_url(public_base_url(city), "projects.show", pub_id=publication.id,
                           slug=publication.slug)
        people = [h.membership for h in publication.holders
                  if h.membership is not None and h.membership.status == "active"]
        for person in people:
            _send(city, person, _step_subject(step, publication.title), "facilitation_step",
                  verb=f"step_{step}", about=("publication", publication.id),
                  title=publication.title, url=url, person=person, publication=publication,
                  step=step)
        return len(people)


def tell_partner_of_request(tenant_id: int, accompaniment_id: int) -> int:
    """A job: ids in, everything read again in the city's scope."""
    city = CityInfo.load(tenant_id)
    if city is None:
        return 0
    with tenant_scope(city.id):
        accompaniment = db.session.get(Accompaniment, accompaniment_id)
        if accompaniment is None:
            return 0
        organisation = accompaniment.partner.organisation
        admins = db.session.scalars(select(Membership).join(
            OrganisationMember, OrganisationMember.membership_id == Membership.id).where(
            OrganisationMember.organisation_id == organisation.id,
            OrganisationMember.role == "admin", Membership.status == "active")).all()
        url = absolute_url(public_base_url(city), "accompaniments.requests",
                           org_id=organisation.id)
        for admin in admins:
            _send(city, admin, _l("%(city)s asks %(name)s for support", city=city.name,
                                  name=organisation.name),
                  "facilitation_request", verb="accompaniment_request",
                  about=("accompaniment", accompaniment.id),
                  title=accompaniment.publication.title, url=url, person=admin,
                  accompaniment=accompaniment, organisation=organisation)
        return len(admins)
