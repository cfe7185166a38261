"""The preferences form: one choice per kind, its choices from kinds.py."""

from wtforms import SelectField

from upcampus.core.forms import BaseForm, choices
from upcampus.notifications.kinds import CADENCE_LABELS, KINDS


class PreferencesForm(BaseForm):
    pass


for _kind, (_label, _default) in KINDS.items():
    setattr(PreferencesForm, _kind, SelectField(_label, choices=choices(CADENCE_LABELS.items())))
