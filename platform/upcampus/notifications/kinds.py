"""The kinds of notification a member chooses a cadence for, and the verbs each one
covers: one sentence per verb, translated when shown (in the reader's language), around
the snapshot of the title of what it is about."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

# kind: (label, default cadence). Help and private messages at once (the issue); event
# reminders,
# waitlist offers (48 hours to answer), the city asking a partner for support and changes
# to one's membership wait for an answer or a date, so they are immediate too; the rest
# (comments, featuring, pipeline steps) is gathered in the weekly digest. New matches keep their
# own weekly email (matching/digest.py).
KINDS = {
    "help": (_l("Help: offers on my projects, answers to my offers, invitations to help"),
             "immediate"),
    "message": (_l("Private messages"), "immediate"),
    "comment": (_l("Comments on my projects and replies to my comments"), "weekly"),
    "project": (_l("My projects featured or moved forward by the city"), "weekly"),
    "accompaniment": (_l("Accompaniment requests and milestones"), "immediate"),
    "event": (_l("Event reminders and waitlist seats"), "immediate"),
    "membership": (_l("Changes to my membership (role, suspension)"), "immediate"),
    # What the moderators decided about what I wrote: I may contest it, so at once.
    "moderation": (_l("Moderation decisions about what I wrote"), "immediate"),
}

CADENCE_LABELS = {
    "immediate": _l("Immediately by email"),
    "daily": _l("In a daily digest"),
    "weekly": _l("In a weekly digest"),
    "app": _l("In the app only"),
}

# verb: (kind, sentence). %(title)s is the snapshot of what it is about.
VERBS = {
    "help_offered": ("help", _l("Someone offered help on %(title)s")),
    "help_accepted": ("help", _l("Your help was accepted on %(title)s")),
    "help_declined": ("help", _l("Your help offer on %(title)s was declined")),
    "message": ("message", _l("%(title)s sent you a message")),
    "comment": ("comment", _l("New comment on %(title)s")),
    "reply": ("comment", _l("New reply to your comment on %(title)s")),
    "featured": ("project", _l("%(title)s is featured on the home page")),
    "step_qualified": ("project", _l("%(title)s is of collective interest")),
    "step_accompanied": ("project", _l("%(title)s is accompanied")),
    "step_realised": ("project", _l("%(title)s is realised")),
    "accompaniment_request": ("accompaniment", _l("Support requested for %(title)s")),
    "event_reminder": ("event", _l("Tomorrow: %(title)s")),
    "event_promoted": ("event", _l("A seat is free for you: %(title)s")),
    # A holder asking me in person: help, not the weekly "projects that need you".
    "match_invited": ("help", _l("A project needs you: %(title)s")),
    "role_changed": ("membership", _l("Your role in %(title)s changed")),
    "suspended": ("membership", _l("Your membership of %(title)s is suspended")),
    "moderation_decision": ("moderation", _l("A moderation decision about what you wrote: "
                                             "%(title)s")),
    "moderation_appeal": ("moderation", _l("Your appeal was reviewed: %(title)s")),
}


# Verbs that name who did it, when that person is still known (actors_of below): read
# live, so a renamed or erased account reads as it is now, never as a snapshot.
NAMED_VERBS = {
    "help_offered": _l("%(name)s offered help on %(title)s"),
}
_actor_finders: dict[str, Callable[[list[int]], dict[int, str]]] = {}


def actor_finder(about_type: str):
    """Register `find(ids) -> {id: name}`: who did what notifications about this type of
    object tell (the domain that owns the object knows; this one does not import it)."""
    def register(find):
        _actor_finders[about_type] = find
        return find
    return register


def actors_of(notes) -> dict[int, str]:
    """{notification id: the name of who did it}, for the notes whose verb names them: one
    statement per type of object, in the city in scope."""
    wanted: dict[str, dict[int, list[int]]] = {}
    for note in notes:
        if note.verb in NAMED_VERBS and note.about_type in _actor_finders and note.about_id:
            wanted.setdefault(note.about_type, {}).setdefault(note.about_id, []).append(note.id)
    names = {}
    for about_type, by_object in wanted.items():
        for object_id, name in _actor_finders[about_type](list(by_object)).items():
            for note_id in by_object.get(object_id, []):
                names[note_id] = name
    return names


def sentence(verb: str, title: str, actor: str | None = None) -> str:
    """What a notification says, in the current language; with who did it where the verb
    names them. An unknown verb (a kind retired since) still reads as its title."""
    if actor and verb in NAMED_VERBS:
        return str(NAMED_VERBS[verb]) % {"name": actor, "title": title}
    found = VERBS.get(verb)
    return str(found[1]) % {"title": title} if found else title


def gathered(verb: str, title: str, count: int, actor: str | None = None) -> str:
    """One line of a digest for `count` notifications with the same verb, title, link
    and person: "3 new comments on ...", never the same sentence three times."""
    if count == 1:
        return sentence(verb, title, actor)
    if verb == "comment":
        return ngettext("%(num)d new comment on %(title)s",
                        "%(num)d new comments on %(title)s", count, title=title)
    if verb == "reply":
        return ngettext("%(num)d new reply to your comment on %(title)s",
                        "%(num)d new replies to your comment on %(title)s", count, title=title)
    if verb == "help_offered":
        return ngettext("%(num)d offer of help on %(title)s",
                        "%(num)d offers of help on %(title)s", count, title=title)
    if verb == "message":
        return ngettext("%(title)s sent you %(num)d message",
                        "%(title)s sent you %(num)d messages", count, title=title)
    return sentence(verb, title)  # the same news twice is said once
