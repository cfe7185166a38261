"""A city's administrators managing its members: roles and suspensions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from upcampus.accounts.models import ROLES, Account, Membership
from upcampus.accounts.operations import AccountError
from upcampus.accounts.policy import can, can_suspend, role_change_refusal
from upcampus.core.db import db
from upcampus.search.operations import member_document

# --- administration of a city's members -------------------------------------------------

def change_role(actor: Account, actor_membership: Membership | None, target_id: int,
                new_role: str) -> Membership:
    target = db.session.get(Membership, target_id)
    if target is None:
        raise AccountError("membership", _l("This member does not exist."), "missing")
    admins = db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.role == "admin", Membership.status == "active"))
    refusal = role_change_refusal(actor, actor_membership, target, new_role, admins)
    messages = {
        "unknown_role": _l("Choose a role from the list: %(roles)s.", roles=", ".join(ROLES)),
        "not_admin": _l("Only the network's administrators can change roles."),
        "last_admin": _l("The network needs at least one administrator."),
    }
    if refusal:
        raise AccountError("role", messages[refusal], refusal)
    changed = target.role != new_role
    target.role = new_role
    db.session.commit()
    if changed:
        _tell(target, "role_changed")
    return target


def set_membership_status(actor: Account, actor_membership: Membership | None,
                          target_id: int, status: str) -> Membership:
    target = db.session.get(Membership, target_id)
    if target is None or status not in ("active", "suspended"):
        raise AccountError("membership", _l("This member does not exist."), "missing")
    if not can(actor, "members.manage", actor_membership):
        raise AccountError("role", _l("Only the network's administrators can change roles."))
    if not can_suspend(actor, actor_membership, target):
        raise AccountError("membership", _l("You cannot suspend yourself."))
    suspended = status == "suspended" and target.status != "suspended"
    target.status = status
    member_document(target)
    db.session.commit()
    if suspended:  # before, a suspension told the member nothing
        _tell(target, "suspended")
    return target


def _tell(target: Membership, verb: str) -> None:
    from upcampus.core.jobs import enqueue
    from upcampus.notifications.tasks import membership_changed

    enqueue(membership_changed, target.tenant_id, target.id, verb)
