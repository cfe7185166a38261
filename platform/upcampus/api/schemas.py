"""What the API answers and accepts, declared once: the views dump with these schemas and
the OpenAPI document is generated from them (spec.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import RAISE, Schema, fields, validate

from upcampus.accounts.models import VISIBILITIES
from upcampus.api.models import SCOPES
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
