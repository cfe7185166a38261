"""The rules of a city's settings as its admins change them on the web, written once
(see projects/schemas.py): branding, key words, neighbourhoods. The manifest schema
(tenancy/manifest.py) takes the same colour, font and neighbourhood rules from here."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import PageSchema

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
COLOUR_MESSAGE = _l("Not a colour like #1d4f91.")
FONTS = ("system", "humanist", "serif")
WORD_LENGTH = 80
MAX_NEIGHBOURHOODS = 100


def colour() -> validate.Regexp:
    return validate.Regexp(COLOUR, error=COLOUR_MESSAGE)


def neighbourhood_name() -> list[validate.Length]:
    return [validate.Length(min=1, error=_l("A neighbourhood needs a name.")),
            validate.Length(max=WORD_LENGTH, error=_l("Keep each name under 80 characters."))]


def neighbourhood_count() -> validate.Length:
    return validate.Length(max=MAX_NEIGHBOURHOODS, error=_l(
        "Name %(count)d neighbourhoods at most.", count=MAX_NEIGHBOURHOODS))


class BrandingSchema(PageSchema):
    primary = fields.String(required=True, validate=colour())
    secondary = fields.String(required=True, validate=colour())
    font = fields.String(load_default="system", validate=validate.OneOf(
        FONTS, error=_l("Choose a font from the list.")))


class TermsSchema(PageSchema):
    """locale -> {key term -> the city's word}; a blank word is the default one."""

    terms = fields.Dict(keys=fields.String(), values=fields.Dict(
        keys=fields.String(), values=fields.String(validate=validate.Length(
            max=WORD_LENGTH, error=_l("Keep each word under 80 characters."))),
    ), load_default=dict)


class NeighbourhoodsSchema(PageSchema):
    names = fields.List(fields.String(validate=neighbourhood_name()),
                        load_default=list, validate=neighbourhood_count())
