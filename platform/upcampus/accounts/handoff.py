"""One sign-in for every city: a login handed from one host to another, never a cookie
shared between them (docs/accounts.md, "One sign-in for every city").

The target host asks (a random state kept in its own session), the issuing host answers
with a ticket: signed, valid HANDOFF_SECONDS, naming the target's host key and the
digest of the state, and backed by a row marked used on its first redemption. A ticket
replayed, late, opened on another host or in another browser (no matching state) opens
nothing. Cities issue tickets to the national host only; the national host issues them
to cities: every hand-off goes through it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from upcampus.accounts.models import Account, HandoffTicket
from upcampus.accounts.tokens import TokenError, make_token, read_token
from upcampus.core.db import db, utcnow

HANDOFF_SECONDS = 60


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_state() -> str:
    return secrets.token_urlsafe(24)


def issue_ticket(account: Account, target_key: str, state: str) -> str:
    """A ticket that logs `account` in on the host `target_key` ('c<id>' or 'n') for the
    session holding `state`, once, within HANDOFF_SECONDS."""
    secret = secrets.token_urlsafe(32)
    # Tickets past their time are dead: prune this account's as a new one is made.
    db.session.execute(HandoffTicket.__table__.delete().where(
        HandoffTicket.account_id == account.id, HandoffTicket.expires_at < utcnow()))
    db.session.add(HandoffTicket(
        id=_digest(secret), account_id=account.id, target_key=target_key,
        state_hash=_digest(state), expires_at=utcnow() + timedelta(seconds=HANDOFF_SECONDS)))
    db.session.commit()
    return make_token("handoff", {"t": secret, "h": target_key, "s": _digest(state)})


def redeem_ticket(token: str, host_key: str, state: str | None) -> Account:
    """The account a ticket hands over here, marking it used; TokenError otherwise
    ("invalid", "expired", "other_host", "other_session", "used")."""
    payload = read_token("handoff", token, HANDOFF_SECONDS)
    if payload["h"] != host_key:
        raise TokenError("other_host")
    if not state or not secrets.compare_digest(_digest(state), payload["s"]):
        raise TokenError("other_session")
    ticket_id = _digest(payload["t"])
    # One UPDATE decides: two redemptions at once find one row still unused.
    used = db.session.execute(update(HandoffTicket).where(
        HandoffTicket.id == ticket_id, HandoffTicket.used_at.is_(None),
        HandoffTicket.target_key == host_key, HandoffTicket.state_hash == payload["s"],
        HandoffTicket.expires_at >= utcnow()).values(used_at=utcnow())).rowcount
    if not used:
        db.session.rollback()
        ticket = db.session.get(HandoffTicket, ticket_id)
        raise TokenError("used" if ticket is not None and ticket.used_at else "invalid")
    account = db.session.scalars(select(Account).join(
        HandoffTicket, HandoffTicket.account_id == Account.id).where(
        HandoffTicket.id == ticket_id)).one()
    db.session.commit()
    return account


def cities_of(account_id: int) -> list[tuple]:
    """(city, role, status) of every membership of an account, by city name: the one
    national read of a person's memberships, for "my cities"."""
    from upcampus.accounts.models import Membership
    from upcampus.tenancy.context import across_tenants
    from upcampus.tenancy.models import Tenant

    with across_tenants():
        rows = db.session.execute(select(Tenant, Membership.role, Membership.status).join(
            Membership, Membership.tenant_id == Tenant.id).where(
            Membership.account_id == account_id, Tenant.status != "archived").order_by(
            Tenant.name)).all()
    return [tuple(row) for row in rows]
