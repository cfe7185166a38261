"""A city's own themes and skills, added by its team at /admin/taxonomy."""

from flask import Blueprint, flash, redirect, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import select
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from upcampus.accounts.admin_views import require_permission
from upcampus.core.db import db
from upcampus.core.forms import BaseForm, choices
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, render_form
from upcampus.taxonomy.models import Skill, Theme
from upcampus.taxonomy.operations import add_local_skill, add_local_theme, local_code_taken
from upcampus.tenancy.context import current_tenant_id
from upcampus.tenancy.web import city_only

blueprint = Blueprint("taxonomy", __name__, template_folder="templates")


class LocalEntryForm(BaseForm):
    kind = RadioField(_l("Kind"), choices=choices([("theme", _l("Theme")),
                                                   ("skill", _l("Skill"))]), default="theme")
    label_fr = StringField(_l("Label in French"), validators=[DataRequired(), Length(2, 120)])
    label_en = StringField(_l("Label in English"), validators=[Optional(), Length(max=120)])


@blueprint.route("/admin/taxonomy", methods=["GET", "POST"])
@city_only
@login_required
def local_entries():
    require_permission("taxonomy.extend")
    form = LocalEntryForm()
    if form.validate_on_submit():
        if local_code_taken(form.label_fr.data):
            form.label_fr.errors = [_("This network already has this entry.")]
        else:
            add = add_local_theme if form.kind.data == "theme" else add_local_skill
            try:
                add(form.label_fr.data, form.label_en.data or "")
            except RuleError as error:
                attach_error(form, error)
            else:
                flash(_("The entry is added for this network only."), "success")
                return redirect(url_for(".local_entries"))
    tenant_id = current_tenant_id()
    themes = db.session.scalars(select(Theme).where(Theme.tenant_id == tenant_id)).all()
    skills = db.session.scalars(select(Skill).where(Skill.tenant_id == tenant_id)).all()
    return render_form("taxonomy/local_entries.html", form, themes=themes, skills=skills,
                       locale=str(get_locale()))
