"""Forms of reporting, deciding, appealing and the city's moderation settings."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from upcampus.core.forms import BaseForm, choices
from upcampus.core.rules import length_of
from upcampus.moderation.schemas import AppealSchema, DecisionSchema, ReportSchema

REASON_LABELS = {"spam": _l("Spam or advertising"), "abuse": _l("Abuse or harassment"),
                 "personal_data": _l("Someone's personal data"),
                 "illegal": _l("Illegal content"), "other": _l("Something else")}
ACTION_LABELS = {"keep": _l("Keep it"), "hide": _l("Hide it (the author reads the reason)"),
                 "remove": _l("Remove it"), "warn": _l("Warn the author"),
                 "block": _l("Block the author from this network")}
# The audit trail names decisions and appeals alike.
HISTORY_LABELS = {**ACTION_LABELS, "appeal": _l("Contested by the author"),
                  "appeal_upheld": _l("Appeal reviewed: decision upheld"),
                  "appeal_overturned": _l("Appeal reviewed: decision overturned")}
STATE_LABELS = {"open": _l("Waiting"), "kept": _l("Kept"), "hidden": _l("Hidden"),
                "removed": _l("Removed"), "warned": _l("Author warned"),
                "blocked": _l("Author blocked")}
# Nouns with their article: a bare "Comment" is also the verb ("Commenter").
KIND_LABELS = {"publication": _l("A publication"), "comment": _l("A comment"),
               "organisation": _l("An organisation"), "profile": _l("A profile"),
               "message": _l("A private message"), "event": _l("An event")}


class ReportForm(BaseForm):
    reason = RadioField(_l("Why do you report it?"), choices=choices(REASON_LABELS.items()),
                        validators=[DataRequired(_l("Choose a reason from the list."))])
    note = TextAreaField(_l("Anything the moderators should know (optional)"),
                         validators=[Optional(), length_of(ReportSchema, "note")])


class DecisionForm(BaseForm):
    action = RadioField(_l("Decision"), choices=choices(ACTION_LABELS.items()),
                        validators=[DataRequired(_l("Choose a decision from the list."))])
    reason = TextAreaField(_l("Reason the author will read"),
                           validators=[Optional(), length_of(DecisionSchema, "reason")])
    days = IntegerField(_l("Block for how many days (0: for good)"), default=30,
                        validators=[Optional(), NumberRange(0, 3650, _l(
                            "Give a number of days from 0 (for good) to 3,650."))])


class AppealForm(BaseForm):
    note = TextAreaField(_l("Why do you contest this decision?"),
                         validators=[DataRequired(_l("Say why you contest this decision.")),
                                     length_of(AppealSchema, "note")])


class ReviewForm(BaseForm):
    reason = TextAreaField(_l("Reason the author will read"),
                           validators=[Optional(), length_of(DecisionSchema, "reason")])


class SettingsForm(BaseForm):
    hide_after = IntegerField(_l("Hide an item reported by this many people until review"),
                              validators=[DataRequired(_l("Give a number from 1 to 100.")),
                                          NumberRange(1, 100, _l("Give a number from 1 to "
                                                                 "100."))])
    watch_words = TextAreaField(
        _l("Words to watch"), validators=[Optional()],
        description=_l("One per line: a new publication or comment with one of them waits "
                       "for review before it shows."))
