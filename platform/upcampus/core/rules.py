"""The one error a rule raises when it refuses: which field, why (in the user's
language), and a code views turn into 403/404 where that is what it is."""


class RuleError(ValueError):
    def __init__(self, field: str, message, code: str = ""):
        super().__init__(str(message))
        self.field = field
        self.message = message
        self.code = code  # "forbidden", "missing" or "" (a plain refusal)
