"""The city admin's wording of a legal page; limits from pages/schemas.py."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Optional

from upcampus.core.forms import BaseForm
from upcampus.core.rules import length_of
from upcampus.pages.schemas import LegalTextSchema


class LegalTextForm(BaseForm):
    body = TextAreaField(_l("Text (Markdown)"), validators=[
        Optional(), length_of(LegalTextSchema, "body")],
        description=_l("Leave empty to show the text generated from the network's settings."),
        render_kw={"rows": 20})
