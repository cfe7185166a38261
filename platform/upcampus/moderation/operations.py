"""Reporting, the queue's decisions, appeals and words to watch. Plain functions: they
take the city (a CityInfo), the actor and their membership as arguments."""

from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import (
    FOREVER,
    can,
    can_take_part,
    is_active_member,
    moderation_refusal,
)
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.rules import RuleError, validated
from upcampus.moderation import mail, targets
from upcampus.moderation.models import Case, CaseAction, ModerationSettings, Report
from upcampus.moderation.schemas import (
    AppealSchema,
    DecisionSchema,
    ReportSchema,
    SettingsSchema,
)

DEFAULT_HIDE_AFTER = 3
REFUSALS = {
    "not_moderator": _l("Only the network's moderators can decide."),
    "own_content": _l("You cannot decide on your own content: another moderator will."),
    "own_report": _l("You reported this item: another moderator will decide."),
    "same_moderator": _l("You took this decision: another moderator or an admin of the "
                         "network must review the appeal."),
}


def check_takes_part(membership: Membership | None, field: str, join_message) -> None:
    """The refusal of a member who may not publish, comment or help here: not a member
    (join_message), or blocked by the moderators (said so, with what they may still do)."""
    if not is_active_member(membership):
        raise RuleError(field, join_message, "forbidden")
    if not can_take_part(membership):
        raise RuleError(field, BLOCKED_MESSAGE)


# Said where a blocked member would have found a form (a project page) and when they try.
BLOCKED_MESSAGE = _l("The moderators of this network blocked your participation: you can "
                     "still read, not publish, comment or help.")


def settings_of() -> ModerationSettings:
    """The current city's settings (its defaults until an admin changes them)."""
    row = db.session.scalars(select(ModerationSettings)).first()
    return row or ModerationSettings(hide_after=DEFAULT_HIDE_AFTER, watch_words=[])


def save_settings(account: Account, membership: Membership | None, payload: dict) -> None:
    if not can(account, "content.moderate", membership):
        raise RuleError("hide_after", REFUSALS["not_moderator"], "forbidden")
    data = validated(SettingsSchema, payload)
    words = sorted({w.strip().lower() for w in re.split(r"[,\n]", data["watch_words"])
                    if w.strip()})
    row = db.session.scalars(select(ModerationSettings)).first()
    if row is None:
        row = ModerationSettings()
        db.session.add(row)
    row.hide_after, row.watch_words = data["hide_after"], words
    db.session.commit()


def watched_words_in(text: str) -> list[str]:
    """The city's words to watch that this text contains (whole words, any case)."""
    words = settings_of().watch_words or []
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text or "",
                                          re.IGNORECASE)]


def _case_for(kind: str, item) -> Case:
    """The item's case, opened once (a unique constraint: two first reports at once make
    one case)."""
    case = db.session.scalars(select(Case).where(
        Case.kind == kind, Case.target_id == item.id)).first()
    if case is not None:
        return case
    case = Case(kind=kind, target_id=item.id, author_id=targets.main_author(kind, item),
                snapshot=targets.snapshot(kind, item), reports_count=0)
    try:
        with db.session.begin_nested():
            db.session.add(case)
    except IntegrityError:
        case = db.session.scalars(select(Case).where(
            Case.kind == kind, Case.target_id == item.id)).one()
    return case


def _reopen(case: Case, kind: str, item) -> None:
    """A decided case reported again returns to the queue with the words as they are."""
    if case.state == "kept":
        case.state, case.snapshot = "open", targets.snapshot(kind, item)


