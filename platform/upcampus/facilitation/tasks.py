"""Emails of facilitation, sent in jobs that receive ids and read everything again: the
holders hear when their project is qualified, accompanied or realised; a partner's
admins when the city asks them for support. Every email goes through `_send`."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.facilitation.models import Accompaniment
from upcampus.notifications.operations import queue_email
from upcampus.organisations.models import OrganisationMember
from upcampus.projects.models import Publication
from upcampus.tenancy.web import acting_for_city

SUBJECTS = {"qualified": _l("Your project %(title)s is of collective interest"),
            "accompanied": _l("Your project %(title)s is accompanied"),
            "realised": _l("Your project %(title)s is realised: congratulations!")}


def _send(membership: Membership, default_locale: str, subject, template: str,
          **context) -> None:
    """The one call to the outbox, in the reader's language."""
    with force_locale(membership.account.locale or default_locale):
        queue_email(membership.account.email, subject(), template, **context)


def tell_holders_of_step(tenant_id: int, publication_id: int, step: str) -> int:
    with acting_for_city(tenant_id) as city:
        publication = db.session.get(Publication, publication_id)
        if publication is None or step not in SUBJECTS:
            return 0
        url = url_for("projects.show", pub_id=publication.id, slug=publication.slug,
                      _external=True)
        people = [h.membership for h in publication.holders
                  if h.membership is not None and h.membership.status == "active"]
        for person in people:
            _send(person, city.default_locale,
                  lambda: str(SUBJECTS[step]) % {"title": publication.title}, "facilitation_step",
                  person=person, publication=publication, step=step, url=url)
        return len(people)


def tell_partner_of_request(tenant_id: int, accompaniment_id: int) -> int:
    with acting_for_city(tenant_id) as city:
        accompaniment = db.session.get(Accompaniment, accompaniment_id)
        if accompaniment is None:
            return 0
        organisation = accompaniment.partner.organisation
        admins = db.session.scalars(select(Membership).join(
            OrganisationMember, OrganisationMember.membership_id == Membership.id).where(
            OrganisationMember.organisation_id == organisation.id,
            OrganisationMember.role == "admin", Membership.status == "active")).all()
        url = url_for("accompaniments.requests", org_id=organisation.id, _external=True)
        for admin in admins:
            _send(admin, city.default_locale,
                  lambda: _l("%(city)s asks %(name)s for support",
                             city=city.name, name=organisation.name),
                  "facilitation_request", person=admin, accompaniment=accompaniment,
                  organisation=organisation, url=url)
        return len(admins)
