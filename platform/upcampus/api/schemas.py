"""What the API answers and accepts, declared once: the views dump with these schemas and
the OpenAPI document is generated from them (spec.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import RAISE, Schema, fields, validate

from upcampus.accounts.models import VISIBILITIES
from upcampus.api.models import SCOPES
from upcampus.events.models import KINDS as EVENT_KINDS
from upcampus.events.models import REGISTRATION_STATES
from upcampus.events.models import STATUSES as EVENT_STATUSES
from upcampus.facilitation.models import ACCOMPANIMENT_STATES, ACTIONS, ALL_STEPS, SUPPORT_KINDS
from upcampus.facilitation.schemas import MoveSchema
from upcampus.organisations.schemas import OrganisationSchema as OrganisationRules
from upcampus.projects.models import KINDS, NEED_STATES, RESOURCES, STAGES
from upcampus.projects.schemas import NeedSchema as NeedRules
from upcampus.projects.schemas import OfferSchema as OfferRules
from upcampus.projects.schemas import PublicationSchema

OFFER_STATES = ("pending", "accepted", "declined")


class UtcDateTime(fields.DateTime):
    """RFC 3339 with its offset: SQLite gives back naive times, which are UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class Out(Schema):
    class Meta:
        ordered = True


class ThemeSchema(Out):
    code = fields.String(required=True)
    label = fields.String(required=True)


class SkillSchema(Out):
    code = fields.String(required=True)
    label = fields.String(required=True)
    family = fields.String(allow_none=True)


class TaxonomySchema(Out):
    themes = fields.List(fields.Nested(ThemeSchema), required=True)
    skills = fields.List(fields.Nested(SkillSchema), required=True)


class HolderSchema(Out):
    kind = fields.String(required=True, metadata={"enum": ["member", "organisation"]})
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class NeedSchema(Out):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": ["skill", "resource"]})
    skill = fields.String(allow_none=True)
    skill_code = fields.String(allow_none=True)
    resource = fields.String(allow_none=True)
    text = fields.String(required=True)
    state = fields.String(required=True, metadata={"enum": list(NEED_STATES)})


class ProjectSchema(Out):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": list(KINDS)})
    title = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["draft", "published"]})
    stage = fields.String(required=True, metadata={"enum": list(STAGES)})
    neighbourhood = fields.String(required=True)
    themes = fields.List(fields.String(), required=True)
    supports_count = fields.Integer(required=True)
    open_needs_count = fields.Integer(required=True)
    published_at = UtcDateTime(allow_none=True)
    url = fields.String(required=True)


class ProjectDetailSchema(ProjectSchema):
    description = fields.String(required=True)
    holders = fields.List(fields.Nested(HolderSchema), required=True)
    needs = fields.List(fields.Nested(NeedSchema), required=True)


class OrganisationSchema(Out):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    neighbourhood = fields.String(required=True)
    website = fields.String(required=True)
    url = fields.String(required=True)


class OrganisationDetailSchema(OrganisationSchema):
    description = fields.String(required=True)
    offers = fields.List(fields.String(), required=True)
    themes = fields.List(fields.String(), required=True)
    skills = fields.List(fields.String(), required=True)
    skill_codes = fields.List(fields.String(), required=True)


class MemberSchema(Out):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    neighbourhood = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    themes = fields.List(fields.String(), required=True)
    url = fields.String(required=True)


class MeSchema(Out):
    account_id = fields.Integer(required=True)
    name = fields.String(required=True)
    membership_id = fields.Integer(allow_none=True)
    role = fields.String(allow_none=True)
    visibility = fields.String(allow_none=True, metadata={"enum": [*VISIBILITIES, None]})
    token_scope = fields.String(allow_none=True, metadata={"enum": [*SCOPES, None]})


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of a list: its items and the cursor of the next page (null at the end)."""
    return type(name, (Out,), {"items": fields.List(fields.Nested(item), required=True),
                               "next_cursor": fields.String(allow_none=True, required=True)})


class RefSchema(Out):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class HelpOfferSchema(Out):
    """A help offer, as its author and the project's holders see it."""

    id = fields.Integer(required=True)
    need_id = fields.Integer(required=True)
    project_id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": list(OFFER_STATES)})
    message = fields.String(required=True)
    member = fields.Nested(RefSchema, required=True)
    organisation = fields.Nested(RefSchema, allow_none=True, required=True)
    created_at = UtcDateTime(required=True)


