"""/api/v1/ for people: the members directory (as visible as on the pages) and `me`."""

from __future__ import annotations

from flask import g, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from upcampus.accounts.models import Membership
from upcampus.accounts.policy import visible_visibilities
from upcampus.api import door, schemas
from upcampus.api.door import as_json, blueprint, reader_locale, require_feature


def _member(membership: Membership) -> dict:
    locale = reader_locale()
    return {"id": membership.id, "name": membership.account.display_name,
            "neighbourhood": membership.neighbourhood,
            "skills": [s.label(locale) for s in membership.skills],
            "themes": [t.code for t in membership.themes],
            "url": url_for("directory.member", membership_id=membership.id, _external=True)}


@blueprint.get("/members")
def members():
    """Public profiles to anyone, members-only ones to members of this city, hidden never."""
    require_feature("directory")
    statement = select(Membership).join(Membership.account).where(
        Membership.status == "active",
        Membership.visibility.in_(visible_visibilities(g.api_membership))).options(
        selectinload(Membership.skill_links), selectinload(Membership.theme_links))
    return as_json(schemas.MemberPage, door.keyset_page(statement, Membership, "members", _member))


@blueprint.get("/me")
def me():
    account, membership = door.require_account()
    return as_json(schemas.MeSchema, {
        "account_id": account.id, "name": account.display_name,
        "membership_id": membership.id if membership else None,
        "role": membership.role if membership else None,
        "visibility": membership.visibility if membership else None,
        "token_scope": g.api_token.scope if g.api_token else None})
