"""What matching accepts: an invitation, an answer to one, and the file `upcampus matching
evaluate` reads (docs/matching.md). Every field, limit and message once."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, fields, validate

from upcampus.core.schemas import PageSchema
from upcampus.organisations.models import ORGANISATION_KINDS
from upcampus.projects.models import RESOURCES

MESSAGE = validate.Length(max=2000, error=_l("Say it in %(count)d characters at most.",
                                             count=2000))


class InviteSchema(PageSchema):
    kind = fields.String(required=True, validate=validate.OneOf(
        ("member", "organisation"), error=_l("Choose someone from the suggestions.")))
    target_id = fields.Integer(required=True, strict=False, validate=validate.Range(
        min=1, max=2**31 - 1, error=_l("Choose someone from the suggestions.")))


class AnswerSchema(PageSchema):
    message = fields.String(load_default="", validate=MESSAGE)


# --- the evaluation file --------------------------------------------------------------

KEY = fields.String(required=True, validate=validate.Length(1, 80))
SHORT = validate.Length(max=5000)
CODES = fields.List(fields.String(validate=validate.Length(1, 80)), load_default=list)


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class EvalMember(_Strict):
    key = KEY
    bio = fields.String(load_default="", validate=SHORT)
    offers = fields.String(load_default="", validate=SHORT)
    skills = CODES
    interests = CODES
    neighbourhood = fields.String(load_default="", validate=validate.Length(max=80))


class EvalOrganisation(_Strict):
    key = KEY
    kind = fields.String(required=True, validate=validate.OneOf(ORGANISATION_KINDS))
    description = fields.String(load_default="", validate=SHORT)
    offers = fields.Raw(load_default="")  # words, or a list of offer kinds
    skills = CODES
    neighbourhood = fields.String(load_default="", validate=validate.Length(max=80))


class EvalProject(_Strict):
    title = fields.String(required=True, validate=validate.Length(1, 160))
    description = fields.String(load_default="", validate=SHORT)
    themes = CODES
    neighbourhood = fields.String(load_default="", validate=validate.Length(max=80))


class EvalNeed(_Strict):
    key = KEY
    project = fields.Nested(EvalProject, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(("skill", "resource")))
    skill = fields.String(load_default=None, allow_none=True)
    resource = fields.String(load_default=None, allow_none=True,
                             validate=validate.OneOf(RESOURCES))
    text = fields.String(load_default="", validate=validate.Length(max=1000))


class EvaluationFile(_Strict):
    members = fields.List(fields.Nested(EvalMember), load_default=list)
    organisations = fields.List(fields.Nested(EvalOrganisation), load_default=list)
    needs = fields.List(fields.Nested(EvalNeed), required=True)
    expected = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                           required=True)
