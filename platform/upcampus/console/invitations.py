"""The first admin of a city onboarded from the console: invited by email, with a link
that works on that city only, for a week, once. Opening it creates the account (the link
proves the inbox) or attaches an existing one, and makes it admin of that city."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.operations import AccountError, account_by_email, normalise_email
from upcampus.accounts.passwords import hash_password, weakness
from upcampus.accounts.tokens import TokenError, make_token, read_token
from upcampus.console.models import AuditEntry
from upcampus.console.operations import _require, audit
from upcampus.console.schemas import InvitationSchema, NewAdminSchema
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.links import absolute_url, public_base_url
from upcampus.core.rules import validated
from upcampus.notifications.operations import queue_email
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.resolver import CityInfo

INVITATION_MAX_AGE = 7 * 24 * 3600
SUBJECT = _l("You are invited to run %(network)s")


def invite_city_admin(actor: Account, city: Tenant, email: str) -> None:
    """Email the invitation from the city itself (its address, its language)."""
    _require(actor)
    email = normalise_email(validated(InvitationSchema, {"email": email})["email"])
    # The nonce names this invitation: once accepted, it is used for good (even if its
    # admin is later demoted, the same link never makes them admin again).
    token = make_token("invite", {"c": city.id, "e": email, "n": secrets.token_hex(8)})
    audit(actor, "city.invite", city=city, subject=email, after={"email": email})
    db.session.commit()
    info = CityInfo.load(city.id)
    queue_email(email, _l("You are invited to run %(network)s", network=info.name),
                "city_admin_invitation", city=info, locale=info.default_locale,
                network=info.name,
                url=absolute_url(public_base_url(info), "invitations.accept", token=token))


def read_invitation(token: str, city_id: int) -> str:
    """The invited address; TokenError if expired, forged, for another city or used."""
    payload = read_token("invite", token, INVITATION_MAX_AGE)
    if payload["c"] != city_id:
        raise TokenError("other_city")
    if db.session.scalar(select(AuditEntry.id).where(
            AuditEntry.action == "city.invite.accepted", AuditEntry.subject == payload["n"])):
        raise TokenError("used")
    account = account_by_email(payload["e"])
    if account is not None and db.session.scalar(select(Membership.id).where(
            Membership.account_id == account.id, Membership.role == "admin")):
        raise TokenError("used")
    return payload["e"]


def accept_invitation(token: str, city_id: int, *, account: Account | None,
                      display_name: str = "", password: str = "") -> Account:
    """Admin of the current city: the signed-in `account` if it is the invited one, else
    a new account for the invited address."""
    email = read_invitation(token, city_id)
    nonce = read_token("invite", token, INVITATION_MAX_AGE)["n"]
    existing = account_by_email(email)
    if existing is not None:
        if account is None or account.id != existing.id:
            raise AccountError("email", _l("Log in with %(email)s to accept.", email=email))
        target = existing
    else:
        fields = validated(NewAdminSchema, {"display_name": display_name, "password": password})
        problem = weakness(fields["password"], email)
        if problem:
            raise AccountError("password", problem)
        target = Account(email=email, display_name=fields["display_name"], locale=None,
                         password_hash=hash_password(fields["password"]),
                         email_verified_at=utcnow())
        db.session.add(target)
        db.session.flush()
    serialise_on(Account, target.id)  # the link opened twice at once: one membership
    membership = db.session.scalars(select(Membership).where(
        Membership.account_id == target.id)).first()
    if membership is None:
        db.session.add(Membership(account_id=target.id, role="admin"))
    else:
        membership.role, membership.status = "admin", "active"
    if target.email_verified_at is None:
        target.email_verified_at = utcnow()  # the link came to this inbox
    audit(target, "city.invite.accepted", city=db.session.get(Tenant, city_id), subject=nonce)
    db.session.commit()
    return target
