"""The rules of a city's legal pages, written once (see projects/schemas.py)."""

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import PageSchema

LEGAL_TEXT_LIMIT = 20000


class LegalTextSchema(PageSchema):
    # Empty: back to the text generated from the city's settings.
    body = fields.String(load_default="", validate=validate.Length(
        max=LEGAL_TEXT_LIMIT, error=_l("Say it in %(count)d characters at most.",
                                       count=LEGAL_TEXT_LIMIT)))
