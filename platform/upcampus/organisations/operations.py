"""Rules of organisations: create and edit, members and their roles, join requests."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.operations import replace_links, visible_ids
from upcampus.accounts.policy import can, can_manage_organisation, is_active_member
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.links import slug_of
from upcampus.core.rules import RESUBMIT_WINDOW, RuleError, validated
from upcampus.moderation.operations import check_takes_part
from upcampus.organisations.models import (
    Organisation,
    OrganisationJoinRequest,
    OrganisationMember,
    OrganisationSkill,
    OrganisationTheme,
)
from upcampus.organisations.schemas import JoinRequestSchema, OrganisationSchema
from upcampus.search.operations import organisation_document
from upcampus.taxonomy.models import Skill, Theme
from upcampus.tenancy.neighbourhoods import choosable

OrganisationError = RuleError


def organisation_role(organisation_id: int, membership: Membership | None) -> str | None:
    if membership is None:
        return None
    return db.session.scalar(select(OrganisationMember.role).where(
        OrganisationMember.organisation_id == organisation_id,
        OrganisationMember.membership_id == membership.id))


def _apply_fields(organisation: Organisation, fields: dict) -> None:
    fields = validated(OrganisationSchema, fields)
    offers = sorted(set(fields["offers"]))
    skills = visible_ids(Skill, fields["skill_ids"], "skills")
    themes = visible_ids(Theme, fields["theme_ids"], "themes")
    if not choosable(fields["neighbourhood"], organisation.neighbourhood):
        raise OrganisationError("neighbourhood", _l("Choose a neighbourhood from the list."))
    organisation.name, organisation.kind = fields["name"], fields["kind"]
    organisation.description, organisation.website = fields["description"], fields["website"]
    organisation.neighbourhood, organisation.offers = fields["neighbourhood"], offers
    organisation.offer_details = fields["offer_details"]
    replace_links(organisation.skill_links, OrganisationSkill, "skill_id", skills)
    replace_links(organisation.theme_links, OrganisationTheme, "theme_id", themes)


def organisation_fields(organisation: Organisation) -> dict:
    """The payload the edit page starts from: a partial change (the API's PATCH) is laid
    over it (retired skills and themes drop out, as on the page)."""
    return {"name": organisation.name, "kind": organisation.kind,
            "description": organisation.description or "", "website": organisation.website or "",
            "neighbourhood": organisation.neighbourhood or "",
            "offers": list(organisation.offers or []),
            "offer_details": organisation.offer_details or "",
            "skill_ids": [s.id for s in organisation.skills if s and not s.retired],
            "theme_ids": [t.id for t in organisation.themes if t and not t.retired]}


def create_organisation(actor: Account, membership: Membership | None,
                        fields: dict) -> Organisation:
    """A new organisation of the current city; its creator is its first admin."""
    if not (is_active_member(membership) and can(actor, "organisations.create", membership)):
        raise OrganisationError("name", _l("Join this network to create an organisation."),
                                "forbidden")
    check_takes_part(membership, "name", _l("Join this network to create an organisation."))
    serialise_on(Membership, membership.id)
    name = (fields.get("name") or "").strip()
    twice = db.session.scalars(select(Organisation).join(OrganisationMember).where(
        Organisation.name == name, OrganisationMember.membership_id == membership.id,
        Organisation.created_at >= utcnow() - RESUBMIT_WINDOW)).first()
    if twice is not None:
        return twice  # a double-submitted form creates one organisation
    organisation = Organisation()
    _apply_fields(organisation, fields)
    organisation.slug = _free_slug(slug_of(organisation.name, "organisation"))
    organisation.members.append(OrganisationMember(membership_id=membership.id, role="admin"))
    db.session.add(organisation)
    try:
        db.session.flush()
    except IntegrityError:  # another member took the same name at the same moment
        db.session.rollback()
        raise OrganisationError("name", _l("An organisation of this name was created just "
                                           "now. Send the form again.")) from None
    organisation_document(organisation)
    db.session.commit()
    return organisation


def _free_slug(base: str) -> str:
    taken = set(db.session.scalars(select(Organisation.slug).where(
        Organisation.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def update_organisation(actor: Account, membership: Membership | None,
                        organisation: Organisation, fields: dict) -> None:
    role = organisation_role(organisation.id, membership)
    if not can_manage_organisation(actor, membership, role):
        raise OrganisationError("name", _l("Only the organisation's admins can edit it."),
                                "forbidden")
    _apply_fields(organisation, fields)
    db.session.flush()
    organisation_document(organisation)
    db.session.commit()


def request_to_join(membership: Membership | None, organisation: Organisation,
                    message: str) -> OrganisationJoinRequest:
    if membership is None or membership.status != "active":
        raise OrganisationError("message", _l("Join this network first."), "forbidden")
    if organisation_role(organisation.id, membership) is not None:
        raise OrganisationError("message", _l("You are already a member of it."))
    message = validated(JoinRequestSchema, {"message": message})["message"]
    serialise_on(Membership, membership.id)
    pending = db.session.scalars(select(OrganisationJoinRequest).where(
        OrganisationJoinRequest.organisation_id == organisation.id,
        OrganisationJoinRequest.membership_id == membership.id,
        OrganisationJoinRequest.status == "pending")).first()
    if pending is not None:
        raise OrganisationError("message", _l("Your request is already waiting for an "
                                              "answer."))
    join_request = OrganisationJoinRequest(organisation_id=organisation.id,
                                           membership_id=membership.id,
                                           message=message)
    db.session.add(join_request)
    db.session.commit()
    return join_request


def answer_join_request(actor: Account, membership: Membership | None,
                        organisation: Organisation, request_id: int, accept: bool) -> None:
    role = organisation_role(organisation.id, membership)
    if not can_manage_organisation(actor, membership, role):
        raise OrganisationError("request", _l("Only the organisation's admins can answer."),
                                "forbidden")
    join_request = db.session.get(OrganisationJoinRequest, request_id)
    if join_request is None or join_request.organisation_id != organisation.id:
        raise OrganisationError("request", _l("This request does not exist."), "missing")
    serialise_on(OrganisationJoinRequest, join_request.id)  # two admins answering at once
    db.session.refresh(join_request)
    if join_request.status != "pending":
        raise OrganisationError("request", _l("This request was already answered."))
    join_request.status = "accepted" if accept else "declined"
    if accept:
        organisation.members.append(OrganisationMember(
            membership_id=join_request.membership_id, role="member"))
    db.session.commit()


def set_member_role(actor: Account, membership: Membership | None,
                    organisation: Organisation, member_id: int, role: str) -> None:
    if role not in ("admin", "member"):
        raise OrganisationError("role", _l("Choose a role from the list."))
    if not can_manage_organisation(actor, membership,
                                   organisation_role(organisation.id, membership)):
        raise OrganisationError("role", _l("Only the organisation's admins can do this."),
                                "forbidden")
    member = db.session.get(OrganisationMember, member_id)
    if member is None or member.organisation_id != organisation.id:
        raise OrganisationError("role", _l("This member does not exist."), "missing")
    admins = [m for m in organisation.members if m.role == "admin"]
    if member.role == "admin" and role != "admin" and len(admins) <= 1:
        raise OrganisationError("role", _l("The organisation needs at least one admin."))
    member.role = role
    db.session.commit()


def organisations_of(membership_id: int) -> list[tuple[Organisation, str]]:
    rows = db.session.execute(select(Organisation, OrganisationMember.role).join(
        OrganisationMember).where(OrganisationMember.membership_id == membership_id)
        .order_by(Organisation.name))
    return [(row[0], row[1]) for row in rows]


def pending_requests(organisation_id: int) -> list[OrganisationJoinRequest]:
    return list(db.session.scalars(select(OrganisationJoinRequest).where(
        OrganisationJoinRequest.organisation_id == organisation_id,
        OrganisationJoinRequest.status == "pending")
        .options(selectinload(OrganisationJoinRequest.membership))
        .order_by(OrganisationJoinRequest.id)))
