"""Forms of accounts: what a person types, with limits and messages in their language."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from upcampus.accounts.models import ROLES
from upcampus.core.forms import BaseForm, MultiCheckboxField, choices, image_field

VISIBILITY_CHOICES = [
    ("public", _l("Public: anyone can see my profile")),
    ("members", _l("Members: only members of this network")),
    ("hidden", _l("Hidden: only me and the network's team")),
]
LOCALE_CHOICES = [("", _l("Automatic")), ("fr", "Français"), ("en", "English")]
ROLE_LABELS = {"member": _l("Member"), "facilitator": _l("Facilitator"),
               "moderator": _l("Moderator"), "admin": _l("Administrator")}


def strip(value):
    return value.strip() if isinstance(value, str) else value


def email_field(label=None):
    return EmailField(label or _l("Email address"), filters=[strip], validators=[
        DataRequired(), Email(message=_l("Enter a valid email address.")),
        Length(max=320)], render_kw={"autocomplete": "email"})


class SignupForm(BaseForm):
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(2, 80)],
                               render_kw={"autocomplete": "name"})
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             description=_l("At least 10 characters."),
                             render_kw={"autocomplete": "new-password"})


class LoginForm(BaseForm):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Remember me on this device"))


class ResetRequestForm(BaseForm):
    email = email_field()


class ResetForm(BaseForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)],
                             description=_l("At least 10 characters."),
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class AccountForm(BaseForm):
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(2, 80)])
    locale = SelectField(_l("Language"), choices=choices(LOCALE_CHOICES))


class ProfileForm(BaseForm):
    bio = TextAreaField(_l("About you"), validators=[Optional(), Length(max=1000)])
    neighbourhood = SelectField(_l("Neighbourhood"), choices=[], default="")  # the city's list
    offers = TextAreaField(_l("What you can offer"), validators=[Optional(), Length(max=1000)],
                           description=_l("Time, know-how, equipment, a room..."))
    visibility = SelectField(_l("Who can see your profile"), choices=choices(VISIBILITY_CHOICES))
    skills = MultiCheckboxField(_l("Your skills"), coerce=int, validate_choice=False)
    themes = MultiCheckboxField(_l("Your interests"), coerce=int, validate_choice=False)
    suggestable = BooleanField(_l("Project holders may be suggested my profile for their "
                                  "needs"), default=True)


class PasswordChangeForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)],
                             render_kw={"autocomplete": "new-password"})


class AvatarForm(BaseForm):
    avatar = image_field(_l("Profile picture"))


class RoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=choices((r, ROLE_LABELS[r]) for r in ROLES))
