"""marshmallow's own error messages, translated through Babel like every other string.

marshmallow writes its messages in English on its fields and validators. `translated`
walks a schema instance (its fields are copies, so nothing global changes) and puts each
message in the current language, so that a report mixes no languages. Call it where the
wanted locale is in force (`force_locale`).
"""

from __future__ import annotations

import copy

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from marshmallow import Schema, fields

# marshmallow's default messages (as templates: marshmallow fills the braces later).
MESSAGES = {
    "Missing data for required field.": _l("Missing data for required field."),
    "Field may not be null.": _l("Field may not be null."),
    "Invalid value.": _l("Invalid value."),
    "Invalid input.": _l("Invalid input."),
    "Invalid type.": _l("Invalid type."),
    "Invalid input type.": _l("Invalid input type."),
    "Unknown field.": _l("Unknown field."),
    "Not a valid string.": _l("Not a valid string."),
    "Not a valid utf-8 string.": _l("Not a valid utf-8 string."),
    "Not a valid list.": _l("Not a valid list."),
    "Not a valid mapping type.": _l("Not a valid mapping type."),
    "Not a valid boolean.": _l("Not a valid boolean."),
    "Not a valid integer.": _l("Not a valid integer."),
    "Not a valid number.": _l("Not a valid number."),
    "Not a valid URL.": _l("Not a valid URL."),
    "Not a valid email address.": _l("Not a valid email address."),
    "String does not match expected pattern.": _l("String does not match expected pattern."),
    "Must be one of: {choices}.": _l("Must be one of: {choices}."),
    "Shorter than minimum length {min}.": _l("Shorter than minimum length {min}."),
    "Longer than maximum length {max}.": _l("Longer than maximum length {max}."),
    "Length must be between {min} and {max}.": _l("Length must be between {min} and {max}."),
    "Length must be {equal}.": _l("Length must be {equal}."),
}
_VALIDATOR_MESSAGES = ("error", "message_min", "message_max", "message_all", "message_equal")


def _in_language(message):
    if isinstance(message, LazyString):
        return str(message)
    if isinstance(message, str) and message in MESSAGES:
        return str(MESSAGES[message])
    return message


def _translate_field(field: fields.Field) -> None:
    """In place on a schema instance's own copy of a field. marshmallow copies fields
    shallowly, so what the copy shares with the class (validators, inner fields, a
    nested schema) is copied before it is changed."""
    field.error_messages = {k: _in_language(v) for k, v in field.error_messages.items()}
    field.validators = [copy.copy(v) for v in field.validators]
    for validator in field.validators:
        for attr in _VALIDATOR_MESSAGES:
            message = getattr(validator, attr, None)
            if message is not None and _in_language(message) is not message:
                setattr(validator, attr, _in_language(message))
    for attr in ("inner", "key_field", "value_field"):  # List, Dict
        inner = getattr(field, attr, None)
        if isinstance(inner, fields.Field):
            setattr(field, attr, copy.copy(inner))
            _translate_field(getattr(field, attr))
    if isinstance(field, fields.Nested):
        field._schema = None  # noqa: SLF001 - built afresh for this instance, not shared
        if isinstance(field.schema, Schema):
            translated(field.schema)


def translated(schema: Schema) -> Schema:
    """The schema instance, its messages (and its nested schemas') in the current locale."""
    schema.error_messages = {k: _in_language(v) for k, v in schema.error_messages.items()}
    for field in schema.fields.values():
        _translate_field(field)
    return schema
