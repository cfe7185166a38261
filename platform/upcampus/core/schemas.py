"""What every domain's schemas share: text comes trimmed and without NUL bytes, a field a
page left empty (None) takes its default, and keys a page posts beside its fields (its
buttons, its CSRF token) are no error."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, pre_load

IDS = fields.List(fields.Integer(strict=False), load_default=list)


class PageSchema(Schema):
    """The base of a domain's schemas (see above)."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def trim(self, data, **_kwargs):
        if not isinstance(data, dict):
            return data
        # A field a page left empty comes as None: the field's default then applies.
        return {key: value.replace("\x00", "").strip() if isinstance(value, str) else value
                for key, value in data.items() if value is not None}
