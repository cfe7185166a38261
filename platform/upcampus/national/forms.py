"""Forms of the national site and of sharing a project; limits from national/schemas.py."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from upcampus.core.forms import BaseForm
from upcampus.core.rules import length_of
from upcampus.national.schemas import NationalPageSchema, NewsSchema, ShareSchema


class NewsForm(BaseForm):
    title_fr = StringField(_l("Title (French)"),
                           validators=[DataRequired(), length_of(NewsSchema, "title_fr")])
    title_en = StringField(_l("Title (English)"),
                           validators=[Optional(), length_of(NewsSchema, "title_en")])
    body_fr = TextAreaField(_l("Text (French)"),
                            validators=[Optional(), length_of(NewsSchema, "body_fr")],
                            description=_l("Markdown is accepted."))
    body_en = TextAreaField(_l("Text (English)"),
                            validators=[Optional(), length_of(NewsSchema, "body_en")],
                            description=_l("Markdown is accepted."))
    published = BooleanField(_l("Published"))
    pushed = BooleanField(_l("Also show it on the home page of every city"))

    def fields_dict(self) -> dict:
        return {name: getattr(self, name).data for name in
                ("title_fr", "title_en", "body_fr", "body_en", "published", "pushed")}


class NationalPageForm(BaseForm):
    title = StringField(_l("Title"),
                        validators=[DataRequired(), length_of(NationalPageSchema, "title")])
    body = TextAreaField(_l("Text"), validators=[Optional(), length_of(NationalPageSchema, "body")],
                         description=_l("Markdown is accepted."))


class ShareForm(BaseForm):
    shared = BooleanField(_l("Share it with every city (national showcase, offered as a "
                             "model)"))
    lessons = TextAreaField(_l("What worked, what we learnt"),
                            validators=[Optional(), length_of(ShareSchema, "lessons")],
                            description=_l("Shown to the cities that start from this project. "
                                           "Markdown is accepted."))
