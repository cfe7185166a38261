"""The console's forms carry what is typed; the rules and their messages are the
manifest's (tenancy/manifest.py) and the console's operations, written once."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from upcampus.accounts.forms import email_field
from upcampus.console.schemas import (
    BLOCK_DURATIONS,
    BlockEverywhereSchema,
    InvitationSchema,
    NationalRoleSchema,
)
from upcampus.core.forms import BaseForm, MultiCheckboxField, choices
from upcampus.core.rules import length_of
from upcampus.tenancy.features import FEATURES
from upcampus.tenancy.manifest import FONTS

LANGUAGES = [("fr", "Français"), ("en", "English")]
FONT_LABELS = {"system": _l("System"), "humanist": _l("Humanist"), "serif": _l("Serif")}


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class HostsForm(BaseForm):
    subdomain = StringField(_l("Subdomain"), filters=[lambda v: (v or "").strip().lower()],
                            description=_l("Lower-case letters, digits and hyphens."))
    custom_domains = TextAreaField(_l("Custom domains"), validators=[Optional()],
                                   description=_l("One per line, e.g. up.sceaux.fr."))
    default_locale = SelectField(_l("Default language"), choices=choices(LANGUAGES))
    enabled = MultiCheckboxField(_l("Languages offered"), choices=choices(LANGUAGES))


class OnboardForm(HostsForm):
    slug = StringField(_l("Slug"), filters=[lambda v: (v or "").strip().lower()],
                       description=_l("The city's short name in addresses: lower-case "
                                      "letters, digits and hyphens."))
    name = StringField(_l("Network name"), description=_l("E.g. UP Antony."))
    city = StringField(_l("Town"))
    primary = StringField(_l("Main colour"), default="#1d4f91",
                          description=_l("A colour like #1d4f91."))
    secondary = StringField(_l("Second colour"), default="#7a3b00")
    font = SelectField(_l("Font"), choices=choices((f, FONT_LABELS[f]) for f in FONTS))
    admin_email = email_field(InvitationSchema, _l("Email address of its first administrator"))

    def manifest(self) -> dict:
        """The manifest's shape, for onboard_city."""
        data = {"slug": self.slug.data or None, "name": (self.name.data or "").strip(),
                "city": (self.city.data or "").strip(),
                "custom_domains": lines(self.custom_domains.data),
                "locales": {"default": self.default_locale.data,
                            "enabled": self.enabled.data or []},
                "branding": {"primary": (self.primary.data or "").strip(),
                             "secondary": (self.secondary.data or "").strip(),
                             "font": self.font.data}}
        if self.subdomain.data:
            data["subdomain"] = self.subdomain.data
        return data


class StatusForm(BaseForm):
    status = SelectField(_l("Status"), choices=choices([("active", _l("Open")),
                                                        ("suspended", _l("Suspended"))]))
    message_fr = TextAreaField(_l("Message to visitors, in French"), validators=[Optional()])
    message_en = TextAreaField(_l("Message to visitors, in English"), validators=[Optional()])


class FeaturesForm(BaseForm):
    features = MultiCheckboxField(_l("Features switched on"), choices=choices(
        (k, label) for k, (_d, label) in FEATURES.items()))


class InviteForm(BaseForm):
    email = email_field(InvitationSchema, _l("Email address of the administrator to invite"))


NATIONAL_ROLE_LABELS = {"none": _l("No national role"), "platform_admin": _l("Platform admin"),
                        "editor": _l("National editor"), "support": _l("Support")}


class NationalRoleForm(BaseForm):
    email = email_field(NationalRoleSchema)
    role = SelectField(_l("National role"), choices=choices(NATIONAL_ROLE_LABELS.items()))


BLOCK_LABELS = {"7": _l("For 7 days"), "30": _l("For 30 days"), "365": _l("For a year"),
                "forever": _l("For good"), "lift": _l("Lift the block")}


class BlockEverywhereForm(BaseForm):
    email = email_field(BlockEverywhereSchema, _l("Email address of the account"))
    duration = SelectField(_l("How long"), choices=choices(
        (d, BLOCK_LABELS[d]) for d in BLOCK_DURATIONS))
    reason = TextAreaField(_l("Why (kept in the audit log)"), validators=[
        Optional(), length_of(BlockEverywhereSchema, "reason")])
