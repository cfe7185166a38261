"""Small helpers for views: attach an operation's error to its form field."""

from flask import abort, flash, render_template
from werkzeug.routing import IntegerConverter


def attach_error(form, error) -> None:
    """Show a rule's refusal (field, message) on the form, beside the field it names."""
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, str(error.message)]
    else:
        form.form_errors.append(str(error.message))


def render_form(template: str, form, **context):
    """A form page: 422 when the form was sent and refused, so nothing looks saved."""
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status


MAX_ID = 2**31 - 1  # PostgreSQL integer keys; larger numbers name nothing


class DatabaseId(IntegerConverter):
    """`<int:...>` in every route: a number that can be a key, else the URL matches
    nothing (404) rather than overflowing the database (500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def valid_id(value) -> int | None:
    """An id from user input, or None when it cannot name a row."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID else None


def refuse(error) -> None:
    """A rule's refusal outside a form: 403 or 404 where that is what it is, else a
    message shown on the next page."""
    if error.code == "forbidden":
        abort(403)
    if error.code == "missing":
        abort(404)
    flash(str(error.message), "error")
