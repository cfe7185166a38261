"""The rules of an organisation, written once (see projects/schemas.py): its operations
load through this schema, its page form takes limits and messages from it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import IDS, PageSchema
from upcampus.organisations.models import OFFER_KINDS, ORGANISATION_KINDS

WEBSITE = _l("Enter a full address, starting with https://")


def _web_address(value: str) -> None:
    if value:
        validate.URL(schemes={"http", "https"}, error=WEBSITE)(value)


class OrganisationSchema(PageSchema):
    name = fields.String(required=True, validate=validate.Length(2, 120, error=_l(
        "Give a name of 2 to 120 characters.")))
    kind = fields.String(required=True, validate=validate.OneOf(
        ORGANISATION_KINDS, error=_l("Choose a type from the list.")))
    description = fields.String(load_default="", validate=validate.Length(max=5000, error=_l(
        "Say it in %(count)d characters at most.", count=5000)))
    website = fields.String(load_default="", validate=[
        validate.Length(max=300, error=_l("Say it in %(count)d characters at most.",
                                          count=300)), _web_address])
    neighbourhood = fields.String(load_default="")
    offers = fields.List(fields.String(validate=validate.OneOf(
        OFFER_KINDS, error=_l("Choose entries from the list."))), load_default=list)
    offer_details = fields.String(load_default="", validate=validate.Length(max=2000, error=_l(
        "Say it in %(count)d characters at most.", count=2000)))
    skill_ids = IDS
    theme_ids = IDS


class JoinRequestSchema(PageSchema):
    message = fields.String(load_default="", validate=validate.Length(max=1000, error=_l(
        "Say it in %(count)d characters at most.", count=1000)))
