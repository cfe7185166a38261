"""Forms of publications, needs, help offers and the conversation."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from upcampus.core.forms import (
    BaseForm,
    MultiCheckboxField,
    choices,
    image_field,
    markdown_field,
)
from upcampus.core.rules import length_of
from upcampus.projects.schemas import (
    CoHolderSchema,
    CommentSchema,
    ImageSchema,
    NeedSchema,
    OfferSchema,
    PublicationSchema,
    UpdateSchema,
)

KIND_LABELS = {"idea": _l("Idea"), "project": _l("Project"), "wish": _l("Wish")}
STAGE_LABELS = {"idea": _l("Idea stage"), "in_progress": _l("In progress"),
                "realised": _l("Realised"), "paused": _l("Paused"),
                "abandoned": _l("Abandoned")}
RESOURCE_LABELS = {"premises": _l("Premises"), "funding": _l("Funding"),
                   "equipment": _l("Equipment"), "volunteers": _l("Volunteers"),
                   "advice": _l("Advice")}
NEED_STATE_LABELS = {"open": _l("Open"), "filled": _l("Filled"), "withdrawn": _l("Withdrawn")}


class PublicationForm(BaseForm):
    kind = RadioField(_l("What is it?"), choices=choices(KIND_LABELS.items()), default="project")
    title = StringField(_l("Title"),
                        validators=[DataRequired(), length_of(PublicationSchema, "title")])
    description = markdown_field(
        _l("Description"), PublicationSchema, "description",
        description=_l("What, why, with whom. Markdown is accepted."))
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validate_choice=False)
    neighbourhood = SelectField(_l("Neighbourhood"), choices=[], default="")  # the city's list
    address = StringField(_l("Address or place"),
                          validators=[Optional(), length_of(PublicationSchema, "address")])
    stage = SelectField(_l("Stage"), choices=choices(STAGE_LABELS.items()), default="idea")
    organisations = MultiCheckboxField(_l("Carried with these organisations"), coerce=int,
                                       validate_choice=False)

    def fields_dict(self) -> dict:
        return {"kind": self.kind.data, "title": self.title.data,
                "description": self.description.data, "theme_ids": self.themes.data,
                "neighbourhood": self.neighbourhood.data, "address": self.address.data,
                "stage": self.stage.data, "organisation_ids": self.organisations.data}


class NeedForm(BaseForm):
    kind = RadioField(_l("The project needs"), default="skill", choices=choices([
        ("skill", _l("A skill")), ("resource", _l("A resource"))]))
    skill_id = SelectField(_l("Skill"), coerce=int, validate_choice=False,
                           validators=[Optional()])
    resource = SelectField(_l("Resource"), choices=choices(RESOURCE_LABELS.items()),
                           validate_choice=False, validators=[Optional()])
    text = TextAreaField(_l("In a few words"),
                         validators=[Optional(), length_of(NeedSchema, "text")])


class NeedStateForm(BaseForm):
    state = SelectField(_l("State"), choices=choices(NEED_STATE_LABELS.items()))


class OfferForm(BaseForm):
    message = TextAreaField(_l("Your message to the holders"),
                            validators=[Optional(), length_of(OfferSchema, "message")])
    organisation_id = SelectField(_l("On behalf of"), coerce=int, validate_choice=False,
                                  validators=[Optional()])


class CommentForm(BaseForm):
    # Ids of their own: the news and comment forms share the project page.
    body = markdown_field(_l("Your comment"), CommentSchema, "body", required=True,
                          id="comment-body")
    parent_id = HiddenField()


class CommentEditForm(BaseForm):
    body = markdown_field(_l("Your comment"), CommentSchema, "body", required=True)


class UpdateForm(BaseForm):
    body = markdown_field(_l("News of the project"), UpdateSchema, "body", required=True,
                          id="news-body")


class ImageForm(BaseForm):
    image = image_field(_l("Image"), marked_required=False)  # the images are optional
    alt = StringField(_l("What the image shows"),
                      validators=[Optional(), length_of(ImageSchema, "alt")],
                      description=_l("For people who cannot see it."))


class CoHolderForm(BaseForm):
    email = StringField(_l("Email address of a member of this network"),
                        validators=[DataRequired(), length_of(CoHolderSchema, "email")])