ProjectPage = page_of(ProjectSchema, "ProjectPage")
NeedPage = page_of(NeedSchema, "NeedPage")
HelpOfferPage = page_of(HelpOfferSchema, "HelpOfferPage")
OrganisationPage = page_of(OrganisationSchema, "OrganisationPage")
MemberPage = page_of(MemberSchema, "MemberPage")


class CommentIn(Schema):
    """A comment's limits are the operation's (projects.conversation): not repeated here."""

    class Meta:
        unknown = RAISE

    body = fields.String(required=True)
    parent_id = fields.Integer(strict=True, allow_none=True, load_default=None)


# What the writes accept: the domain's own schema (its fields, limits and messages, the
# ones the pages use), strict about unknown fields, with themes and skills named by
# their codes as /taxonomy gives them.
CODES = fields.List(fields.String(), load_default=list)


class ProjectIn(PublicationSchema):
    class Meta:
        unknown = RAISE
        exclude = ("theme_ids",)

    themes = CODES
    status = fields.String(load_default="draft", validate=validate.OneOf(
        ("draft", "published")))


class NeedIn(NeedRules):
    class Meta:
        unknown = RAISE
        exclude = ("skill_id",)

    skill_code = fields.String(load_default=None)
    resource = fields.String(load_default=None, metadata={"enum": list(RESOURCES)})


class OfferIn(OfferRules):
    class Meta:
        unknown = RAISE

    organisation_id = fields.Integer(strict=True, load_default=None, allow_none=True)


class OrganisationIn(OrganisationRules):
    class Meta:
        unknown = RAISE
        exclude = ("skill_ids", "theme_ids")

    themes = CODES
    skills = CODES


class CommentSchema(Out):
    id = fields.Integer(required=True)
    project_id = fields.Integer(required=True)
    parent_id = fields.Integer(allow_none=True)
    body = fields.String(required=True)
    author = fields.String(required=True)
    created_at = UtcDateTime(required=True)


class ProblemSchema(Out):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.String())


# --- events --------------------------------------------------------------------------

class EventSchema(Out):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": list(EVENT_KINDS)})
    status = fields.String(required=True, metadata={"enum": list(EVENT_STATUSES)})
    starts_at = UtcDateTime(required=True)
    ends_at = UtcDateTime(required=True)
    place_name = fields.String(required=True)
    address = fields.String(required=True)
    online_url = fields.String(required=True)
    capacity = fields.Integer(allow_none=True, required=True)
    seats_left = fields.Integer(allow_none=True, required=True)
    themes = fields.List(fields.String(), required=True)
    organisers = fields.List(fields.Nested(RefSchema), required=True)
    url = fields.String(required=True)


class EventDetailSchema(EventSchema):
    description = fields.String(required=True)
    accessibility = fields.String(required=True)
    registration_opens_at = UtcDateTime(allow_none=True, required=True)
    registration_closes_at = UtcDateTime(allow_none=True, required=True)
    waiting = fields.Integer(required=True)
    closed = fields.String(allow_none=True, required=True)  # why nobody may register now
    my_registration = fields.String(allow_none=True, required=True,
                                    metadata={"enum": [*REGISTRATION_STATES, None]})


class RegistrationSchema(Out):
    id = fields.Integer(required=True)
    event_id = fields.Integer(required=True)
    event_title = fields.String(required=True)
    starts_at = UtcDateTime(required=True)
    state = fields.String(required=True, metadata={"enum": list(REGISTRATION_STATES)})
    created_at = UtcDateTime(required=True)


