"""What becomes of each table's rows when a person leaves a city or deletes their account:
one declarative entry per (table, column) that names a membership or an account. A new
table (conversations, consents...) adds its line here; tests/accounts/test_erasure.py fails
while any foreign key to `memberships` or `accounts` is missing from these maps.

Rules:
- Delete(): the rows go.
- Former(unique_with): the column points at the city's former-member placeholder from now
  on (the content stays, anonymised); rows that would duplicate one of the placeholder's
  (same `unique_with` values) go instead.
- Forget(): the column is emptied (who did it is forgotten, the row stays).
- Choice(kind, where): the person picks per kind: "remove" deletes the rows, "keep"
  treats them as Former. `where(table)` narrows the rows a kind covers.
- Anonymise(values): other columns of the same rows take these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, select

# The choices a person makes, with the one taken when they do not say (retention).
CONTENT_KINDS = ("publications", "organisation_publications", "events")
DEFAULT_CHOICE = "keep"


@dataclass(frozen=True)
class Delete:
    pass


@dataclass(frozen=True)
class Former:
    unique_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Forget:
    pass


@dataclass(frozen=True)
class Choice:
    kind: str
    where: object = None  # callable(table) -> SQL condition, or None for every row
    unique_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Anonymise:
    values: dict = field(default_factory=dict)


def _held_by_an_organisation(table):
    from upcampus.projects.models import Holder

    return exists(select(Holder.id).where(Holder.publication_id == table.c.id,
                                          Holder.organisation_id.is_not(None)))


def held_with_another_person(table):
    from upcampus.projects.models import Holder

    return exists(select(Holder.id).where(Holder.publication_id == table.c.id,
                                          Holder.membership_id.is_not(None),
                                          Holder.membership_id != table.c.author_id))


def _held_by_the_person_only(table):
    return ~_held_by_an_organisation(table) & ~held_with_another_person(table)


# Rows naming a membership that ends (leaving one city, or every city on deletion). Applied
# in this order; `memberships` itself goes last, in erasure.py.
BY_MEMBERSHIP: dict[tuple[str, str], object] = {
    # One a co-holder still carries is theirs too: kept, whatever the choice.
    ("publications", "author_id"): (
        Choice("organisation_publications", _held_by_an_organisation),
        Choice("publications", _held_by_the_person_only), Former()),
    ("publication_holders", "membership_id"): Former(unique_with=("publication_id",)),
    ("comments", "membership_id"): Former(),
    ("project_updates", "membership_id"): Former(),
    ("events", "author_id"): Choice("events"),
    ("help_offers", "membership_id"): Delete(),
    ("supports", "membership_id"): Delete(),
    ("follows", "membership_id"): Delete(),
    ("event_registrations", "membership_id"): Delete(),
    ("membership_skills", "membership_id"): Delete(),
    ("membership_themes", "membership_id"): Delete(),
    ("notifications", "membership_id"): Delete(),
    ("notification_preferences", "membership_id"): Delete(),
    ("notification_digests", "membership_id"): Delete(),
    ("organisation_members", "membership_id"): Delete(),
    ("organisation_join_requests", "membership_id"): Delete(),
    ("match_invitations", "membership_id"): Delete(),
    ("match_invitations", "invited_by_id"): Forget(),
    ("match_notices", "membership_id"): Delete(),
    ("match_terms", "membership_id"): Delete(),
    ("moderation_reports", "reporter_id"): Delete(),
    ("moderation_cases", "author_id"): Forget(),
    ("moderation_cases", "decided_by_id"): Forget(),
    ("moderation_actions", "actor_id"): Forget(),
    ("accompaniments", "requested_by_id"): Forget(),
    ("accompaniment_milestones", "author_id"): Forget(),
    ("facilitation_events", "actor_id"): Forget(),
    ("facilitation_notes", "author_id"): Forget(),
    ("facilitation_tracks", "referent_id"): Forget(),
    # Private messages stay with the other side, their writer forgotten ("A former member").
    ("conversations", "member_id"): Forget(),
    ("conversations", "other_id"): Forget(),
    ("messages", "author_id"): Forget(),
    ("member_blocks", "blocker_id"): Delete(),
    ("member_blocks", "blocked_id"): Delete(),
}

# Rows naming the account itself, on deletion (memberships are ended first).
BY_ACCOUNT: dict[tuple[str, str], object] = {
    ("memberships", "account_id"): Delete(),
    ("auth_sessions", "account_id"): Delete(),
    ("handoff_tickets", "account_id"): Delete(),
    ("api_tokens", "account_id"): Delete(),
    ("consents", "account_id"): Delete(),
    ("data_exports", "account_id"): Delete(),
    ("replications", "account_id"): Forget(),
    ("console_audit", "actor_id"): (Anonymise({"actor_email": ""}), Forget()),
}

# Free text other people's rows may quote the person in (a notification's title, an
# email's body, a moderation snapshot): their name and address are replaced there.
QUOTING: dict[str, tuple[str, ...]] = {
    "emails": ("subject", "body_text", "body_html"),
    "conversations": ("subject",),
    "notifications": ("title",),
    "moderation_cases": ("snapshot",),
    "console_audit": ("actor_email", "subject", "before", "after"),
}


def rules(entry) -> tuple:
    return entry if isinstance(entry, tuple) else (entry,)
