"""The members of a city: directory, profile pages and pictures, as visibility allows."""

from flask import Blueprint, Response, abort, g, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from upcampus.accounts.models import Account, Membership, MembershipSkill, MembershipTheme
from upcampus.accounts.policy import can_see_profile, visible_visibilities
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.pagination import page_number, paginate
from upcampus.taxonomy.operations import (
    directory_filters,
    filter_by_taxonomy,
    skills_by_family,
    visible_themes,
)
from upcampus.tenancy.neighbourhoods import filter_options
from upcampus.tenancy.web import city_only, requires_feature

blueprint = Blueprint("directory", __name__, template_folder="templates")
blueprint.before_request(requires_feature("directory"))


def _viewer():
    return current_user if current_user.is_authenticated else None


def members_query(filters: dict[str, str]):
    """Active members whose profile this viewer may see, with the filters applied."""
    statement = (
        select(Membership).join(Membership.account)
        .where(Membership.status == "active",
               Membership.visibility.in_(visible_visibilities(current_membership())))
        .options(contains_eager(Membership.account), selectinload(Membership.skill_links),
                 selectinload(Membership.theme_links))
        .order_by(Account.display_name, Membership.id))
    return filter_by_taxonomy(statement, Membership, MembershipSkill, MembershipTheme, filters,
                              g.city)


@blueprint.get("/members")
@city_only
def members():
    filters = directory_filters(request.args)
    locale = str(get_locale())
    return render_template(
        "accounts/members.html", page=paginate(members_query(filters), page_number()),
        filters=filters,
        skill_groups=skills_by_family(locale), themes=visible_themes(),
        neighbourhoods=filter_options(g.city))


def visible_member(membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or not can_see_profile(_viewer(), current_membership(), membership):
        abort(404)
    return membership


@blueprint.get("/members/<int:membership_id>")
@city_only
def member(membership_id: int):
    from upcampus.organisations.operations import organisations_of

    membership = visible_member(membership_id)
    return render_template("accounts/member.html", member=membership,
                           organisations=organisations_of(membership.id),
                           writable=_may_write_to(membership))


def _may_write_to(membership: Membership) -> bool:
    """Whether the "Write a message" link leads somewhere: to a conversation already
    open, or to a first message that could be sent now."""
    viewer = current_membership()
    if viewer is None or viewer.id == membership.id or not membership.open_to_messages:
        return False
    from upcampus.conversations import operations as conversations

    party = conversations.party_for(viewer, "member", membership.id)
    return party is not None and (conversations.find(party.pair_key) is not None
                                  or conversations.start_refusal(viewer, party) is None)


@blueprint.get("/members/<int:membership_id>/avatar")
@city_only
def avatar(membership_id: int):
    membership = visible_member(membership_id)
    row = db.session.execute(select(Account.avatar, Account.avatar_hash).where(
        Account.id == membership.account_id)).one()
    if row.avatar is None:
        abort(404)
    response = Response(row.avatar, mimetype="image/webp")
    response.set_etag(row.avatar_hash)
    response.cache_control.private = True  # visibility depends on who asks
    response.cache_control.max_age = 300
    return response.make_conditional(request)