EventPage = page_of(EventSchema, "EventPage")
RegistrationPage = page_of(RegistrationSchema, "RegistrationPage")


# --- facilitation (the city's team) --------------------------------------------------

class TrackCardSchema(Out):
    """A card of the board: a project, where the city's track is, since when, who leads."""

    project_id = fields.Integer(required=True)
    title = fields.String(required=True)
    step = fields.String(required=True, metadata={"enum": list(ALL_STEPS)})
    step_since = UtcDateTime(required=True)
    days_in_step = fields.Integer(required=True)
    referent = fields.Nested(RefSchema, allow_none=True, required=True)
    neighbourhood = fields.String(required=True)
    themes = fields.List(fields.String(), required=True)
    open_needs_count = fields.Integer(required=True)


class TrackSchema(Out):
    step = fields.String(required=True, metadata={"enum": list(ALL_STEPS)})
    step_since = UtcDateTime(required=True)
    days_in_step = fields.Integer(required=True)
    referent = fields.Nested(RefSchema, allow_none=True, required=True)
    interest = fields.String(required=True)
    local_need = fields.String(required=True)
    aside_reason = fields.String(required=True)
    spotted_at = UtcDateTime(required=True)
    realised_at = UtcDateTime(allow_none=True, required=True)
    city_shows = fields.Boolean(required=True)
    holder_shows = fields.Boolean(required=True)


class HistorySchema(Out):
    """A line of the audit trail: a note's line says one was written, never what."""

    id = fields.Integer(required=True)
    action = fields.String(required=True, metadata={"enum": list(ACTIONS)})
    before = fields.String(required=True)
    after = fields.String(required=True)
    reason = fields.String(required=True)
    actor = fields.String(allow_none=True, required=True)
    created_at = UtcDateTime(required=True)


class MilestoneSchema(Out):
    happened_on = fields.Date(required=True)
    text = fields.String(required=True)


class AccompanimentSchema(Out):
    id = fields.Integer(required=True)
    partner = fields.Nested(RefSchema, required=True)
    kind = fields.String(required=True, metadata={"enum": list(SUPPORT_KINDS)})
    status = fields.String(required=True, metadata={"enum": list(ACCOMPANIMENT_STATES)})
    brief = fields.String(required=True)
    answer = fields.String(required=True)
    outcome = fields.String(required=True)
    started_on = fields.Date(allow_none=True, required=True)
    ended_on = fields.Date(allow_none=True, required=True)
    milestones = fields.List(fields.Nested(MilestoneSchema), required=True)


class FacilitationDetailSchema(Out):
    """A project as the city's team follows it: never its private notes."""

    project = fields.Nested(ProjectSchema, required=True)
    track = fields.Nested(TrackSchema, allow_none=True, required=True)
    history = fields.List(fields.Nested(HistorySchema), required=True)
    accompaniments = fields.List(fields.Nested(AccompanimentSchema), required=True)


FacilitationPage = page_of(TrackCardSchema, "FacilitationPage")


class MoveIn(MoveSchema):
    """The page's move (facilitation/schemas.py), strict about unknown fields."""

    class Meta:
        unknown = RAISE


# --- matching ------------------------------------------------------------------------

class SuggestionSchema(Out):
    kind = fields.String(required=True, metadata={"enum": ["member", "organisation"]})
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    reasons = fields.List(fields.String(), required=True)
    url = fields.String(required=True)


class NeedForMeSchema(Out):
    need = fields.Nested(NeedSchema, required=True)
    project_id = fields.Integer(required=True)
    project_title = fields.String(required=True)
    reasons = fields.List(fields.String(), required=True)
    url = fields.String(required=True)


def list_of(item: type[Schema], name: str) -> type[Schema]:
    """A short list, best first: no pages."""
    return type(name, (Out,), {"items": fields.List(fields.Nested(item), required=True)})


SuggestionList = list_of(SuggestionSchema, "SuggestionList")
NeedForMeList = list_of(NeedForMeSchema, "NeedForMeList")
