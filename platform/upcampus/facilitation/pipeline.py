"""The city's track of a project: spotted → qualified → accompanied → realised, or set
aside (and reopened). Forward one step at a time; back only with a reason. Two
facilitators moving the same project at once: the first wins, the second is told.

Every function takes the actor (account, membership of this city) explicitly."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import can, is_active_member, roles_with
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.jobs import enqueue
from upcampus.core.rules import RuleError, validated
from upcampus.core.web import valid_id
from upcampus.facilitation.models import SET_ASIDE, STEPS, Track, TrackEvent
from upcampus.facilitation.schemas import MoveSchema
from upcampus.projects.models import Publication

# The holders hear of these steps by email.
ANNOUNCED = ("qualified", "accompanied", "realised")
MIN_ASIDE_REASON = 10


def require(account: Account | None, membership: Membership | None, permission: str,
            field: str = "step") -> None:
    if not can(account, permission, membership):
        raise RuleError(field, _l("Only the city's team can do this."), "forbidden")


def track_of(publication_id: int) -> Track | None:
    return db.session.scalar(select(Track).where(Track.publication_id == publication_id))


def record(publication_id: int, actor: Membership | None, action: str, before: str = "",
           after: str = "", reason: str = "") -> TrackEvent:
    """One line of the audit trail (never the content of a note)."""
    event = TrackEvent(publication_id=publication_id, actor_id=actor.id if actor else None,
                  action=action, before=before[:200], after=after[:200], reason=reason)
    db.session.add(event)
    return event


def referents():
    """Who may be a project's referent: the city's active facilitators and admins."""
    return select(Membership).where(
        Membership.status == "active",
        Membership.role.in_(sorted(roles_with("facilitation.run"))))


def _referent(referent_id: int | None, actor: Membership | None) -> Membership | None:
    if referent_id is None:
        return actor if actor is not None and is_active_member(actor) else None
    referent = db.session.scalar(referents().where(Membership.id == referent_id)) if (
        valid_id(referent_id)) else None  # a number no row can have names nobody
    if referent is None:
        raise RuleError("referent_id", _l("Choose a referent from the city's team."))
    return referent


def move(publication: Publication, account: Account | None, actor: Membership | None,
         payload: dict) -> Track:
    """Move the city's track of a publication (made at its first move, "spotted")."""
    require(account, actor, "facilitation.run")
    fields = validated(MoveSchema, payload)
    if not publication.published:
        raise RuleError("step", _l("Only a published project can be followed by the city."))
    serialise_on(Publication, publication.id)  # movers of one project take turns
    track = track_of(publication.id)
    if track is not None:
        db.session.refresh(track)
    current = track.step if track else ""
    if fields["expected"] != current:
        raise RuleError("step", _l(
            "Someone else moved this project meanwhile: it is now at the step shown. "
            "Check, then move it again if you still need to."), "conflict")
    target, reason = fields["step"], fields["reason"]
    refusal = _refusal(current, target, reason, fields,
                       track.step_before_aside if track else None)
    if refusal:
        raise RuleError(*refusal)
    return _apply(publication, track, actor, current, target, fields)


def check_move(publication: Publication, account: Account | None, actor: Membership | None,
               payload: dict) -> None:
    """The refusal `move` would raise, without moving: a heavy step (set aside) is
    confirmed only once it would be accepted."""
    require(account, actor, "facilitation.run")
    fields = validated(MoveSchema, payload)
    track = track_of(publication.id)
    current = track.step if track else ""
    if fields["expected"] != current:
        return  # `move` says so, once confirmed
    refusal = _refusal(current, fields["step"], fields["reason"], fields,
                       track.step_before_aside if track else None)
    if refusal:
        raise RuleError(*refusal)


def _apply(publication: Publication, track: Track | None, actor: Membership | None,
           current: str, target: str, fields: dict) -> Track:
    reason = fields.get("reason", "")
    if track is None:
        track = Track(publication_id=publication.id, step=target, spotted_at=utcnow())
        db.session.add(track)
    if target == SET_ASIDE:
        track.step_before_aside = current or "spotted"
        track.aside_reason = reason
    elif current == SET_ASIDE:
        track.step_before_aside, track.aside_reason = None, ""
    if target == "qualified" and current == "spotted":
        track.interest, track.local_need = fields["interest"], fields["local_need"]
        referent = _referent(fields["referent_id"], actor)
        if referent is not None and referent.id != track.referent_id:
            record(publication.id, actor, "referent", _name(track.referent),
                   _name(referent))
            track.referent_id = referent.id
    track.realised_at = utcnow() if target == "realised" else None
    track.step, track.step_since = target, utcnow()
    record(publication.id, actor, "step", current, target,
           reason or fields.get("interest", ""))
    db.session.commit()
    if target in ANNOUNCED and _is_forward(current, target):
        from upcampus.facilitation.tasks import tell_holders_of_step

        enqueue(tell_holders_of_step, publication.tenant_id, publication.id, target)
    return track


