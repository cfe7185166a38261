"""The kinds of notification a member chooses a cadence for, and the verbs each one
covers: one sentence per verb, translated when shown (in the reader's language), around
the snapshot of the title of what it is about."""

from __future__ import annotations

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


def sentence(verb: str, title: str) -> str:
    """What a notification says, in the current language; an unknown verb (a kind
    retired since) still reads as its title."""
    found = VERBS.get(verb)
    return str(found[1]) % {"title": title} if found else title


def gathered(verb: str, title: str, count: int) -> str:
    """One line of a digest for `count` notifications with the same verb, title and link:
    "3 new comments on ...", never the same sentence three times."""
    if count == 1:
        return sentence(verb, title)
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
