"""The one error a rule raises when it refuses: which field, why (in the user's
language), and a code views turn into 403/404 where that is what it is."""

from datetime import timedelta

from wtforms.validators import Length, ValidationError

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
    messages (each bound keeps its own): a limit is written once."""
    from marshmallow import validate

    field = schema_class._declared_fields[name]  # noqa: SLF001 - marshmallow's own table
    lengths = [v for v in field.validators if isinstance(v, validate.Length)]
    if not lengths:
        raise LookupError(f"{schema_class.__name__}.{name} has no length")
    short = [v for v in lengths if v.min is not None]
    long = [v for v in lengths if v.max is not None]
    low = max(short, key=lambda v: v.min, default=None)
    high = min(long, key=lambda v: v.max, default=None)
    return SchemaLength(low.min if low else -1, high.max if high else -1,
                        too_short=low.error if low else None,
                        too_long=high.error if high else None, source=(schema_class, name))


class SchemaLength(Length):
    """WTForms' Length (its minlength/maxlength attributes too) saying the schema's
    message for the bound that failed."""

    def __init__(self, min=-1, max=-1, *, too_short=None, too_long=None,  # noqa: A002
                 source=None):
        super().__init__(min=min, max=max, message=too_long or too_short)
        self.too_short, self.too_long = too_short, too_long
        self.source = source  # (schema class, field name): where the limit is written

    def __call__(self, form, field):
        length = len(field.data) if field.data else 0
        if self.min != -1 and length < self.min and self.too_short is not None:
            raise ValidationError(str(self.too_short))
        if self.max != -1 and length > self.max and self.too_long is not None:
            raise ValidationError(str(self.too_long))
        super().__call__(form, field)
