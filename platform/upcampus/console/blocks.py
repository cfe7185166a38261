"""Blocking an account in every city at once: a platform admin's decision, audited. The
account still reads everywhere; accounts/policy.py makes it take part nowhere."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Account
from upcampus.accounts.policy import FOREVER, can_block_everywhere
from upcampus.console.operations import audit
from upcampus.console.schemas import BlockEverywhereSchema
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.rules import RuleError, validated

REFUSALS = {
    "not_platform_admin": _l("Only a platform admin can block an account in every city."),
    "platform_admin": _l("A platform admin cannot be blocked: take back the role first."),
}


def block_everywhere(actor: Account, payload: dict) -> Account:
    """Block (for days or for good) or unblock the account of this address everywhere."""
    from upcampus.accounts.operations import account_by_email

    fields = validated(BlockEverywhereSchema, payload)
    target = account_by_email(fields["email"])
    if target is None:
        raise RuleError("email", _l("No account uses this address."))
    refusal = can_block_everywhere(actor, target)
    if refusal:
        raise RuleError("email", REFUSALS[refusal],
                        "forbidden" if refusal == "not_platform_admin" else "")
    serialise_on(Account, target.id)
    before = target.blocked_until.isoformat() if target.blocked_until else None
    duration = fields["duration"]
    if duration == "lift":
        target.blocked_until = None
    elif duration == "forever":
        target.blocked_until = FOREVER
    else:
        target.blocked_until = utcnow() + timedelta(days=int(duration))
    audit(actor, "account.unblock" if duration == "lift" else "account.block",
          subject=target.email, before={"blocked_until": before},
          after={"blocked_until": target.blocked_until.isoformat()
                 if target.blocked_until else None, "reason": fields["reason"]})
    db.session.commit()
    return target


def blocked_accounts() -> list[Account]:
    """Accounts blocked everywhere now, the longest first."""
    return list(db.session.scalars(select(Account).where(
        Account.blocked_until > utcnow()).order_by(Account.blocked_until.desc(),
                                                    Account.email)))
