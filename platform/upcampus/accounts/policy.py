"""Who may do what, decided here and nowhere else. Plain functions of an account and its
membership in the current city, callable from views, the API and tests alike."""

from __future__ import annotations

from upcampus.accounts.models import ROLES, Account, Membership

# What each city role may do; platform admins may do all of it in every city.
PERMISSIONS: dict[str, set[str]] = {
    "members.manage": {"admin"},
    "branding.manage": {"admin"},
    "taxonomy.extend": {"admin", "facilitator"},
    "organisations.create": {"member", "facilitator", "moderator", "admin"},
    "organisations.manage_any": {"admin"},
    "content.moderate": {"moderator", "admin"},
    "projects.facilitate": {"facilitator", "admin"},
}


def is_active_member(membership: Membership | None) -> bool:
    return membership is not None and membership.status == "active"


def can(account: Account | None, permission: str, membership: Membership | None) -> bool:
    """May this account, with this membership of the current city, do `permission`?"""
    if account is None or not getattr(account, "is_authenticated", False):
        return False
    if account.is_platform_admin:
        return True
    return is_active_member(membership) and membership.role in PERMISSIONS[permission]


def role_change_refusal(actor: Account, actor_membership: Membership | None,
                        target: Membership, new_role: str, admins_left: int) -> str | None:
    """Why this role change is refused, or None when it is allowed."""
    if new_role not in ROLES:
        return "unknown_role"
    if not can(actor, "members.manage", actor_membership):
        return "not_admin"
    if (target.role == "admin" and target.status == "active" and new_role != "admin"
            and admins_left <= 1):
        return "last_admin"
    return None


def can_see_profile(viewer: Account | None, viewer_membership: Membership | None,
                    target: Membership) -> bool:
    """Visibility of a member's page in this city: public, members of this city, hidden."""
    if target.status != "active" and not can(viewer, "members.manage", viewer_membership):
        return False
    if viewer is not None and getattr(viewer, "id", None) == target.account_id:
        return True
    if target.visibility == "public":
        return True
    if target.visibility == "members":
        return is_active_member(viewer_membership) or can(
            viewer, "members.manage", viewer_membership)
    return can(viewer, "members.manage", viewer_membership)


def can_be_suggested(target: Membership) -> bool:
    """Consent of matching: an active member, not hidden, who did not opt out."""
    return (target.status == "active" and target.visibility != "hidden"
            and bool(target.suggestable))


def visible_visibilities(viewer_membership: Membership | None) -> tuple[str, ...]:
    """Which profiles a directory lists to this viewer (hidden ones never)."""
    return ("public", "members") if is_active_member(viewer_membership) else ("public",)


def can_manage_organisation(account: Account | None, membership: Membership | None,
                            organisation_role: str | None) -> bool:
    if organisation_role == "admin" and is_active_member(membership):
        return True
    return can(account, "organisations.manage_any", membership)