def report(membership: Membership | None, kind: str, target_id: int, payload: dict) -> Case:
    """One report per person and item; one's own content is not reported. Enough reports
    hide the item until a moderator reviews it."""
    if not can_take_part(membership):
        raise RuleError("reason", _l("Join this network to report content."), "forbidden")
    item = targets.load(kind, target_id)
    if item is None or not targets.visible_to(kind, item, membership):
        raise RuleError("reason", _l("This content does not exist or was removed."),
                        "missing")
    if membership.id in targets.author_ids(kind, item):
        raise RuleError("reason", _l("You cannot report your own content."))
    data = validated(ReportSchema, payload)
    case = _case_for(kind, item)
    serialise_on(Case, case.id)
    if db.session.scalar(select(Report.id).where(
            Report.case_id == case.id, Report.reporter_id == membership.id)) is not None:
        db.session.rollback()
        raise RuleError("reason", _l("You already reported this; the moderators will "
                                     "look at it."))
    _reopen(case, kind, item)
    db.session.add(Report(case_id=case.id, reporter_id=membership.id, **data))
    case.reports_count = Case.reports_count + 1
    db.session.flush()
    db.session.refresh(case)
    if case.state == "open" and not case.held and (
            case.reports_count >= settings_of().hide_after):
        case.held = True
        targets.hide(kind, item)
    try:
        db.session.commit()
    except IntegrityError:  # the same report, twice at once: the first one counted
        db.session.rollback()
        raise RuleError("reason", _l("You already reported this; the moderators will "
                                     "look at it.")) from None
    return case


def hold_for_words(kind: str, item, text: str) -> bool:
    """A new publication or comment with a word to watch waits for review: hidden, in the
    queue. True when it was held (the caller tells its author)."""
    if not watched_words_in(text):
        return False
    case = _case_for(kind, item)
    case.state, case.held, case.held_for_words = "open", True, True
    case.snapshot = targets.snapshot(kind, item)
    targets.hide(kind, item)
    return True


def is_held(kind: str, target_id: int) -> bool:
    """Hidden by moderation until a decision (its author cannot put it back alone)."""
    return db.session.scalar(select(Case.id).where(
        Case.kind == kind, Case.target_id == target_id,
        (Case.held.is_(True) & (Case.state == "open")) | Case.state.in_(
            ("hidden", "removed")))) is not None


def queue(state: str = "open"):
    """The queue: most reported first, then the oldest."""
    return (select(Case).where(Case.state == state) if state == "open" else
            select(Case).where(Case.state != "open")).order_by(
        Case.reports_count.desc(), Case.opened_at, Case.id)


def _refuse(account, membership, case: Case, decided_by_id=None) -> None:
    reporters = {r.reporter_id for r in case.reports}
    refusal = moderation_refusal(account, membership, case.author_id, reporters,
                                 decided_by_id)
    if refusal is not None:
        raise RuleError("action", REFUSALS[refusal], "forbidden")


def decide(city, account: Account, membership: Membership | None, case: Case,
           payload: dict) -> Case:
    """One click: keep, hide (with a reason the author sees), remove, warn, or block the
    author from this city for `days` (0: for good). Audited, and told to the author and
    to the reporters."""
    _refuse(account, membership, case)
    data = validated(DecisionSchema, payload)
    action = data["action"]
    if action in ("hide", "warn", "block") and not data["reason"]:
        raise RuleError("reason", _l("Give the reason the author will read."))
    serialise_on(Case, case.id)
    db.session.refresh(case)
    if case.state != "open":
        db.session.rollback()
        raise RuleError("action", _l("This case was already decided."))
    item = targets.load(case.kind, case.target_id)
    _apply(case, item, action, data["days"])
    case.state = {"keep": "kept", "hide": "hidden", "remove": "removed",
                  "warn": "warned", "block": "blocked"}[action]
    case.held, case.reason = False, data["reason"]
    case.decided_by_id = membership.id if membership is not None else None
    case.decided_at = utcnow()
    db.session.add(CaseAction(case_id=case.id, actor_id=case.decided_by_id,
                              action=action, reason=data["reason"]))
    db.session.commit()
    mail.tell_decision(city, case)
    return case


def _apply(case: Case, item, action: str, days: int) -> None:
    if item is None:
        return  # gone meanwhile: the decision is still recorded
    if action == "keep":
        targets.restore(case.kind, item, case.snapshot or {})
    elif action == "hide":
        targets.hide(case.kind, item)
    elif action == "remove":
        targets.remove(case.kind, item)
    elif action == "block":
        targets.hide(case.kind, item)
        author = db.session.get(Membership, case.author_id) if case.author_id else None
        if author is not None:
            author.blocked_until = (FOREVER if days == 0
                                    else utcnow() + timedelta(days=days))


