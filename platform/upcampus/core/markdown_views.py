"""The live preview of a Markdown field: the text rendered and sanitised exactly as the
page will show it (core/markdown.py). Saves nothing; city hosts, their members only."""

from flask import Blueprint, jsonify
from flask_babel import gettext as _
from wtforms import HiddenField, TextAreaField

from upcampus.accounts.policy import can_preview_text
from upcampus.accounts.web import current_membership
from upcampus.core.forms import MARKDOWN_FIELDS, BaseForm
from upcampus.core.markdown import render_markdown
from upcampus.core.rules import length_of
from upcampus.tenancy.web import city_only

blueprint = Blueprint("markdown", __name__)


class PreviewForm(BaseForm):
    field = HiddenField()
    text = TextAreaField()


def refused(message, status: int):
    return jsonify(error=str(message)), status


@blueprint.post("/markdown/preview")
@city_only
def preview():
    if not can_preview_text(current_membership()):
        return refused(_("Sign in as a member of this network to see a preview."), 403)
    form = PreviewForm()
    if not form.validate():  # the CSRF token: nothing else is checked by the form
        return refused(form.csrf_token.errors[0], 400)
    source = MARKDOWN_FIELDS.get(form.field.data or "")
    if source is None:
        return refused(_("This text cannot be previewed."), 400)
    limit = length_of(*source)  # the field's own limit and message, from its schema
    text = form.text.data or ""
    if limit.max != -1 and len(text) > limit.max:
        return refused(limit.too_long or _("This text is too long."), 413)
    return jsonify(html=str(render_markdown(text)))
