"""Partners of the city and the accompaniments they give: a facilitator asks a partner
for one kind of support; the partner's organisation admins accept or decline with a
word; accepted, it runs (dated milestones) until done (with an outcome) or stopped."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import can_act_for_partner, can_write_milestone
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.jobs import enqueue
from upcampus.core.rules import RuleError, validated
from upcampus.facilitation.models import SUPPORT_KINDS, Accompaniment, Milestone, Partner
from upcampus.facilitation.pipeline import (
    accompanied_on_acceptance,
    record,
    require,
    track_of,
)
from upcampus.facilitation.schemas import (
    AnswerSchema,
    CloseSchema,
    MilestoneSchema,
    PartnerSchema,
    RequestSchema,
)
from upcampus.organisations.models import Organisation
from upcampus.organisations.operations import organisation_role
from upcampus.projects.models import Publication

OPEN = ("requested", "active")


def partners(brings: str = ""):
    """The city's partners by name, those bringing `brings` if given."""
    rows = db.session.scalars(select(Partner).join(Partner.organisation).order_by(
        Organisation.name, Partner.id)).all()
    return [p for p in rows if not brings or brings in (p.brings or [])]


def save_partner(account: Account | None, actor: Membership | None, payload: dict,
                 partner: Partner | None = None) -> Partner:
    """Mark an organisation of the city as a partner, or change what it brings."""
    require(account, actor, "facilitation.run", "organisation_id")
    fields = validated(PartnerSchema, payload)
    organisation = db.session.get(Organisation, fields["organisation_id"])
    if organisation is None:
        raise RuleError("organisation_id", _l("Choose an organisation from the list."))
    if partner is None or partner.organisation_id != organisation.id:
        taken = db.session.scalar(select(Partner.id).where(
            Partner.organisation_id == organisation.id))
        if taken is not None:
            raise RuleError("organisation_id", _l("This organisation is a partner already."))
    partner = partner or Partner()
    partner.organisation_id = organisation.id
    partner.brings = [k for k in SUPPORT_KINDS if k in set(fields["brings"])]
    partner.contact_name, partner.contact_email = (fields["contact_name"],
                                                   fields["contact_email"])
    partner.contact_phone = fields["contact_phone"]
    db.session.add(partner)
    db.session.commit()
    return partner


def accompaniments_of(publication: Publication) -> list[Accompaniment]:
    return list(db.session.scalars(select(Accompaniment).where(
        Accompaniment.publication_id == publication.id).options(
        selectinload(Accompaniment.milestones)).order_by(Accompaniment.created_at,
                                                         Accompaniment.id)))


def ask_partner(publication: Publication, account: Account | None, actor: Membership | None,
                payload: dict) -> Accompaniment:
    require(account, actor, "facilitation.run", "partner_id")
    fields = validated(RequestSchema, payload)
    partner = db.session.get(Partner, fields["partner_id"])
    if partner is None:
        raise RuleError("partner_id", _l("Choose a partner from the list."))
    serialise_on(Publication, publication.id)
    track = track_of(publication.id)
    if track is None or track.step not in ("qualified", "accompanied"):
        raise RuleError("partner_id", _l("Qualify the project before asking partners."))
    twice = db.session.scalar(select(Accompaniment.id).where(
        Accompaniment.publication_id == publication.id,
        Accompaniment.partner_id == partner.id, Accompaniment.kind == fields["kind"],
        Accompaniment.status.in_(OPEN)))
    if twice is not None:
        raise RuleError("partner_id", _l("This partner was already asked for this."))
    accompaniment = Accompaniment(publication_id=publication.id, partner_id=partner.id,
                                  kind=fields["kind"], brief=fields["brief"],
                                  requested_by_id=actor.id if actor else None)
    db.session.add(accompaniment)
    record(publication.id, actor, "accompaniment", "",
           f"requested: {partner.organisation.name} ({fields['kind']})")
    db.session.commit()
    from upcampus.facilitation.tasks import tell_partner_of_request

    enqueue(tell_partner_of_request, publication.tenant_id, accompaniment.id)
    return accompaniment


def for_partner(accompaniment: Accompaniment, membership: Membership | None) -> bool:
    """Whether this member answers for the accompaniment's partner (an admin of it)."""
    return can_act_for_partner(membership, organisation_role(
        accompaniment.partner.organisation_id, membership))


