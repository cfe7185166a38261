"""The one error a rule raises when it refuses: which field, why (in the user's
language), and a code views turn into 403/404 where that is what it is."""

from datetime import timedelta

# The same thing sent again by the same person within this window is the first one: a
# double-submitted form (or a click sent twice at once) creates nothing more.
RESUBMIT_WINDOW = timedelta(minutes=2)


class RuleError(ValueError):
    def __init__(self, field: str, message, code: str = ""):
        super().__init__(str(message))
        self.field = field
        self.message = message
        self.code = code  # "forbidden", "missing" or "" (a plain refusal)
