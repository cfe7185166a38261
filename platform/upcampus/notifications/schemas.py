"""The rule of notification preferences, written once: one cadence per kind."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from upcampus.notifications.kinds import KINDS
from upcampus.notifications.models import CADENCES

CADENCE = validate.OneOf(CADENCES, error=_l("Choose how you want to hear of it."))

# One field per kind; a kind left out keeps its current choice.
PreferencesSchema = Schema.from_dict(
    {kind: fields.String(validate=CADENCE) for kind in KINDS}, name="PreferencesSchema")