def appeal(city, membership: Membership | None, case: Case, payload: dict) -> Case:
    """The author contests a decision once, with a note."""
    if membership is None or case.author_id != membership.id:
        raise RuleError("note", _l("Only the author can contest this decision."),
                        "forbidden")
    if case.state in ("open", "kept"):
        raise RuleError("note", _l("There is no decision to contest."))
    note = validated(AppealSchema, payload)["note"]
    serialise_on(Case, case.id)
    db.session.refresh(case)
    if case.appeal_state != "none":
        db.session.rollback()
        raise RuleError("note", _l("You already contested this decision."))
    case.appeal_state, case.appeal_note = "pending", note
    db.session.add(CaseAction(case_id=case.id, actor_id=membership.id, action="appeal",
                              reason=note))
    db.session.commit()
    return case


def review_appeal(city, account: Account, membership: Membership | None, case: Case,
                  overturn: bool, reason: str = "") -> Case:
    """Another moderator (or an admin) upholds the decision or overturns it: the item
    comes back as it was and a block ends."""
    _refuse(account, membership, case, decided_by_id=case.decided_by_id)
    reason = validated(DecisionSchema, {"action": "keep", "reason": reason})["reason"]
    serialise_on(Case, case.id)
    db.session.refresh(case)
    if case.appeal_state != "pending":
        db.session.rollback()
        raise RuleError("action", _l("This appeal was already reviewed."))
    if overturn:
        item = targets.load(case.kind, case.target_id)
        if item is not None and case.state != "removed":
            targets.restore(case.kind, item, case.snapshot or {})
        if case.state == "blocked" and case.author_id:
            author = db.session.get(Membership, case.author_id)
            if author is not None:
                author.blocked_until = None
        case.state = "kept"
    case.appeal_state = "overturned" if overturn else "upheld"
    db.session.add(CaseAction(case_id=case.id,
                              actor_id=membership.id if membership else None,
                              action="appeal_" + case.appeal_state, reason=reason))
    db.session.commit()
    mail.tell_appeal(city, case, reason)
    return case


def _about_me(membership: Membership):
    """Cases the author hears of: decided ones, and what is hidden while it waits."""
    return select(Case).where(Case.author_id == membership.id,
                              (Case.state != "open") | Case.held.is_(True))


def cases_of(membership: Membership) -> list[Case]:
    """Decisions about what this member wrote (what they see and may contest), and what
    is hidden while the moderators review it (nothing to contest yet)."""
    return list(db.session.scalars(_about_me(membership).order_by(Case.id.desc())))


def has_cases(membership: Membership | None) -> bool:
    return membership is not None and db.session.scalar(
        _about_me(membership).with_only_columns(Case.id).limit(1)) is not None


def moderation_states(kind: str, target_ids) -> dict[int, str]:
    """How moderation hides these items: "review" (hidden while it waits), or the
    decision ("hidden", "removed"); items moderation left alone are absent."""
    ids = list(target_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Case.target_id, Case.state, Case.held).where(
        Case.kind == kind, Case.target_id.in_(ids))).all()
    found = {}
    for target_id, state, held in rows:
        if state == "open" and held:
            found[target_id] = "review"
        elif state in ("hidden", "removed", "blocked"):
            found[target_id] = state
    return found


def review_refusal(account, membership, case: Case):
    """Why this moderator may not review the pending appeal (a message), or None."""
    refusal = moderation_refusal(account, membership, case.author_id,
                                 {r.reporter_id for r in case.reports}, case.decided_by_id)
    return REFUSALS[refusal] if refusal else None


def decision_refusal(account, membership, case: Case):
    """Why this moderator may not decide on the case (a message), or None."""
    refusal = moderation_refusal(account, membership, case.author_id,
                                 {r.reporter_id for r in case.reports})
    return REFUSALS[refusal] if refusal else None
