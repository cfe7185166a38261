"""Form helpers shared by every domain. Each form is a FlaskForm: CSRF is checked as part
of validation, so a forged token re-displays the form, with what was typed, and a message."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from flask_wtf.form import _Auto, _is_submitted
from markupsafe import Markup, escape
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget, Select


def without_nul(value):
    """Text fields drop NUL bytes, which no database column accepts."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class QuickSelect(Select):
    """WTForms' select with the same markup, each option written directly: its
    html_params (a Markup.format per attribute) was most of the time of a page with a
    list of skills (docs/performance.md)."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option {selected}value="{escape(value)}">{label}</option>')  # noqa: S704 - escaped


class BaseForm(FlaskForm):
    class Meta:
        def render_field(self, field, render_kw):  # noqa: N805
            if type(field.widget) is Select:
                field.widget = QuickSelect(multiple=field.widget.multiple)
            if field.type == "CSRFTokenField":  # one per form: an id would repeat on a page
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)

        def csrf_error_message(self):  # noqa: N805 - wtforms calls it on the Meta instance
            return None

        def wrap_formdata(self, form, formdata):  # noqa: N805
            # Pages take form posts only: Flask-WTF would read a JSON body as the form,
            # and its numbers and lists crash text validators (the JSON door is the API).
            if formdata is _Auto and _is_submitted() and not request.form and not (
                    request.files):
                return ImmutableMultiDict()
            return super().wrap_formdata(form, formdata)

        def bind_field(self, form, unbound_field, options):  # noqa: N805
            filters = [*unbound_field.kwargs.get("filters", ()), without_nul]
            return unbound_field.bind(form=form, filters=filters, **options)

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        # WTForms prefers an object's attribute to a value given by name; an edit form
        # names its values (theme ids) precisely because the attribute (theme rows) will
        # not do, and a box shown unticked is a link lost on save.
        if obj is not None and (data or kwargs):
            obj = _Given(obj, {**(data or {}), **kwargs})
        super().process(formdata, obj, data, extra_filters, **kwargs)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if "csrf_token" in self.errors:
            self.csrf_token.errors = [str(_l(
                "The form expired or did not come from this site. Check it and send it "
                "again."))]
        return valid


class _Given:
    """An object's attributes, with the values given by name in front."""

    def __init__(self, obj, given: dict):
        self._obj, self._given = obj, given

    def __getattr__(self, name):
        if name in self._given:
            return self._given[name]
        return getattr(self._obj, name)


class EmptyForm(BaseForm):
    """A button that changes state: CSRF only."""


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms options; labels may be lazy translations."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def grouped_choices(groups, locale: str) -> list[SelectChoice]:
    return [SelectChoice(value=item.id, label=item.label(locale), optgroup=family)
            for family, items in groups for item in items]


class FileChosen(FileRequired):
    """A file must be sent with this form, yet the field is not marked required: the
    picture itself is optional where the form sits (a publication's images)."""

    def __init__(self, message=None):
        super().__init__(message)
        self.field_flags = {}


def image_field(label, marked_required: bool = True) -> FileField:
    """An uploaded picture: PNG, JPEG or WebP, 5 MB at most (decoded and checked later)."""
    return FileField(label, validators=[
        (FileRequired if marked_required else FileChosen)(message=_l("Choose an image.")),
        FileAllowed(["png", "jpg", "jpeg", "webp"], _l("Send a PNG, JPEG or WebP image.")),
        FileSize(5 * 1024 * 1024, message=_l("The image is too large (%(size)d MB at most).",
                                             size=5))])


# Markdown fields by key ("<Schema>.<field>"): the preview endpoint finds there the limit
# of the field it previews. Filled when the forms are defined (import time).
MARKDOWN_FIELDS: dict[str, tuple] = {}


class MarkdownField(TextAreaField):
    """A text area whose text is Markdown: macros/forms.html adds the formatting toolbar
    and the preview region (static/js/markdown-editor.js brings them to life)."""


def markdown_field(label, schema_class, name: str, *, required: bool = False, **kwargs):
    """A MarkdownField limited by the schema's own rule, known to the preview by key."""
    from upcampus.core.rules import length_of

    key = f"{schema_class.__name__}.{name}"
    MARKDOWN_FIELDS[key] = (schema_class, name)
    first = DataRequired() if required else Optional()
    render_kw = {"data-markdown": key, **kwargs.pop("render_kw", {})}
    return MarkdownField(label, validators=[first, length_of(schema_class, name)],
                         render_kw=render_kw, **kwargs)
