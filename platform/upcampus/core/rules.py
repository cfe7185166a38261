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


def validated(schema_class, payload: dict) -> dict:
    """`payload` loaded through a marshmallow schema of the domain (in the current
    language); the first refusal, in the schema's field order, as a RuleError."""
    from marshmallow import ValidationError

    from upcampus.core.marshmallow_i18n import translated

    schema = translated(schema_class())
    try:
        return schema.load(payload if isinstance(payload, dict) else {})
    except ValidationError as error:
        messages = error.normalized_messages()
        field = next((name for name in schema.fields if name in messages),
                     next(iter(messages)))
        raise RuleError(field, _first(messages[field])) from None


def _first(messages):
    while isinstance(messages, (list, dict)):
        messages = next(iter(messages.values())) if isinstance(messages, dict) else messages[0]
    return messages


def length_of(schema_class, name: str):
    """The WTForms Length validator of a page field, from the schema's own limits and
    message: a limit is written once."""
    from marshmallow import validate
    from wtforms.validators import Length

    field = schema_class._declared_fields[name]  # noqa: SLF001 - marshmallow's own table
    lengths = [v for v in field.validators if isinstance(v, validate.Length)]
    low = max((v.min for v in lengths if v.min is not None), default=-1)
    high = min((v.max for v in lengths if v.max is not None), default=-1)
    message = next((v.error for v in lengths if v.max is not None), None)
    return Length(min=low, max=high, message=message)
