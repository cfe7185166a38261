"""Who may do what, decided here and nowhere else. Plain functions of an account and its
membership in the current city, callable from views, the API and tests alike."""

from __future__ import annotations

from datetime import UTC, datetime

from upcampus.accounts.models import NATIONAL_ROLES, ROLES, Account, Membership

# A block "for good" lasts until then.
FOREVER = datetime(9999, 12, 31, tzinfo=UTC)

# What each city role may do; platform admins may do all of it in every city.
PERMISSIONS: dict[str, set[str]] = {
    "members.manage": {"admin"},
    "branding.manage": {"admin"},
    # The city's own wording of its privacy page, legal notice and accessibility statement.
    "pages.legal": {"admin"},
    "taxonomy.extend": {"admin", "facilitator"},
    "organisations.create": {"member", "facilitator", "moderator", "admin"},
    "organisations.manage_any": {"admin"},
    "content.moderate": {"moderator", "admin"},
    "projects.facilitate": {"facilitator", "admin"},
    # The city desk ("Espace ville"): every staff role has one, showing what it allows.
    "desk.open": {"facilitator", "moderator", "admin"},
    # The city's track of projects, its board, partners, accompaniments and report.
    "facilitation.run": {"facilitator", "admin"},
    # Private notes on a project: the city's facilitators and admins, nobody else.
    "facilitation.notes": {"facilitator", "admin"},
    "events.manage_any": {"facilitator", "admin"},
    # A city's own speakers, and taking a national event off the city's agenda.
    "events.curate": {"facilitator", "admin"},
}


# What each national role may do on the national site; platform admins may do all of it.
# Other domains (news, national events, speakers, showcase) ask for edit_national_content.
NATIONAL_PERMISSIONS: dict[str, set[str]] = {
    "edit_national_content": {"editor"},
    "console.read": {"support"},
    "console.manage": set(),  # cities, roles, taxonomy: platform admins only
    "console.operations": set(),  # queues, failed jobs and emails: platform admins only
}


def can_nationally(account: Account | None, permission: str) -> bool:
    """May this account do `permission` on the national site (the console included)?"""
    if account is None or not getattr(account, "is_authenticated", False):
        return False
    if account.is_platform_admin:
        return True
    return account.national_role in NATIONAL_PERMISSIONS[permission]


def national_role_refusal(actor: Account, target: Account, new_role: str,
                          platform_admins_left: int) -> str | None:
    """Why this change of national role is refused, or None. `new_role` is "none",
    "platform_admin" or one of NATIONAL_ROLES."""
    if new_role not in ("none", "platform_admin", *NATIONAL_ROLES):
        return "unknown_role"
    if not can_nationally(actor, "console.manage"):
        return "not_platform_admin"
    if target.is_platform_admin and new_role != "platform_admin" and (
            platform_admins_left <= 1):
        return "last_platform_admin"
    return None


def is_active_member(membership: Membership | None) -> bool:
    return membership is not None and membership.status == "active"


def _until_passed(until: datetime | None, now: datetime | None) -> bool:
    if until is None:
        return True
    until = until if until.tzinfo else until.replace(tzinfo=UTC)  # SQLite keeps it naive
    return until <= (now or datetime.now(UTC))


def is_blocked_everywhere(account: Account | None, now: datetime | None = None) -> bool:
    """Blocked by a platform admin in every city at once, for a time or for good."""
    return account is not None and not _until_passed(account.blocked_until, now)


def is_blocked(membership: Membership | None, now: datetime | None = None) -> bool:
    """Blocked by the city's moderators, or across every city by a platform admin."""
    if membership is None:
        return False
    return (not _until_passed(membership.blocked_until, now)
            or is_blocked_everywhere(membership.account, now))


def can_block_everywhere(actor: Account | None, target: Account) -> str | None:
    """Why this actor may not block this account in every city, or None."""
    if not can_nationally(actor, "console.manage"):
        return "not_platform_admin"
    if target.is_platform_admin or target.id == getattr(actor, "id", None):
        return "platform_admin"
    return None


def can_preview_text(membership: Membership | None) -> bool:
    """See Markdown rendered before saving it: any active member of this city (only
    members have forms to fill; the preview saves nothing)."""
    return is_active_member(membership)


def can_take_part(membership: Membership | None) -> bool:
    """Publish, comment, support, offer help, report: an active member not blocked."""
    return is_active_member(membership) and not is_blocked(membership)


