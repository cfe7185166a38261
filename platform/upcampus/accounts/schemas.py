"""The rules of accounts, written once (see projects/schemas.py): sign-up, login, the
password policy, settings and the profile in a city. Operations load their payload
through these schemas; page forms take limits and messages from them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.accounts.models import VISIBILITIES
from upcampus.accounts.passwords import MIN_LENGTH, TOO_SHORT
from upcampus.core.schemas import IDS, PageSchema

LOCALES = ("", "fr", "en")  # "" is "automatic": the device's language
EMAIL_MESSAGE = _l("Enter a valid email address.")


def at_most(count: int) -> validate.Length:
    return validate.Length(max=count, error=_l("Say it in %(count)d characters at most.",
                                               count=count))


DISPLAY_NAME = validate.Length(2, 80, error=_l("Give a name of 2 to 80 characters."))
EMAIL = [at_most(320), validate.Email(error=EMAIL_MESSAGE)]
PASSWORD_TYPED = at_most(200)  # any password once chosen (the policy may have changed)
NEW_PASSWORD = [validate.Length(min=MIN_LENGTH, error=TOO_SHORT), at_most(200)]
LONG_TEXT = at_most(1000)


def _email():
    return fields.String(required=True, validate=EMAIL)


ACCEPT_MESSAGE = _l("Accept the charter and the terms of use to sign up.")


class SignupSchema(PageSchema):
    display_name = fields.String(required=True, validate=DISPLAY_NAME)
    email = _email()
    password = fields.String(required=True, validate=NEW_PASSWORD)
    # Acceptance of the charter and terms in force (accounts/consent.py records them).
    accept = fields.Boolean(required=True, validate=validate.Equal(True, error=ACCEPT_MESSAGE),
                            error_messages={"required": ACCEPT_MESSAGE})


class LoginSchema(PageSchema):
    email = _email()
    password = fields.String(required=True, validate=PASSWORD_TYPED)


class ResetRequestSchema(PageSchema):
    email = _email()


class NewPasswordSchema(PageSchema):
    """A password reset by an emailed link."""

    password = fields.String(required=True, validate=NEW_PASSWORD)


class PasswordChangeSchema(PageSchema):
    current_password = fields.String(required=True, validate=PASSWORD_TYPED)
    password = fields.String(required=True, validate=NEW_PASSWORD)


class AccountSettingsSchema(PageSchema):
    display_name = fields.String(required=True, validate=DISPLAY_NAME)
    locale = fields.String(load_default="", validate=validate.OneOf(
        LOCALES, error=_l("Choose a language from the list.")))


class ProfileSchema(PageSchema):
    """The account's profile in one city."""

    bio = fields.String(load_default="", validate=LONG_TEXT)
    neighbourhood = fields.String(load_default="", validate=at_most(80))
    offers = fields.String(load_default="", validate=LONG_TEXT)
    visibility = fields.String(required=True, validate=validate.OneOf(
        VISIBILITIES, error=_l("Choose a visibility from the list.")))
    skill_ids = IDS
    theme_ids = IDS
    # Consent to be suggested to project holders (matching); None leaves it as it is.
    suggestable = fields.Boolean(load_default=None, allow_none=True)
    # Whether other members may start a conversation with me; None leaves it as it is.
    open_to_messages = fields.Boolean(load_default=None, allow_none=True)


CONTENT_CHOICE = validate.OneOf(("keep", "remove"))


class ErasureSchema(PageSchema):
    """Delete my account, or leave a city: the password again, and per kind of content
    whether it goes or stays under "A former member"."""

    password = fields.String(required=True, validate=PASSWORD_TYPED)
    publications = fields.String(load_default="keep", validate=CONTENT_CHOICE)
    organisation_publications = fields.String(load_default="keep", validate=CONTENT_CHOICE)
    events = fields.String(load_default="keep", validate=CONTENT_CHOICE)
