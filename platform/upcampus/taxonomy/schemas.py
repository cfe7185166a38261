"""The rules of a city's own themes and skills, written once (see projects/schemas.py):
the operation loads through this schema, the page form takes limits and messages from
it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import PageSchema

KINDS = ("theme", "skill")


class LocalEntrySchema(PageSchema):
    kind = fields.String(load_default="theme", validate=validate.OneOf(
        KINDS, error=_l("Choose a theme or a skill.")))
    label_fr = fields.String(required=True, validate=validate.Length(2, 120, error=_l(
        "Give a label of 2 to 120 characters.")))
    label_en = fields.String(load_default="", validate=validate.Length(max=120, error=_l(
        "Say it in %(count)d characters at most.", count=120)))
