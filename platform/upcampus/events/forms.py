"""Forms of events. Limits and messages come from events/schemas.py; times are typed as
the city's local time (a datetime-local field) and read by the schema."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from upcampus.core.forms import BaseForm, MultiCheckboxField, choices, markdown_field
from upcampus.core.rules import length_of
from upcampus.events.schemas import (
    EventSchema,
    GuestSchema,
    MessageSchema,
    NationalEventSchema,
    SpeakerSchema,
)

KIND_LABELS = {"conference": _l("Conference"), "workshop": _l("Workshop"),
               "meetup": _l("Meet-up"), "visit": _l("Visit"), "training": _l("Training")}
LOCAL = {"type": "datetime-local"}
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class EventForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), length_of(EventSchema,
                                                                           "title")])
    kind = SelectField(_l("Kind"), choices=choices(KIND_LABELS.items()), default="conference")
    description = markdown_field(
        _l("Description"), EventSchema, "description",
        description=_l("What, for whom, with whom. Markdown is accepted."))
    starts_at = StringField(_l("Starts at"), validators=[DataRequired()], render_kw=LOCAL,
                            description=_l("Local time of the city."))
    ends_at = StringField(_l("Ends at"), validators=[DataRequired()], render_kw=LOCAL)
    place_name = StringField(_l("Place"), validators=[Optional(), length_of(EventSchema,
                                                                            "place_name")])
    address = StringField(_l("Address"), validators=[Optional(), length_of(EventSchema,
                                                                           "address")],
                          description=_l("Linked to OpenStreetMap on the event's page."))
    online_url = StringField(_l("Online link"), validators=[
        Optional(), length_of(EventSchema, "online_url")], render_kw={"type": "url"})
    accessibility = TextAreaField(
        _l("Accessibility of the place"),
        validators=[Optional(), length_of(EventSchema, "accessibility")],
        description=_l("Step-free access, hearing loop, toilets, seats..."))
    capacity = StringField(_l("Number of seats"), validators=[Optional()],
                           render_kw={"inputmode": "numeric"},
                           description=_l("Leave empty for no limit."))
    registration_opens_at = StringField(_l("Registration opens at"),
                                        validators=[Optional()], render_kw=LOCAL)
    registration_closes_at = StringField(_l("Registration closes at"),
                                         validators=[Optional()], render_kw=LOCAL)
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validate_choice=False)
    organisations = MultiCheckboxField(_l("Organised by"), coerce=int, validate_choice=False)
    projects = MultiCheckboxField(_l("Linked projects"), coerce=int, validate_choice=False)
    speakers = MultiCheckboxField(_l("Speakers"), coerce=int, validate_choice=False,
                                  description=_l("National speakers and the city's own."))
    open_to_all = BooleanField(_l("Open to all: also show it on the national agenda"))

    def fields_dict(self) -> dict:
        names = ("title", "kind", "description", "starts_at", "ends_at", "place_name",
                 "address", "online_url", "accessibility", "capacity",
                 "registration_opens_at", "registration_closes_at")
        values = {name: getattr(self, name).data or None for name in names}
        return {**values, "theme_ids": self.themes.data,
                "organisation_ids": self.organisations.data, "project_ids": self.projects.data,
                "speaker_ids": self.speakers.data, "open_to_all": self.open_to_all.data}


class SpeakerForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), length_of(SpeakerSchema,
                                                                         "name")])
    bio_fr = TextAreaField(_l("Short biography (French)"),
                           validators=[Optional(), length_of(SpeakerSchema, "bio_fr")])
    bio_en = TextAreaField(_l("Short biography (English)"),
                           validators=[Optional(), length_of(SpeakerSchema, "bio_en")])
    topics = MultiCheckboxField(_l("Topics"), validate_choice=False)
    photo = FileField(_l("Photo"), validators=[FileAllowed(
        ["png", "jpg", "jpeg", "webp"], _l("Send a PNG, JPEG or WebP image."))],
        description=_l("PNG, JPEG or WebP; cropped to a square."))

    def fields_dict(self) -> dict:
        return {"name": self.name.data, "bio_fr": self.bio_fr.data or "",
                "bio_en": self.bio_en.data or "", "topics": self.topics.data or []}


class NationalEventForm(BaseForm):
    title_fr = StringField(_l("Title (French)"), validators=[
        DataRequired(), length_of(NationalEventSchema, "title_fr")])
    title_en = StringField(_l("Title (English)"), validators=[
        Optional(), length_of(NationalEventSchema, "title_en")])
    kind = SelectField(_l("Kind"), choices=choices(KIND_LABELS.items()), default="conference")
    description_fr = TextAreaField(_l("Description (French)"), validators=[
        Optional(), length_of(NationalEventSchema, "description_fr")],
        description=_l("Markdown is accepted."))
    description_en = TextAreaField(_l("Description (English)"), validators=[
        Optional(), length_of(NationalEventSchema, "description_en")],
        description=_l("Markdown is accepted."))
    starts_at = StringField(_l("Starts at"), validators=[DataRequired()], render_kw=LOCAL,
                            description=_l("Paris time."))
    ends_at = StringField(_l("Ends at"), validators=[DataRequired()], render_kw=LOCAL)
    place_name = StringField(_l("Place"), validators=[
        Optional(), length_of(NationalEventSchema, "place_name")])
    address = StringField(_l("Address"), validators=[
        Optional(), length_of(NationalEventSchema, "address")])
    online_url = StringField(_l("Online link"), validators=[
        Optional(), length_of(NationalEventSchema, "online_url")], render_kw={"type": "url"})

    def fields_dict(self) -> dict:
        names = ("title_fr", "title_en", "kind", "description_fr", "description_en",
                 "starts_at", "ends_at", "place_name", "address", "online_url")
        return {name: getattr(self, name).data or "" for name in names}


class OutcomeForm(BaseForm):
    attendance = StringField(_l("People who came"), validators=[Optional()],
                             render_kw={"inputmode": "numeric"})
    born = MultiCheckboxField(_l("Projects born at this event"), coerce=int,
                              validate_choice=False)
    joined = MultiCheckboxField(_l("Projects people joined there"), coerce=int,
                                validate_choice=False)
    met = MultiCheckboxField(_l("Organisations met"), coerce=int, validate_choice=False)

    def fields_dict(self) -> dict:
        return {"attendance": self.attendance.data or None, "born_ids": self.born.data,
                "joined_ids": self.joined.data, "met_ids": self.met.data}


class GuestForm(BaseForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), length_of(GuestSchema,
                                                                              "name")])
    email = StringField(_l("Your email address"), validators=[
        DataRequired(), length_of(GuestSchema, "email")], render_kw={"type": "email"})


class MessageForm(BaseForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(),
                                                     length_of(MessageSchema, "subject")])
    body = TextAreaField(_l("Message"), validators=[DataRequired(),
                                                    length_of(MessageSchema, "body")])
