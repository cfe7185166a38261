"""The rules of national content, written once: news, shared pages, sharing a project."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from upcampus.core.schemas import PageSchema

NEWS_TITLE = validate.Length(3, 160, error=_l("Give a title of 3 to 160 characters."))
BODY = validate.Length(max=20000, error=_l(
    "The text is too long (20,000 characters at most)."))
PAGE_TITLE = validate.Length(1, 200, error=_l("Give a title of 1 to 200 characters."))
LESSONS = validate.Length(max=5000, error=_l("Say it in %(count)d characters at most.",
                                             count=5000))


class NewsSchema(PageSchema):
    title_fr = fields.String(required=True, validate=NEWS_TITLE)
    title_en = fields.String(load_default="", validate=validate.Length(max=160, error=_l(
        "Give a title of 3 to 160 characters.")))
    body_fr = fields.String(load_default="", validate=BODY)
    body_en = fields.String(load_default="", validate=BODY)
    published = fields.Boolean(load_default=False)
    pushed = fields.Boolean(load_default=False)


class NationalPageSchema(PageSchema):
    title = fields.String(required=True, validate=PAGE_TITLE)
    body = fields.String(load_default="", validate=BODY)


class ShareSchema(PageSchema):
    shared = fields.Boolean(load_default=False)
    lessons = fields.String(load_default="", validate=LESSONS)
