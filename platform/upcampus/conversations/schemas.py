"""The one rule of a message, written once: plain text, 1 to 5,000 characters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import PageSchema

BODY_MAX = 5000


class MessageSchema(PageSchema):
    body = fields.String(required=True, validate=[
        validate.Length(min=1, error=_l("Write something first.")),
        validate.Length(max=BODY_MAX, error=_l("Say it in %(count)d characters at most.",
                                               count=BODY_MAX))],
        error_messages={"required": _l("Write something first.")})