def message_refusal(writer: Membership | None, recipients: list[Membership | None], *,
                    blocked: bool, starting: bool) -> str | None:
    """Why this member may not write to these recipients (one person, or an
    organisation's admins), or None. Only a conversation between two members started out
    of nothing asks the recipient's consent; offer, accompaniment and organisation
    threads, and replies, stay open. A block, either way, ends it."""
    if not can_take_part(writer):
        return "cannot_take_part"
    active = [r for r in recipients if is_active_member(r)]
    if not active:
        return "recipient_gone"
    if any(r.id == writer.id for r in active) and len(active) == 1:
        return "self"
    if blocked:
        return "blocked"
    if not any(can_take_part(r) for r in active):
        # Blocked by the moderators: they could not answer, so nothing reaches them.
        return "recipient_unavailable"
    if starting and not all(r.open_to_messages for r in active):
        return "closed"
    return None


def moderation_refusal(account: Account | None, membership: Membership | None,
                       author_id: int | None, reporter_ids: set[int],
                       decided_by_id: int | None = None) -> str | None:
    """Why this moderator may not decide on this case, or None. Nobody judges their own
    content or a case they reported; an appeal goes to someone other than who decided."""
    if not can(account, "content.moderate", membership):
        return "not_moderator"
    mine = membership.id if membership is not None else None
    if mine is not None and mine == author_id:
        return "own_content"
    if mine is not None and mine in reporter_ids:
        return "own_report"
    if decided_by_id is not None and mine == decided_by_id:
        return "same_moderator"
    return None


def can(account: Account | None, permission: str, membership: Membership | None) -> bool:
    """May this account, with this membership of the current city, do `permission`?"""
    if account is None or not getattr(account, "is_authenticated", False):
        return False
    if account.is_platform_admin:
        return True
    return is_active_member(membership) and membership.role in PERMISSIONS[permission]


def can_suspend(actor: Account, actor_membership: Membership | None,
                target: Membership) -> bool:
    """Administrators suspend other members, never themselves (they would lock the door
    behind them)."""
    return can(actor, "members.manage", actor_membership) and target.account_id != actor.id


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


def can_act_for_partner(membership: Membership | None, organisation_role: str | None) -> bool:
    """A partner organisation's admins answer its accompaniment requests and write their
    milestones; other members of the organisation do not."""
    return organisation_role == "admin" and is_active_member(membership)


def can_write_milestone(account: Account | None, membership: Membership | None,
                        organisation_role: str | None, referent_id: int | None) -> bool:
    """Milestones of an accompaniment: by the partner (its admins) or the project's
    referent at city hall."""
    if can_act_for_partner(membership, organisation_role):
        return True
    return (is_active_member(membership) and referent_id is not None
            and membership.id == referent_id and can(account, "facilitation.run", membership))


def roles_with(permission: str) -> set[str]:
    """The city roles that hold a permission (to list, say, who may be a referent)."""
    return set(PERMISSIONS[permission])


def can_edit_event(account: Account | None, membership: Membership | None,
                   event_organisation_ids: set[int], admin_of: set[int]) -> bool:
    """City staff edit every event of the city; an admin of an organisation edits the
    events that organisation organises (admin_of: the organisations this member admins)."""
    if can(account, "events.manage_any", membership):
        return True
    return is_active_member(membership) and bool(event_organisation_ids & admin_of)


def can_create_event(account: Account | None, membership: Membership | None,
                     admin_of: set[int]) -> bool:
    return can(account, "events.manage_any", membership) or (
        is_active_member(membership) and bool(admin_of))


def can_edit_national_content(account: Account | None) -> bool:
    """National news, the showcase's highlights and the shared pages (the national site):
    national editors and platform admins."""
    return can_nationally(account, "edit_national_content")


def can_keep_local_speakers(account: Account | None, membership: Membership | None) -> bool:
    """A city's own speakers: its facilitators and admins."""
    return can(account, "events.curate", membership)


def can_hide_national_event(account: Account | None, membership: Membership | None) -> bool:
    """Taking a national event off the city's own agenda: its facilitators and admins."""
    return can(account, "events.curate", membership)


def leaving_refusal(membership: Membership, other_admins: int, lonely_organisations: list[str],
                    city_name: str):
    """Why a member may not leave their city (or delete their account): the last admin of
    the city or of an organisation names another first. None when they may."""
    from flask_babel import lazy_gettext as _l

    if membership.role == "admin" and membership.status == "active" and other_admins == 0:
        return _l("You are the last administrator of %(city)s: name another administrator "
                  "in the members' administration first.", city=city_name)
    if lonely_organisations:
        return _l("You are the last administrator of the organisation %(name)s: name another "
                  "administrator among its members first.", name=lonely_organisations[0])
    return None
