"""Forms of organisations."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Optional

from upcampus.core.forms import BaseForm, MultiCheckboxField, choices, markdown_field
from upcampus.core.rules import length_of
from upcampus.organisations.schemas import WEBSITE, JoinRequestSchema, OrganisationSchema

KIND_LABELS = {
    "association": _l("Association"),
    "business": _l("Business"),
    "city_service": _l("City service"),
    "support": _l("Support organisation or incubator"),
    "funder": _l("Funder"),
    "public_institution": _l("Public institution"),
    "school": _l("School or university"),
}
OFFER_LABELS = {
    "skills": _l("Skills"),
    "premises": _l("Premises"),
    "funding": _l("Funding"),
    "advice": _l("Advice"),
    "network": _l("Network"),
    "training": _l("Training"),
}


class OrganisationForm(BaseForm):
    name = StringField(_l("Name"),
                       validators=[DataRequired(), length_of(OrganisationSchema, "name")])
    kind = SelectField(_l("Type"), choices=choices(KIND_LABELS.items()))
    description = markdown_field(_l("Description"), OrganisationSchema, "description",
                                 description=_l("Markdown is accepted."))
    website = URLField(_l("Website"), validators=[
        Optional(), URL(message=WEBSITE), length_of(OrganisationSchema, "website")])
    neighbourhood = SelectField(_l("Neighbourhood"), choices=[], default="")  # the city's list
    offers = MultiCheckboxField(_l("What it offers"), choices=choices(OFFER_LABELS.items()))
    offer_details = markdown_field(_l("Details of the offer"), OrganisationSchema,
                                   "offer_details")
    skills = MultiCheckboxField(_l("Skills it offers"), coerce=int, validate_choice=False)
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validate_choice=False)

    def fields_dict(self) -> dict:
        return {"name": self.name.data, "kind": self.kind.data,
                "description": self.description.data, "website": self.website.data,
                "neighbourhood": self.neighbourhood.data, "offers": self.offers.data,
                "offer_details": self.offer_details.data, "skill_ids": self.skills.data,
                "theme_ids": self.themes.data}


class JoinRequestForm(BaseForm):
    message = TextAreaField(_l("Message to the organisation"),
                            validators=[Optional(), length_of(JoinRequestSchema, "message")])


class MemberRoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=choices([("member", _l("Member")),
                                                    ("admin", _l("Admin"))]))
