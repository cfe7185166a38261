"""Forms of accounts: what a person types, with limits and messages in their language,
taken from accounts/schemas.py."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Optional

from upcampus.accounts.models import ROLES
from upcampus.accounts.passwords import MIN_LENGTH
from upcampus.accounts.schemas import (
    ACCEPT_MESSAGE,
    EMAIL_MESSAGE,
    AccountSettingsSchema,
    ErasureSchema,
    LoginSchema,
    NewPasswordSchema,
    PasswordChangeSchema,
    ProfileSchema,
    ResetRequestSchema,
    SignupSchema,
)
from upcampus.core.forms import BaseForm, MultiCheckboxField, choices, image_field
from upcampus.core.rules import length_of

VISIBILITY_CHOICES = [
    ("public", _l("Public: anyone can see my profile")),
    ("members", _l("Members: only members of this network")),
    ("hidden", _l("Hidden: only me and the network's team")),
]
LOCALE_CHOICES = [("", _l("Automatic")), ("fr", "Français"), ("en", "English")]
ROLE_LABELS = {"member": _l("Member"), "facilitator": _l("Facilitator"),
               "moderator": _l("Moderator"), "admin": _l("Administrator")}
NEW_PASSWORD_HINT = _l("At least %(count)d characters.", count=MIN_LENGTH)


def strip(value):
    return value.strip() if isinstance(value, str) else value


def email_field(schema, label=None):
    return EmailField(label or _l("Email address"), filters=[strip], validators=[
        DataRequired(), Email(message=EMAIL_MESSAGE), length_of(schema, "email")],
        render_kw={"autocomplete": "email"})


class SignupForm(BaseForm):
    display_name = StringField(_l("Your name"), validators=[
        DataRequired(), length_of(SignupSchema, "display_name")],
        render_kw={"autocomplete": "name"})
    email = email_field(SignupSchema)
    password = PasswordField(_l("Password"), validators=[
        DataRequired(), length_of(SignupSchema, "password")], description=NEW_PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"})
    accept = BooleanField(_l("I accept the charter and the terms of use"), validators=[
        DataRequired(message=ACCEPT_MESSAGE)])

    def fields_dict(self) -> dict:
        return {"display_name": self.display_name.data, "email": self.email.data,
                "password": self.password.data, "accept": bool(self.accept.data)}


class LoginForm(BaseForm):
    email = email_field(LoginSchema)
    password = PasswordField(_l("Password"), validators=[
        DataRequired(), length_of(LoginSchema, "password")],
        render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Remember me on this device"))


class ResetRequestForm(BaseForm):
    email = email_field(ResetRequestSchema)


class ResetForm(BaseForm):
    password = PasswordField(_l("New password"), validators=[
        DataRequired(), length_of(NewPasswordSchema, "password")],
        description=NEW_PASSWORD_HINT, render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class AccountForm(BaseForm):
    display_name = StringField(_l("Your name"), validators=[
        DataRequired(), length_of(AccountSettingsSchema, "display_name")])
    locale = SelectField(_l("Language"), choices=choices(LOCALE_CHOICES))

    def fields_dict(self) -> dict:
        return {"display_name": self.display_name.data, "locale": self.locale.data}


class ProfileForm(BaseForm):
    bio = TextAreaField(_l("About you"),
                        validators=[Optional(), length_of(ProfileSchema, "bio")])
    neighbourhood = SelectField(_l("Neighbourhood"), choices=[], default="")  # the city's list
    offers = TextAreaField(_l("What you can offer"),
                           validators=[Optional(), length_of(ProfileSchema, "offers")],
                           description=_l("Time, know-how, equipment, a room..."))
    visibility = SelectField(_l("Who can see your profile"), choices=choices(VISIBILITY_CHOICES))
    skills = MultiCheckboxField(_l("Your skills"), coerce=int, validate_choice=False)
    themes = MultiCheckboxField(_l("Your interests"), coerce=int, validate_choice=False)
    suggestable = BooleanField(_l("Project holders may be suggested my profile for their "
                                  "needs"), default=True)
    open_to_messages = BooleanField(_l(
        "Other members may start a conversation with me (replies, and messages about a "
        "help offer, an accompaniment or an organisation, stay possible)"), default=True)

    def fields_dict(self) -> dict:
        return {"bio": self.bio.data, "neighbourhood": self.neighbourhood.data,
                "offers": self.offers.data, "visibility": self.visibility.data,
                "skill_ids": self.skills.data or [], "theme_ids": self.themes.data or [],
                "suggestable": bool(self.suggestable.data),
                "open_to_messages": bool(self.open_to_messages.data)}


class PasswordChangeForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(), length_of(PasswordChangeSchema, "current_password")],
        render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("New password"), validators=[
        DataRequired(), length_of(PasswordChangeSchema, "password")],
        description=NEW_PASSWORD_HINT, render_kw={"autocomplete": "new-password"})

    def fields_dict(self) -> dict:
        return {"current_password": self.current_password.data,
                "password": self.password.data}


class AvatarForm(BaseForm):
    avatar = image_field(_l("Profile picture"))


class RoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=choices((r, ROLE_LABELS[r]) for r in ROLES))


# Every kind is a plural ("my publications", "the events"): the answers say "them".
KEEP_OR_REMOVE = [("keep", _l("Keep them, signed \"A former member\"")),
                  ("remove", _l("Remove them"))]


def keep_or_remove(label) -> RadioField:
    return RadioField(label, choices=choices(KEEP_OR_REMOVE), default="keep")


class ErasureForm(BaseForm):
    """Delete my account or leave a city: what becomes of my content, and my password."""

    publications = keep_or_remove(_l("My ideas, projects and wishes"))
    organisation_publications = keep_or_remove(_l("My publications for an organisation"))
    events = keep_or_remove(_l("The events I organised"))
    password = PasswordField(_l("Your password, to confirm"), validators=[
        DataRequired(), length_of(ErasureSchema, "password")],
        render_kw={"autocomplete": "current-password"})
