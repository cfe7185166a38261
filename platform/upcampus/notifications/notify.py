"""In-app notifications and how each member hears of them: `notify` is the one call the
domains make; it writes the notification and, when the member's choice for its kind is
"immediately", the email too (digests gather the others, see digest.py)."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import func, select, update

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.core.links import absolute_url, public_base_url
from upcampus.notifications.kinds import KINDS, VERBS, sentence
from upcampus.notifications.models import Notification, NotificationPreference
from upcampus.notifications.operations import queue_email

UNSUBSCRIBE_SALT = "upcampus-unsubscribe"
UNSUBSCRIBE_MAX_AGE = 366 * 24 * 3600  # a year: old digests still unsubscribe
BELL_CAP = 100  # the bell counts up to "99+": a bounded count, whatever the backlog


def cadences_of(membership_id: int) -> dict[str, str]:
    """Every kind's cadence for a member: their choices over the defaults."""
    chosen = dict(db.session.execute(select(
        NotificationPreference.kind, NotificationPreference.cadence).where(
        NotificationPreference.membership_id == membership_id)).all())
    return {kind: chosen.get(kind, default) for kind, (_label, default) in KINDS.items()}


def set_cadence(membership: Membership, kind: str, cadence: str) -> None:
    """Not committed. Unknown kinds or cadences are refused by the caller's schema."""
    row = db.session.scalar(select(NotificationPreference).where(
        NotificationPreference.membership_id == membership.id,
        NotificationPreference.kind == kind))
    if row is None:
        db.session.add(NotificationPreference(membership_id=membership.id, kind=kind,
                                              cadence=cadence))
    else:
        row.cadence = cadence


def notify(city, recipient_membership_id: int, verb: str, *,
           about: tuple[str, int | None] = (None, None), title: str = "", url: str = "",
           subject=None, template: str | None = None, **context) -> Notification | None:
    """Tell a member of `city` (a CityInfo) that something happened (`verb`, see
    kinds.VERBS) about `about` = (type, id), with a snapshot of its title and address.
    Emails now when they chose so for this kind: `template` (else a plain notice) with
    `context`, and an unsubscribe link. Commits."""
    kind = VERBS[verb][0]
    membership = db.session.get(Membership, recipient_membership_id)
    if membership is None:
        return None
    note = Notification(tenant_id=city.id, membership_id=membership.id, kind=kind, verb=verb,
                        about_type=about[0], about_id=about[1], title=str(title)[:300],
                        url=url[:500])
    db.session.add(note)
    if cadences_of(membership.id)[kind] != "immediate":
        db.session.commit()
        return note
    note.emailed_at = utcnow()
    account = membership.account
    locale = account.locale or city.default_locale
    queue_email(account.email, subject or _l_sentence(verb, title),
                template or "notification", city=city, locale=locale,
                unsubscribe=unsubscribe_url(city, membership.id, kind),
                notification=note, url=url, title=title, verb=verb, sentence=sentence,
                **context)
    return note


class _l_sentence:  # noqa: N801 - a lazy string: translated when the email is written
    def __init__(self, verb: str, title: str):
        self.verb, self.title = verb, title

    def __str__(self) -> str:
        return sentence(self.verb, self.title)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(tenant_id: int, membership_id: int, kinds: list[str]) -> str:
    return _serializer().dumps([tenant_id, membership_id, sorted(kinds)])


def unsubscribe_url(city, membership_id: int, *kinds: str) -> str:
    return absolute_url(public_base_url(city), "notifications.unsubscribe",
                        token=unsubscribe_token(city.id, membership_id, list(kinds)))


def read_unsubscribe_token(token: str, tenant_id: int) -> tuple[int, list[str]] | None:
    """(membership id, kinds) of a valid link of this city; None when it was altered,
    expired or made for another city."""
    try:
        found = _serializer().loads(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except BadData:
        return None
    if (not isinstance(found, list) or len(found) != 3 or found[0] != tenant_id
            or not isinstance(found[1], int) or not isinstance(found[2], list)
            or not found[2] or not all(kind in KINDS for kind in found[2])):
        return None
    return found[1], found[2]


def unsubscribe(token: str, tenant_id: int) -> list[str] | None:
    """One click: these kinds go to the app only. Replaying it changes nothing more.
    The kinds, or None for a bad link (or a member who left). Commits."""
    found = read_unsubscribe_token(token, tenant_id)
    membership = db.session.get(Membership, found[0]) if found else None
    if membership is None:
        return None
    for kind in found[1]:
        set_cadence(membership, kind, "app")
    db.session.commit()
    return found[1]


def unread_count_statement(membership_id: int):
    """The bell's count, as a statement (the header reads it with the messages' count)."""
    capped = select(Notification.id).where(
        Notification.membership_id == membership_id,
        Notification.read_at.is_(None)).limit(BELL_CAP).subquery()
    return select(func.count()).select_from(capped)


def list_statement(membership_id: int):
    return select(Notification).where(Notification.membership_id == membership_id).order_by(
        Notification.id.desc())


def mark_read(membership_id: int, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, every) notification of this member read; how many.
    Someone else's notification is simply not found. Commits."""
    statement = update(Notification).where(Notification.membership_id == membership_id,
                                           Notification.read_at.is_(None))
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    done = db.session.execute(statement.values(read_at=utcnow()).execution_options(
        synchronize_session=False)).rowcount
    db.session.commit()
    return done


def mark_read_about(membership_id: int, verbs: tuple[str, ...], about_type: str,
                    about_id: int) -> int:
    """What this member has just seen for themselves (a conversation opened, an offer
    answered) is no longer news in the bell: their unread notifications of these verbs
    about it, read in one UPDATE; how many. The caller commits."""
    return db.session.execute(update(Notification).where(
        Notification.membership_id == membership_id, Notification.read_at.is_(None),
        Notification.verb.in_(verbs), Notification.about_type == about_type,
        Notification.about_id == about_id).values(read_at=utcnow()).execution_options(
        synchronize_session=False)).rowcount


