"""Forms of matching: CSRF and rendering; the limits come from schemas.py."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Optional

from upcampus.core.forms import BaseForm
from upcampus.core.rules import length_of
from upcampus.matching.schemas import AnswerSchema


class InviteForm(BaseForm):
    kind = HiddenField()
    target_id = HiddenField()


class AnswerForm(BaseForm):
    message = TextAreaField(_l("Your message to the holders"),
                            validators=[Optional(), length_of(AnswerSchema, "message")])
