"""The message form: its limits come from MessageSchema."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from upcampus.conversations.schemas import MessageSchema
from upcampus.core.forms import BaseForm
from upcampus.core.rules import length_of


class MessageForm(BaseForm):
    body = TextAreaField(_l("Your message"), validators=[
        DataRequired(message=_l("Write something first.")), length_of(MessageSchema, "body")])
