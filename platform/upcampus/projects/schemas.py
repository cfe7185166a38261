"""The rules of publications, needs and the conversation, written once: fields, limits
and messages. Operations load their payload through these schemas (whoever calls them: a
page, the API, a job); page forms take their limits and messages from them
(`core.rules.length_of`), so the page and the API refuse the same input in the same words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import IDS, PageSchema
from upcampus.projects.models import KINDS, NEED_STATES, STAGES

TITLE = validate.Length(3, 160, error=_l("Give a title of 3 to 160 characters."))
DESCRIPTION = validate.Length(max=20000, error=_l(
    "The description is too long (20,000 characters at most)."))
NEIGHBOURHOOD = validate.Length(max=80, error=_l("Say it in %(count)d characters at most.",
                                                 count=80))
ADDRESS = validate.Length(max=200, error=_l("Say it in %(count)d characters at most.",
                                            count=200))
NEED_TEXT = validate.Length(max=1000, error=_l("Say it in 1,000 characters at most."))
MESSAGE_TEXT = validate.Length(max=2000, error=_l("Say it in %(count)d characters at most.",
                                                  count=2000))
TEXT = [validate.Length(min=1, error=_l("Write something first.")),
        validate.Length(max=5000, error=_l("Say it in %(count)d characters at most.",
                                           count=5000))]

ALT = validate.Length(max=200, error=_l("Say it in %(count)d characters at most.", count=200))


class PublicationSchema(PageSchema):
    kind = fields.String(required=True, validate=validate.OneOf(
        KINDS, error=_l("Choose a kind from the list.")))
    title = fields.String(required=True, validate=TITLE)
    description = fields.String(load_default="", validate=DESCRIPTION)
    theme_ids = IDS
    neighbourhood = fields.String(load_default="", validate=NEIGHBOURHOOD)
    address = fields.String(load_default="", validate=ADDRESS)
    stage = fields.String(required=True, validate=validate.OneOf(
        STAGES, error=_l("Choose a stage from the list.")))
    organisation_ids = IDS


class NeedSchema(PageSchema):
    kind = fields.String(required=True, validate=validate.OneOf(
        ("skill", "resource"), error=_l("Choose a skill or a resource.")))
    # Which skill or resource: one of the taxonomy's or of RESOURCES, checked by the
    # operation against what this city sees.
    skill_id = fields.Raw(load_default=None, allow_none=True)
    resource = fields.Raw(load_default=None, allow_none=True)
    text = fields.String(load_default="", validate=NEED_TEXT)


class NeedStateSchema(PageSchema):
    state = fields.String(required=True, validate=validate.OneOf(
        NEED_STATES, error=_l("Choose a state from the list.")))


class OfferSchema(PageSchema):
    message = fields.String(load_default="", validate=MESSAGE_TEXT)
    organisation_id = fields.Integer(load_default=None, allow_none=True, strict=False)


class CommentSchema(PageSchema):
    body = fields.String(required=True, validate=TEXT)
    parent_id = fields.Integer(load_default=None, allow_none=True, strict=False)


class UpdateSchema(PageSchema):
    body = fields.String(required=True, validate=TEXT)


class ImageSchema(PageSchema):
    alt = fields.String(load_default="", validate=ALT)


class CoHolderSchema(PageSchema):
    email = fields.String(required=True, validate=validate.Length(max=320, error=_l(
        "Say it in %(count)d characters at most.", count=320)))
