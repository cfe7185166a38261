"""Rules of conversations: with whom a member may start one (a member, the other side of
a help offer or of an accompaniment, an organisation), writing in it, blocks, what is
unread. Plain functions of a city (CityInfo) and memberships; who may write is decided
by accounts/policy.message_refusal."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, and_, bindparam, case, delete, func, not_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from upcampus.accounts.models import Membership
from upcampus.accounts.policy import can_see_profile, message_refusal
from upcampus.conversations.models import Conversation, MemberBlock, Message
from upcampus.conversations.schemas import MessageSchema
from upcampus.core.db import db, utcnow
from upcampus.core.links import public_base_url
from upcampus.core.rules import RuleError, validated
from upcampus.facilitation.models import Accompaniment, Track
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.models import HelpOffer

UNREAD_CAP = 100  # the header counts up to "99+", whatever the backlog

REFUSALS = {
    "cannot_take_part": _l("Your message is not sent: you cannot send messages in this "
                           "network for now."),
    "recipient_gone": _l("This person is no longer an active member of the city: the "
                         "message cannot be sent."),
    "recipient_unavailable": _l("This person cannot take part in the city for now: the "
                                "message cannot be sent."),
    "self": _l("You cannot write to yourself."),
    "blocked": _l("You can no longer write to each other: one of you blocked the other."),
    "closed": _l("This member does not accept new conversations."),
}


class Party(NamedTuple):
    """Who a new conversation joins, in which context, before it exists."""

    context: str
    context_id: int | None
    pair_key: str
    member_id: int | None
    other_id: int | None
    organisation_id: int | None
    subject: str


def city_row(model, row_id: int):
    """A row of this city (scoped like every city query), or None."""
    return db.session.scalars(select(model).where(model.id == row_id)).first()


def admin_ids(organisation_id: int | None) -> set[int]:
    if organisation_id is None:
        return set()
    return set(db.session.scalars(select(OrganisationMember.membership_id).where(
        OrganisationMember.organisation_id == organisation_id,
        OrganisationMember.role == "admin")))


def party_for(me: Membership, context: str, target_id: int) -> Party | None:
    """The conversation `me` may open from this context, or None when there is none
    for them here (an unknown id, another city's, or a thread that is not theirs)."""
    if context == "member":
        target = city_row(Membership, target_id)
        # Whoever may not see the member's profile (hidden) may not name nor write to them.
        if target is None or not can_see_profile(me.account, me, target):
            return None
        low, high = sorted((me.id, target.id))
        return Party("member", None, f"member:{low}-{high}", me.id, target.id, None, "")
    if context == "offer":
        return _offer_party(me, city_row(HelpOffer, target_id))
    if context == "accompaniment":
        return _accompaniment_party(me, city_row(Accompaniment, target_id))
    if context == "organisation":
        organisation = city_row(Organisation, target_id)
        if organisation is None:
            return None
        if me.id in admin_ids(organisation.id):
            raise RuleError("body", _l("You answer for this organisation: write to "
                                       "someone else."))
        return Party("organisation", organisation.id,
                     f"organisation:{organisation.id}:{me.id}", me.id, None,
                     organisation.id, organisation.name)
    return None


def _offer_party(me: Membership, offer: HelpOffer | None) -> Party | None:
    """The person who offered and one holder: the holder who writes, or the author."""
    if offer is None:
        return None
    publication = offer.need.publication
    holders = [h.membership_id for h in publication.holders if h.membership_id]
    if me.id == offer.membership_id:
        holder = (publication.author_id if publication.author_id in holders
                  else min(holders, default=None))
    elif me.id in holders:
        holder = me.id
    else:
        return None
    return Party("offer", offer.id, f"offer:{offer.id}:{holder}", offer.membership_id,
                 holder, None, publication.title)


def _accompaniment_party(me: Membership, accompaniment: Accompaniment | None) -> Party | None:
    """The project's referent at city hall and the partner's admins."""
    if accompaniment is None:
        return None
    referent = db.session.scalar(select(Track.referent_id).where(
        Track.publication_id == accompaniment.publication_id))
    organisation_id = accompaniment.partner.organisation_id
    if me.id != referent and me.id not in admin_ids(organisation_id):
        return None
    if referent is None:
        raise RuleError("body", _l("This project has no referent at city hall yet."))
    return Party("accompaniment", accompaniment.id, f"accompaniment:{accompaniment.id}",
                 referent, None, organisation_id, accompaniment.publication.title)


def counterpart_name(party: Party, me: Membership) -> str:
    """Whom a new conversation writes to: the other person, or the organisation."""
    other = party.other_id if party.member_id == me.id else party.member_id
    if party.organisation_id is not None and (other is None or party.member_id == me.id):
        organisation = city_row(Organisation, party.organisation_id)
        return organisation.name if organisation is not None else ""
    found = city_row(Membership, other) if other is not None else None
    return found.account.display_name if found is not None else ""


def find(pair_key: str) -> Conversation | None:
    return db.session.scalars(select(Conversation).where(
        Conversation.pair_key == pair_key)).first()


def side_of(conversation: Conversation, me: Membership | None) -> str | None:
    """"member", "other" (a person, or an admin of the organisation) or None."""
    if me is None:
        return None
    if conversation.member_id == me.id:
        return "member"
    if conversation.other_id == me.id or me.id in admin_ids(conversation.organisation_id):
        return "other"
    return None


def _recipient_ids(member_id, other_id, organisation_id, side: str) -> list[int]:
    if side == "other":
        return [member_id] if member_id else []
    if organisation_id is not None:
        return sorted(admin_ids(organisation_id))
    return [other_id] if other_id else []


def _memberships(ids: list[int]) -> list[Membership]:
    if not ids:
        return []
    return list(db.session.scalars(select(Membership).where(Membership.id.in_(ids))))


def is_blocked_between(me_id: int, other_ids: list[int]) -> bool:
    """A block either way between this member and any of these."""
    if not other_ids:
        return False
    return db.session.scalar(select(MemberBlock.id).where(or_(
        and_(MemberBlock.blocker_id == me_id, MemberBlock.blocked_id.in_(other_ids)),
        and_(MemberBlock.blocked_id == me_id, MemberBlock.blocker_id.in_(other_ids)))
    ).limit(1)) is not None


def _refuse(me: Membership, recipients: list[Membership], *, starting: bool) -> None:
    reason = message_refusal(me, recipients, starting=starting, blocked=is_blocked_between(
        me.id, [r.id for r in recipients]))
    if reason is not None:
        raise RuleError("body", REFUSALS[reason], "forbidden")


def start_refusal(me: Membership, party: Party) -> str | None:
    """Why `me` could not send the first message of this party now (REFUSALS), or None:
    asked before the form is shown, so nobody types a message that cannot go."""
    side = "member" if me.id == party.member_id else "other"
    recipients = _memberships(_recipient_ids(party.member_id, party.other_id,
                                             party.organisation_id, side))
    reason = message_refusal(me, recipients, starting=party.context == "member",
                             blocked=is_blocked_between(me.id, [r.id for r in recipients]))
    return None if reason is None else str(REFUSALS[reason])


def start(city, me: Membership, context: str, target_id: int, body: str) -> Conversation | None:
    """The first message from this context (or the next one, if the conversation exists
    already). None: nothing to open here for this member. Two first messages at once
    make one conversation (the unique pair key). Commits and notifies."""
    party = party_for(me, context, target_id)
    if party is None:
        return None
    text = validated(MessageSchema, {"body": body})["body"]
    conversation = find(party.pair_key)
    if conversation is not None:
        return write(city, me, conversation, text)
    side = "member" if me.id == party.member_id else "other"
    recipients = _memberships(_recipient_ids(party.member_id, party.other_id,
                                             party.organisation_id, side))
    _refuse(me, recipients, starting=context == "member")
    conversation = Conversation(**party._asdict())
    try:
        with db.session.begin_nested():
            db.session.add(conversation)
    except IntegrityError:  # the other side's first message won: write in theirs
        return write(city, me, find(party.pair_key), text)
    return _post(city, me, conversation, side, text, recipients)


def write(city, me: Membership, conversation: Conversation, body: str) -> Conversation:
    """A message in a conversation `me` is part of. Commits and notifies."""
    side = side_of(conversation, me)
    if side is None:
        raise RuleError("body", _l("This conversation is not yours."), "forbidden")
    text = validated(MessageSchema, {"body": body})["body"]
    recipients = _memberships(_recipient_ids(conversation.member_id, conversation.other_id,
                                             conversation.organisation_id, side))
    _refuse(me, recipients, starting=False)
    return _post(city, me, conversation, side, text, recipients)


def _post(city, me, conversation, side, text, recipients) -> Conversation:
    from upcampus.notifications.notify import notify

    now = utcnow()
    db.session.add(Message(conversation_id=conversation.id, author_id=me.id, body=text,
                           created_at=now))
    conversation.last_message_at = now
    setattr(conversation, f"{side}_read_at", now)  # what I wrote is not news to me
    db.session.commit()
    url = public_base_url(city) + f"/messages/{conversation.id}"
    name = me.account.display_name
    for recipient in recipients:
        if recipient.status == "active" and recipient.id != me.id:
            notify(city, recipient.id, "message", about=("conversation", conversation.id),
                   title=name, url=url, template="message",
                   recipient_name=recipient.account.display_name)
    return conversation


def reply_closed(me: Membership, conversation: Conversation, side: str) -> str | None:
    """Why `me` can no longer reply here (the same rule as write), or None: "left" when
    nobody is on the other side any more (an account deleted, the city left), else the
    policy's reason ("recipient_gone": suspended, "recipient_unavailable": blocked by the
    moderators, "blocked", "cannot_take_part")."""
    ids = _recipient_ids(conversation.member_id, conversation.other_id,
                         conversation.organisation_id, side)
    if not ids:
        return "left"
    reason = message_refusal(me, _memberships(ids), starting=False,
                             blocked=is_blocked_between(me.id, ids))
    return None if reason == "self" else reason


def offer_of(conversation: Conversation) -> HelpOffer | None:
    """The help offer a conversation was opened from (shown at its top), if it is still
    there."""
    if conversation.context != "offer" or conversation.context_id is None:
        return None
    return city_row(HelpOffer, conversation.context_id)


def mark_read(conversation: Conversation, side: str, me_id: int) -> None:
    """Opening a conversation reads it, and my unread "message" notifications about it
    (one UPDATE, even if a notification came after the conversation was read: the bell
    and the Messages badge agree); an already read one commits nothing."""
    from upcampus.notifications.notify import mark_read_about

    changed = mark_read_about(me_id, ("message",), "conversation", conversation.id)
    read_at = getattr(conversation, f"{side}_read_at")
    if read_at is None or _aware(read_at) < _aware(conversation.last_message_at):
        setattr(conversation, f"{side}_read_at", utcnow())
        changed = True
    if changed:
        db.session.commit()


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def blocked_person(conversation: Conversation, side: str) -> int | None:
    """The person a member may block from this conversation (never an organisation)."""
    return conversation.member_id if side == "other" else conversation.other_id


def has_blocked(me_id: int, target_id: int | None) -> bool:
    return target_id is not None and db.session.scalar(select(MemberBlock.id).where(
        MemberBlock.blocker_id == me_id, MemberBlock.blocked_id == target_id)) is not None


def block(me: Membership, target_id: int | None) -> None:
    """Commits; blocking twice is blocking once."""
    if target_id is None or target_id == me.id:
        raise RuleError("block", _l("There is nobody to block here."))
    if has_blocked(me.id, target_id):
        return
    try:
        with db.session.begin_nested():
            db.session.add(MemberBlock(blocker_id=me.id, blocked_id=target_id))
    except IntegrityError:
        pass  # the same click twice at once
    db.session.commit()


def unblock(me: Membership, target_id: int | None) -> None:
    db.session.execute(delete(MemberBlock).where(MemberBlock.blocker_id == me.id,
                                                 MemberBlock.blocked_id == target_id))
    db.session.commit()


def _sides(me_id: int):
    admin_of = select(OrganisationMember.organisation_id).where(
        OrganisationMember.membership_id == me_id, OrganisationMember.role == "admin")
    as_member = Conversation.member_id == me_id
    as_other = and_(not_(as_member), or_(Conversation.other_id == me_id,
                                         Conversation.organisation_id.in_(admin_of)))
    return as_member, as_other


def _unread(me_id: int):
    def newer(read_at):
        return or_(read_at.is_(None), Conversation.last_message_at > read_at)
    as_member, as_other = _sides(me_id)
    return or_(and_(as_member, newer(Conversation.member_read_at)),
               and_(as_other, newer(Conversation.other_read_at)))


def list_statement(me_id: int):
    """My conversations, unread first, then the newest; who they are with, at once."""
    as_member, as_other = _sides(me_id)
    return select(Conversation).options(
        joinedload(Conversation.member), joinedload(Conversation.other),
        joinedload(Conversation.organisation)).where(or_(as_member, as_other)).order_by(
        case((_unread(me_id), 0), else_=1), Conversation.last_message_at.desc(),
        Conversation.id.desc())


def is_unread(conversation: Conversation, me_id: int) -> bool:
    """The same test as _unread, on a loaded row (the list marks them without a query)."""
    read_at = (conversation.member_read_at if conversation.member_id == me_id
               else conversation.other_read_at)
    return read_at is None or _aware(read_at) < _aware(conversation.last_message_at)


def unread_count_statement(me_id: int):
    capped = select(Conversation.id).where(_unread(me_id)).limit(UNREAD_CAP).subquery()
    return select(func.count()).select_from(capped)


def header_counts(me_id: int) -> tuple[int, int]:
    """(unread notifications, unread conversations): the header's two badges, in one
    statement (every signed-in page shows them)."""
    bell, messages = db.session.execute(_header_statement(), {"me_id": me_id}).one()
    return bell or 0, messages or 0


@cache
def _header_statement():
    # Built once per process: building it cost more than running it.
    from upcampus.notifications.notify import unread_count_statement as bell_statement

    me = bindparam("me_id", type_=Integer)
    return select(bell_statement(me).scalar_subquery(),
                  unread_count_statement(me).scalar_subquery())


def messages_statement(conversation_id: int):
    return select(Message).where(Message.conversation_id == conversation_id).order_by(
        Message.id.desc())
