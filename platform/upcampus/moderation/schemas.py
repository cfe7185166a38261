"""The rules of reports, decisions, appeals and a city's moderation settings, written once
(fields, limits, messages); operations load through them, page forms take their limits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import PageSchema
from upcampus.moderation.models import ACTIONS, REASONS

NOTE = validate.Length(max=1000, error=_l("Say it in %(count)d characters at most.",
                                          count=1000))


class ReportSchema(PageSchema):
    reason = fields.String(required=True, validate=validate.OneOf(
        REASONS, error=_l("Choose a reason from the list.")),
        error_messages={"required": _l("Choose a reason from the list.")})
    note = fields.String(load_default="", validate=NOTE)


class DecisionSchema(PageSchema):
    action = fields.String(required=True, validate=validate.OneOf(
        ACTIONS, error=_l("Choose a decision from the list.")),
        error_messages={"required": _l("Choose a decision from the list.")})
    reason = fields.String(load_default="", validate=NOTE)
    # A block: for this many days, or 0 for good.
    days = fields.Integer(load_default=0, strict=False, validate=validate.Range(
        0, 3650, error=_l("Give a number of days from 0 (for good) to 3,650.")),
        error_messages={"invalid": _l("Give a number of days from 0 (for good) to 3,650.")})


class AppealSchema(PageSchema):
    note = fields.String(required=True, validate=[
        validate.Length(min=1, error=_l("Say why you contest this decision.")), NOTE],
        error_messages={"required": _l("Say why you contest this decision.")})


class SettingsSchema(PageSchema):
    hide_after = fields.Integer(required=True, strict=False, validate=validate.Range(
        1, 100, error=_l("Give a number from 1 to 100.")),
        error_messages={"invalid": _l("Give a number from 1 to 100."),
                        "required": _l("Give a number from 1 to 100.")})
    watch_words = fields.String(load_default="", validate=validate.Length(
        max=4000, error=_l("Say it in %(count)d characters at most.", count=4000)))
