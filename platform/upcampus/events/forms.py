"""Forms of events. Limits and messages come from events/schemas.py; times are typed as
the city's local time (a datetime-local field) and read by the schema."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from upcampus.core.forms import BaseForm, MultiCheckboxField, choices
from upcampus.core.rules import length_of
from upcampus.events.schemas import EventSchema, GuestSchema, MessageSchema

KIND_LABELS = {"conference": _l("Conference"), "workshop": _l("Workshop"),
               "meetup": _l("Meet-up"), "visit": _l("Visit"), "training": _l("Training")}
LOCAL = {"type": "datetime-local"}
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class EventForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(), length_of(EventSchema,
                                                                           "title")])
    kind = SelectField(_l("Kind"), choices=choices(KIND_LABELS.items()), default="conference")
    description = TextAreaField(
        _l("Description"), validators=[Optional(), length_of(EventSchema, "description")],
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

    def fields_dict(self) -> dict:
        names = ("title", "kind", "description", "starts_at", "ends_at", "place_name",
                 "address", "online_url", "accessibility", "capacity",
                 "registration_opens_at", "registration_closes_at")
        values = {name: getattr(self, name).data or None for name in names}
        return {**values, "theme_ids": self.themes.data,
                "organisation_ids": self.organisations.data, "project_ids": self.projects.data}


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
