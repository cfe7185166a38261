"""The console's own fields: an address to invite or to give a national role. The city's
fields are the manifest's (tenancy/manifest.py), written once there."""

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.accounts.schemas import DISPLAY_NAME, EMAIL, NEW_PASSWORD
from upcampus.core.schemas import PageSchema


class InvitationSchema(PageSchema):
    email = fields.String(required=True, validate=EMAIL)


class NationalRoleSchema(PageSchema):
    email = fields.String(required=True, validate=EMAIL)


class NewAdminSchema(PageSchema):
    """The invited administrator who has no account yet: as at sign-up."""

    display_name = fields.String(required=True, validate=DISPLAY_NAME)
    password = fields.String(required=True, validate=NEW_PASSWORD)


# How long a platform admin blocks an account in every city ("lift": unblock now).
BLOCK_DURATIONS = ("7", "30", "365", "forever", "lift")


class BlockEverywhereSchema(PageSchema):
    email = fields.String(required=True, validate=EMAIL)
    duration = fields.String(required=True, validate=validate.OneOf(
        BLOCK_DURATIONS, error=_l("Choose how long.")))
    reason = fields.String(load_default="", validate=validate.Length(
        max=500, error=_l("Say it in %(count)d characters at most.", count=500)))
