"""The rules of events and registrations, written once: fields, limits and messages.
Operations load their payload through these schemas; page forms take their limits from
them (`core.rules.length_of`). Times are read as the city's local wall-clock time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import IDS, PageSchema
from upcampus.events.models import KINDS

TITLE = validate.Length(3, 160, error=_l("Give a title of 3 to 160 characters."))
DESCRIPTION = validate.Length(max=20000, error=_l(
    "The description is too long (20,000 characters at most)."))


def _at_most(count: int):
    return validate.Length(max=count, error=_l("Say it in %(count)d characters at most.",
                                               count=count))


def _moment(required: bool):
    """A local date and time as a browser's datetime-local field sends it."""
    messages = {"invalid": _l("Give a date and a time, such as 2026-12-05 18:30."),
                "required": _l("Give a date and a time, such as 2026-12-05 18:30.")}
    if required:
        return fields.NaiveDateTime(required=True, error_messages=messages)
    return fields.NaiveDateTime(load_default=None, allow_none=True, error_messages=messages)


class EventSchema(PageSchema):
    title = fields.String(required=True, validate=TITLE)
    kind = fields.String(required=True, validate=validate.OneOf(
        KINDS, error=_l("Choose a kind from the list.")))
    description = fields.String(load_default="", validate=DESCRIPTION)
    starts_at = _moment(required=True)
    ends_at = _moment(required=True)
    place_name = fields.String(load_default="", validate=_at_most(160))
    address = fields.String(load_default="", validate=_at_most(200))
    online_url = fields.String(load_default="", validate=[
        _at_most(300),
        validate.Regexp(r"^(https?://\S+)?$", error=_l(
            "Give a web address starting with https:// or http://."))])
    accessibility = fields.String(load_default="", validate=_at_most(2000))
    capacity = fields.Integer(load_default=None, allow_none=True, strict=False,
                              validate=validate.Range(1, 100_000, error=_l(
                                  "Give a number of seats between 1 and 100,000, or none.")),
                              error_messages={"invalid": _l(
                                  "Give a number of seats between 1 and 100,000, or none.")})
    registration_opens_at = _moment(required=False)
    registration_closes_at = _moment(required=False)
    theme_ids = IDS
    organisation_ids = IDS
    project_ids = IDS
    speaker_ids = IDS
    open_to_all = fields.Boolean(load_default=False)


class SpeakerSchema(PageSchema):
    name = fields.String(required=True, validate=validate.Length(2, 120, error=_l(
        "Give the speaker's name (2 to 120 characters).")), error_messages={
        "required": _l("Give the speaker's name (2 to 120 characters).")})
    bio_fr = fields.String(load_default="", validate=_at_most(600))
    bio_en = fields.String(load_default="", validate=_at_most(600))
    topics = fields.List(fields.String(), load_default=list)


class NationalEventSchema(PageSchema):
    title_fr = fields.String(required=True, validate=TITLE)
    title_en = fields.String(load_default="", validate=_at_most(160))
    description_fr = fields.String(load_default="", validate=DESCRIPTION)
    description_en = fields.String(load_default="", validate=DESCRIPTION)
    kind = EventSchema._declared_fields["kind"]
    starts_at = _moment(required=True)
    ends_at = _moment(required=True)
    place_name = EventSchema._declared_fields["place_name"]
    address = EventSchema._declared_fields["address"]
    online_url = EventSchema._declared_fields["online_url"]


class OutcomeSchema(PageSchema):
    attendance = fields.Integer(load_default=None, allow_none=True, strict=False,
                                validate=validate.Range(0, 100_000, error=_l(
                                    "Give a number of people between 0 and 100,000.")),
                                error_messages={"invalid": _l(
                                    "Give a number of people between 0 and 100,000.")})
    born_ids = IDS
    joined_ids = IDS
    met_ids = IDS


class GuestSchema(PageSchema):
    name = fields.String(required=True, validate=validate.Length(
        2, 120, error=_l("Give your name (2 to 120 characters).")))
    email = fields.String(required=True, validate=[
        _at_most(320), validate.Email(error=_l("Enter a valid email address."))],
        error_messages={"required": _l("Enter a valid email address.")})


class MessageSchema(PageSchema):
    subject = fields.String(required=True, validate=validate.Length(
        3, 200, error=_l("Give a subject of 3 to 200 characters.")))
    body = fields.String(required=True, validate=validate.Length(
        1, 5000, error=_l("Write a message of 5,000 characters at most.")))
