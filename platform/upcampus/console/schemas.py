"""The console's own fields: an address to invite or to give a national role. The city's
fields are the manifest's (tenancy/manifest.py), written once there."""

from marshmallow import fields

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
