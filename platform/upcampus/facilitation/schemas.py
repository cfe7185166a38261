"""The rules of facilitation, written once: fields, limits and messages. Operations load
their payload through these schemas; page forms take their limits from them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import PageSchema
from upcampus.core.web import MAX_ID
from upcampus.facilitation.models import ALL_STEPS, SUPPORT_KINDS


def _at_most(count: int):
    return validate.Length(max=count, error=_l("Say it in %(count)d characters at most.",
                                               count=count))


STEP = validate.OneOf(ALL_STEPS, error=_l("Choose a step from the list."))
REASON = _at_most(2000)


class MoveSchema(PageSchema):
    """A move of the city's track: where to, from where the mover saw it, and why."""

    step = fields.String(required=True, validate=STEP)
    expected = fields.String(load_default="", validate=validate.OneOf(
        ("", *ALL_STEPS), error=_l("Choose a step from the list.")))
    reason = fields.String(load_default="", validate=REASON)
    interest = fields.String(load_default="", validate=REASON)
    local_need = fields.String(load_default="", validate=_at_most(1000))
    referent_id = fields.Integer(load_default=None, allow_none=True, strict=False)


class NoteSchema(PageSchema):
    body = fields.String(required=True, validate=[
        validate.Length(min=1, error=_l("Write something first.")), _at_most(5000)])


class PartnerSchema(PageSchema):
    organisation_id = fields.Integer(required=True, strict=False, validate=validate.Range(
        1, MAX_ID, error=_l("Choose an organisation from the list.")), error_messages={
        "required": _l("Choose an organisation from the list."),
        "invalid": _l("Choose an organisation from the list.")})
    brings = fields.List(fields.String(validate=validate.OneOf(
        SUPPORT_KINDS, error=_l("Choose what it brings from the list."))), load_default=list)
    contact_name = fields.String(load_default="", validate=_at_most(120))
    contact_email = fields.String(load_default="", validate=[
        _at_most(320), validate.Regexp(r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                       error=_l("Enter a valid email address."))])
    contact_phone = fields.String(load_default="", validate=_at_most(40))


class RequestSchema(PageSchema):
    partner_id = fields.Integer(required=True, strict=False, validate=validate.Range(
        1, MAX_ID, error=_l("Choose a partner from the list.")), error_messages={
        "required": _l("Choose a partner from the list."),
        "invalid": _l("Choose a partner from the list.")})
    kind = fields.String(required=True, validate=validate.OneOf(
        SUPPORT_KINDS, error=_l("Choose a kind of support from the list.")))
    brief = fields.String(required=True, validate=[
        validate.Length(min=1, error=_l("Say in a few words what you ask.")),
        _at_most(2000)])


class AnswerSchema(PageSchema):
    answer = fields.String(load_default="", validate=_at_most(1000))


class MilestoneSchema(PageSchema):
    happened_on = fields.Date(required=True, error_messages={
        "required": _l("Give the date."), "invalid": _l("Give a date like 2026-11-30.")})
    text = fields.String(required=True, validate=[
        validate.Length(min=1, error=_l("Say what happened.")), _at_most(1000)])


class CloseSchema(PageSchema):
    status = fields.String(required=True, validate=validate.OneOf(
        ("done", "stopped"), error=_l("Choose done or stopped.")))
    outcome = fields.String(load_default="", validate=_at_most(2000))