def answer(accompaniment: Accompaniment, account: Account | None,
           membership: Membership | None, accept: bool, word: str) -> Accompaniment:
    if not for_partner(accompaniment, membership):
        raise RuleError("answer", _l("Only the partner's admins can answer."), "forbidden")
    word = validated(AnswerSchema, {"answer": word})["answer"]
    serialise_on(Accompaniment, accompaniment.id)
    db.session.refresh(accompaniment)
    if accompaniment.status != "requested":
        raise RuleError("answer", _l("This request was already answered."))
    accompaniment.status, accompaniment.answer = ("active" if accept else "declined"), word
    accompaniment.last_news_at = utcnow()
    if accept:
        accompaniment.started_on = utcnow().date()
    record(accompaniment.publication_id, membership, "accompaniment", "requested",
           f"{accompaniment.status}: {accompaniment.partner.organisation.name}")
    db.session.commit()
    if accept:
        accompanied_on_acceptance(accompaniment.publication, membership,
                                  accompaniment.partner.organisation.name)
    return accompaniment


def _may_write(accompaniment: Accompaniment, account: Account | None,
               membership: Membership | None) -> bool:
    track = track_of(accompaniment.publication_id)
    return can_write_milestone(
        account, membership,
        organisation_role(accompaniment.partner.organisation_id, membership),
        track.referent_id if track else None)


def add_milestone(accompaniment: Accompaniment, account: Account | None,
                  membership: Membership | None, payload: dict) -> Milestone:
    if not _may_write(accompaniment, account, membership):
        raise RuleError("text", _l("Only the partner or the project's referent can add "
                                   "milestones."), "forbidden")
    fields = validated(MilestoneSchema, payload)
    if accompaniment.status != "active":
        raise RuleError("text", _l("Milestones are added while the accompaniment is under "
                                   "way."))
    if accompaniment.started_on and fields["happened_on"] < accompaniment.started_on:
        raise RuleError("happened_on", _l(
            "A milestone cannot be dated before the accompaniment began (%(date)s).",
            date=accompaniment.started_on.isoformat()))
    if fields["happened_on"] > utcnow().date() + timedelta(days=1):  # a day for time zones
        raise RuleError("happened_on", _l(
            "A milestone tells what happened: it cannot be dated in the future."))
    milestone = Milestone(accompaniment_id=accompaniment.id, text=fields["text"],
                          happened_on=fields["happened_on"],
                          author_id=membership.id if membership else None)
    db.session.add(milestone)
    accompaniment.last_news_at = utcnow()
    record(accompaniment.publication_id, membership, "accompaniment", "",
           f"milestone {fields['happened_on'].isoformat()}: "
           f"{accompaniment.partner.organisation.name}")
    db.session.commit()
    return milestone


def close(accompaniment: Accompaniment, account: Account | None,
          membership: Membership | None, payload: dict) -> Accompaniment:
    if not _may_write(accompaniment, account, membership):
        raise RuleError("status", _l("Only the partner or the project's referent can do "
                                     "this."), "forbidden")
    fields = validated(CloseSchema, payload)
    if fields["status"] == "done" and not fields["outcome"]:
        raise RuleError("outcome", _l("Say what the accompaniment brought to the project."))
    serialise_on(Accompaniment, accompaniment.id)
    db.session.refresh(accompaniment)
    if accompaniment.status != "active":
        raise RuleError("status", _l("This accompaniment is not under way."))
    accompaniment.status, accompaniment.outcome = fields["status"], fields["outcome"]
    accompaniment.ended_on, accompaniment.last_news_at = utcnow().date(), utcnow()
    record(accompaniment.publication_id, membership, "accompaniment", "active",
           f"{fields['status']}: {accompaniment.partner.organisation.name}")
    db.session.commit()
    return accompaniment


def requests_for(organisation_id: int) -> list[Accompaniment]:
    """What the city asked of this organisation as a partner: its requests only."""
    return list(db.session.scalars(select(Accompaniment).join(Accompaniment.partner).where(
        Partner.organisation_id == organisation_id).options(
        selectinload(Accompaniment.milestones), selectinload(Accompaniment.publication))
        .order_by(Accompaniment.created_at.desc(), Accompaniment.id.desc())))