def accompanied_on_acceptance(publication: Publication, partner_admin: Membership | None,
                              partner_name: str) -> Track | None:
    """A partner accepted: a qualified project is accompanied from now on (the partner's
    answer moves it, in the audit trail under their name)."""
    serialise_on(Publication, publication.id)
    track = track_of(publication.id)
    if track is None:
        return None
    db.session.refresh(track)
    if track.step != "qualified":
        return track
    return _apply(publication, track, partner_admin, "qualified", "accompanied",
                  {"reason": partner_name})


def _is_forward(current: str, target: str) -> bool:
    return (current in STEPS and target in STEPS
            and STEPS.index(target) == STEPS.index(current) + 1)


def _refusal(current: str, target: str, reason: str, fields: dict,
             before_aside: str | None) -> tuple[str, object] | None:
    """Why this move is refused (field, message), or None."""
    if target == current:
        return "step", _l("The project is already at this step.")
    if target == SET_ASIDE:
        if len(reason) < MIN_ASIDE_REASON:
            return "reason", _l("Say kindly why the project is set aside: its holders "
                                "will read it.")
        return None
    if current == "":
        return None if target == "spotted" else (
            "step", _l("A project is spotted first; steps cannot be skipped."))
    if current == SET_ASIDE:
        if STEPS.index(target) > STEPS.index(before_aside or "spotted"):
            return "step", _l("A project reopens at the step it was at, or an earlier one.")
        return None
    if STEPS.index(target) > STEPS.index(current) + 1:
        return "step", _l("Steps cannot be skipped: move the project to the next step first.")
    if STEPS.index(target) < STEPS.index(current) and not reason:
        return "reason", _l("Say why the project goes back a step.")
    if target == "qualified" and current == "spotted" and not (
            fields["interest"] and fields["local_need"]):
        field = "interest" if not fields["interest"] else "local_need"
        return field, _l("Say why the project is of collective interest and which local "
                         "need it answers.")
    return None


def _name(membership: Membership | None) -> str:
    return membership.account.display_name if membership is not None else ""


def set_referent(publication: Publication, account: Account | None,
                 actor: Membership | None, referent_id: int | None) -> Track:
    require(account, actor, "facilitation.run", "referent_id")
    serialise_on(Publication, publication.id)
    track = track_of(publication.id)
    if track is None or track.step in ("spotted", SET_ASIDE):
        raise RuleError("referent_id", _l("A referent is named once the project is "
                                          "qualified."))
    if referent_id is None:
        raise RuleError("referent_id", _l("Choose a referent from the city's team."))
    referent = _referent(referent_id, actor)
    if referent.id != track.referent_id:
        record(publication.id, actor, "referent", _name(track.referent), _name(referent))
        track.referent_id = referent.id
        db.session.commit()
    return track


def set_city_shows(publication: Publication, account: Account | None,
                   actor: Membership | None, shows: bool) -> Track:
    """The city's half of the public timeline (the holders give the other half)."""
    require(account, actor, "facilitation.run", "shows")
    track = track_of(publication.id)
    if track is None:
        raise RuleError("shows", _l("The city does not follow this project yet."))
    if track.city_shows != shows:
        record(publication.id, actor, "visibility", "city:" + str(track.city_shows).lower(),
               "city:" + str(shows).lower())
        track.city_shows = shows
        db.session.commit()
    return track


def set_holder_shows(publication: Publication, membership: Membership | None,
                     shows: bool) -> Track:
    from upcampus.projects.operations import is_holder

    if not is_holder(publication, membership):
        raise RuleError("shows", _l("Only the holders of this publication can edit it."),
                        "forbidden")
    track = track_of(publication.id)
    if track is None:
        raise RuleError("shows", _l("The city does not follow this project yet."))
    if track.holder_shows != shows:
        record(publication.id, membership, "visibility",
               "holders:" + str(track.holder_shows).lower(), "holders:" + str(shows).lower())
        track.holder_shows = shows
        db.session.commit()
    return track
