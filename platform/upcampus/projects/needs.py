"""Needs of a project and the help offered on them ("I can help")."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db, serialise_on
from upcampus.core.links import public_base_url
from upcampus.core.rules import RuleError, validated
from upcampus.core.web import valid_id
from upcampus.moderation.operations import check_takes_part
from upcampus.notifications.kinds import actor_finder
from upcampus.notifications.notify import mark_read_about, notify
from upcampus.projects.models import RESOURCES, HelpOffer, Need, Publication
from upcampus.projects.operations import (
    holder_organisation_ids,
    is_holder,
    publication_url,
    reindex,
)
from upcampus.projects.schemas import NeedSchema, NeedStateSchema, OfferSchema
from upcampus.taxonomy.models import Skill


def _refresh_open_count(publication: Publication) -> None:
    db.session.flush()
    publication.open_needs_count = db.session.scalar(select(func.count()).select_from(
        Need).where(Need.publication_id == publication.id, Need.state == "open"))


def add_need(publication: Publication, membership: Membership | None, *, kind: str,
             skill_id: int | None, resource: str | None, text: str) -> Need:
    if not is_holder(publication, membership):
        raise RuleError("text", _l("Only the holders of this publication can edit it."),
                        "forbidden")
    payload = validated(NeedSchema, {"kind": kind, "skill_id": skill_id, "resource": resource,
                                     "text": text})
    kind, resource, text = payload["kind"], payload["resource"], payload["text"]
    if kind == "skill":
        skill = db.session.get(Skill, valid_id(skill_id)) if valid_id(skill_id) else None
        if skill is None or skill.retired:
            raise RuleError("skill_id", _l("Choose a skill from the list."))
        need = Need(kind="skill", skill_id=skill.id, text=text)
    elif kind == "resource" and resource in RESOURCES:
        need = Need(kind="resource", resource=resource, text=text)
    else:
        raise RuleError("resource", _l("Choose a skill or a resource."))
    publication.needs.append(need)
    _refresh_open_count(publication)
    reindex(publication)
    db.session.commit()
    return need


def set_need_state(need: Need, membership: Membership | None, state: str) -> None:
    if not is_holder(need.publication, membership):
        raise RuleError("state", _l("Only the holders of this publication can edit it."),
                        "forbidden")
    need.state = validated(NeedStateSchema, {"state": state})["state"]
    _refresh_open_count(need.publication)
    reindex(need.publication)
    db.session.commit()


def _link(city, publication: Publication) -> str:
    """The publication's address for an email: from the city row, not from a request, so
    a job or the API calls these rules as a page does."""
    return public_base_url(city) + publication_url(publication)


def offer_help(need: Need, membership: Membership | None, *, city, message: str,
               organisation_id: int | None = None) -> HelpOffer:
    publication = need.publication
    check_takes_part(membership, "message", _l("Join this network to offer your help."))
    if not publication.published or need.state != "open":
        raise RuleError("message", _l("This need no longer waits for help."))
    if is_holder(publication, membership):
        raise RuleError("message", _l("You hold this project: no need to offer help."))
    if organisation_id and organisation_id not in holder_organisation_ids(membership):
        raise RuleError("organisation_id", _l("You can only offer on behalf of an "
                                              "organisation you belong to."))
    serialise_on(Membership, membership.id)
    existing = db.session.scalar(select(HelpOffer.id).where(
        HelpOffer.need_id == need.id, HelpOffer.membership_id == membership.id))
    if existing is not None:
        raise RuleError("message", _l("You already offered your help on this need."))
    offer = HelpOffer(need_id=need.id, membership_id=membership.id,
                      organisation_id=organisation_id or None,
                      message=validated(OfferSchema, {"message": message})["message"])
    db.session.add(offer)
    db.session.commit()
    for holder in publication.holders:
        if holder.membership is not None:
            # About the offer itself: answering it marks this notification read.
            notify(city, holder.membership_id, "help_offered",
                   about=("offer", offer.id), title=publication.title,
                   url=_link(city, publication),
                   subject=_l("%(name)s can help: %(title)s",
                              name=membership.account.display_name, title=publication.title),
                   template="help_offered", offer=offer, publication=publication)
    return offer


@actor_finder("offer")
def helpers_of(offer_ids: list[int]) -> dict[int, str]:
    """Who made these offers (a notification of an offer names them)."""
    return dict(db.session.execute(select(HelpOffer.id, Account.display_name)
                                   .join(Membership, Membership.id == HelpOffer.membership_id)
                                   .join(Account, Account.id == Membership.account_id)
                                   .where(HelpOffer.id.in_(offer_ids))).all())


def answer_offer(offer: HelpOffer, membership: Membership | None, accept: bool, *,
                 city) -> None:
    publication = offer.need.publication
    if not is_holder(publication, membership):
        raise RuleError("offer", _l("Only the holders of this publication can answer."),
                        "forbidden")
    serialise_on(HelpOffer, offer.id)  # two holders answering at once: one answer
    db.session.refresh(offer)
    if offer.status != "pending":
        raise RuleError("offer", _l("This offer was already answered."))
    offer.status = "accepted" if accept else "declined"
    # The holder who answers has seen the offer: the bell no longer announces it.
    mark_read_about(membership.id, ("help_offered",), "offer", offer.id)
    db.session.commit()
    if accept:
        notify(city, offer.membership_id, "help_accepted",
               about=("publication", publication.id), title=publication.title,
               url=_link(city, publication),
               subject=_l("Your help is welcome: %(title)s", title=publication.title),
               template="help_accepted", offer=offer, publication=publication)
    else:  # a plain notice: the holders owe no reason
        notify(city, offer.membership_id, "help_declined",
               about=("publication", publication.id), title=publication.title,
               url=_link(city, publication))
