"""A city's own themes and skills, added by its team at /admin/taxonomy."""

from flask import Blueprint, flash, redirect, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import select
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, Optional

from upcampus.accounts.admin_views import require_permission
from upcampus.core.db import db
from upcampus.core.forms import BaseForm, choices
from upcampus.core.rules import RuleError, length_of
from upcampus.core.web import attach_error, render_form
from upcampus.taxonomy.models import Skill, Theme
from upcampus.taxonomy.operations import add_local_entry
from upcampus.taxonomy.schemas import LocalEntrySchema
from upcampus.tenancy.context import current_tenant_id
from upcampus.tenancy.web import city_only

blueprint = Blueprint("taxonomy", __name__, template_folder="templates")


class LocalEntryForm(BaseForm):
    kind = RadioField(_l("Kind"), choices=choices([("theme", _l("Theme")),
                                                   ("skill", _l("Skill"))]), default="theme")
    label_fr = StringField(_l("Label in French"), validators=[
        DataRequired(), length_of(LocalEntrySchema, "label_fr")])
    label_en = StringField(_l("Label in English"), validators=[
        Optional(), length_of(LocalEntrySchema, "label_en")])

    def fields_dict(self) -> dict:
        return {"kind": self.kind.data, "label_fr": self.label_fr.data,
                "label_en": self.label_en.data}


@blueprint.route("/admin/taxonomy", methods=["GET", "POST"])
@city_only
@login_required
def local_entries():
    require_permission("taxonomy.extend")
    form = LocalEntryForm()
    if form.validate_on_submit():
        try:
            add_local_entry(form.fields_dict())
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
