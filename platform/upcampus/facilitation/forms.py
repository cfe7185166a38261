"""Forms of facilitation; limits and messages come from schemas.py."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from upcampus.core.forms import BaseForm, MultiCheckboxField, choices
from upcampus.core.rules import length_of
from upcampus.facilitation.schemas import (
    AnswerSchema,
    CloseSchema,
    MilestoneSchema,
    MoveSchema,
    NoteSchema,
    PartnerSchema,
    RequestSchema,
)

STEP_LABELS = {"spotted": _l("Spotted"), "qualified": _l("Qualified"),
               "accompanied": _l("Accompanied"), "realised": _l("Realised"),
               "set_aside": _l("Set aside")}
SUPPORT_LABELS = {"advice": _l("Advice"), "funding": _l("Funding"),
                  "premises": _l("Premises"), "communication": _l("Communication"),
                  "network": _l("Network"), "training": _l("Training"),
                  "volunteers": _l("Volunteers"), "city_service": _l("A city service")}
ACCOMPANIMENT_LABELS = {"requested": _l("Asked, waiting for an answer"),
                        "declined": _l("Declined"), "active": _l("Under way"),
                        "done": _l("Done"), "stopped": _l("Stopped")}
EVENT_LABELS = {"step": _l("Step"), "referent": _l("Referent"),
                "accompaniment": _l("Accompaniment"), "note": _l("Private note"),
                "visibility": _l("Public timeline")}


# What the audit trail stores for an accompaniment: "<status>: <partner>[ (<kind>)]" or
# "milestone <date>: <partner>"; for the public timeline "city:true", "holders:false".
_STATUS_OF = re.compile(r"^(?P<status>[a-z_]+): (?P<partner>.*?)(?: \((?P<kind>[a-z_]+)\))?$")
_MILESTONE_OF = re.compile(r"^milestone (?P<date>[0-9-]{10}): (?P<partner>.*)$")


def event_value(value: str) -> str:
    """A before/after of the audit trail in the reader's words (names stay as they are)."""
    if value in STEP_LABELS:
        return str(STEP_LABELS[value])
    if value in ACCOMPANIMENT_LABELS:
        return str(ACCOMPANIMENT_LABELS[value])
    shown = {"city:true": _("The city shows them"), "city:false": _("The city hides them"),
             "holders:true": _("The holders show them"),
             "holders:false": _("The holders hide them"), "written": _("Written")}
    if value in shown:
        return shown[value]
    found = _MILESTONE_OF.match(value)
    if found:
        return _("Milestone of %(date)s: %(partner)s", date=found["date"],
                 partner=found["partner"])
    found = _STATUS_OF.match(value)
    if found and found["status"] in ACCOMPANIMENT_LABELS:
        text = _("%(status)s: %(partner)s", status=ACCOMPANIMENT_LABELS[found["status"]],
                 partner=found["partner"])
        kind = found["kind"]
        return f"{text} ({SUPPORT_LABELS[kind]})" if kind in SUPPORT_LABELS else text
    return value


class MoveForm(BaseForm):
    step = SelectField(_l("Move to"), choices=choices(STEP_LABELS.items()),
                       validate_choice=False)  # the rule's own message says it
    expected = HiddenField()
    reason = TextAreaField(
        _l("Why"), validators=[Optional(), length_of(MoveSchema, "reason")],
        description=_l("Needed to go back a step, and to set aside: the holders read it, "
                       "so say it kindly."))
    interest = TextAreaField(
        _l("Why it is of collective interest"),
        validators=[Optional(), length_of(MoveSchema, "interest")],
        description=_l("Needed to qualify the project."))
    local_need = TextAreaField(_l("The local need it answers"),
                               validators=[Optional(), length_of(MoveSchema, "local_need")])
    referent_id = SelectField(_l("Referent at city hall"), coerce=int, validate_choice=False,
                              validators=[Optional()])

    def fields_dict(self) -> dict:
        return {"step": self.step.data, "expected": self.expected.data or "",
                "reason": self.reason.data, "interest": self.interest.data,
                "local_need": self.local_need.data,
                "referent_id": self.referent_id.data or None}


class ReferentForm(BaseForm):
    referent_id = SelectField(_l("Referent at city hall"), coerce=int, validate_choice=False)


class NoteForm(BaseForm):
    body = TextAreaField(_l("A note for the city's team"),
                         validators=[DataRequired(), length_of(NoteSchema, "body")],
                         description=_l("Only the city's facilitators and admins read it."))


class PartnerForm(BaseForm):
    organisation_id = SelectField(_l("Organisation"), coerce=int, validate_choice=False)
    brings = MultiCheckboxField(_l("What it brings"), choices=choices(SUPPORT_LABELS.items()))
    contact_name = StringField(_l("Contact person"), validators=[
        Optional(), length_of(PartnerSchema, "contact_name")])
    contact_email = StringField(_l("Contact email"), validators=[
        Optional(), length_of(PartnerSchema, "contact_email")])
    contact_phone = StringField(_l("Contact phone"), validators=[
        Optional(), length_of(PartnerSchema, "contact_phone")])

    def fields_dict(self) -> dict:
        return {"organisation_id": self.organisation_id.data, "brings": self.brings.data,
                "contact_name": self.contact_name.data, "contact_email": self.contact_email.data,
                "contact_phone": self.contact_phone.data}


class RequestForm(BaseForm):
    partner_id = SelectField(_l("Partner"), coerce=int, validate_choice=False)
    kind = SelectField(_l("Kind of support"), choices=choices(SUPPORT_LABELS.items()))
    brief = TextAreaField(_l("What you ask, in a few words"), validators=[
        DataRequired(), length_of(RequestSchema, "brief")],
        description=_l("Only this partner and the city's team read it."))


class AnswerForm(BaseForm):
    answer = TextAreaField(_l("A word for the city"), validators=[
        Optional(), length_of(AnswerSchema, "answer")])


class MilestoneForm(BaseForm):
    happened_on = DateField(_l("Date"), validators=[DataRequired(message=_l(
        "Give a date like 2026-11-30."))])
    text = TextAreaField(_l("What happened"), validators=[
        DataRequired(), length_of(MilestoneSchema, "text")])


class CloseForm(BaseForm):
    status = SelectField(_l("The accompaniment is"), choices=choices(
        [("done", _l("Done")), ("stopped", _l("Stopped"))]))
    outcome = TextAreaField(_l("Outcome"), validators=[
        Optional(), length_of(CloseSchema, "outcome")],
        description=_l("Needed when it is done: what it brought to the project."))
