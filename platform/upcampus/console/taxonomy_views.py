"""/console/taxonomy: the shared themes and skills, from the national host."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField, StringField

from upcampus.console import taxonomy as ops
from upcampus.console.web import console_gate, may_manage, refused
from upcampus.core.db import db
from upcampus.core.forms import BaseForm, EmptyForm, choices
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error

blueprint = Blueprint("console_taxonomy", __name__, url_prefix="/console/taxonomy",
                      template_folder="templates")
blueprint.before_request(console_gate)
KIND_LABELS = {"theme": _l("Themes"), "skill": _l("Skills")}


class LabelsForm(BaseForm):
    label_fr = StringField(_l("Label in French"))
    label_en = StringField(_l("Label in English"))


class AddForm(LabelsForm):
    code = StringField(_l("Code"), description=_l("Lower-case letters, digits and hyphens; "
                                                  "it never changes."))
    family = SelectField(_l("Family"), choices=[], validate_choice=False)


class MergeForm(BaseForm):
    target = SelectField(_l("Merge into"), choices=[], validate_choice=False)


def _kind(kind: str) -> str:
    if kind not in ops.KINDS:
        abort(404)
    return kind


def _list_page(kind: str, status=200, add_form=None):
    locale = str(get_locale())
    form = add_form or AddForm(formdata=None)
    form.family.choices = choices((f.code, f.label(locale)) for f in ops.families())
    return render_template("console/taxonomy.html", kind=kind, kinds=KIND_LABELS,
                           entries=ops.shared_entries(kind), counts=ops.link_counts(kind),
                           add_form=form, may_manage=may_manage()), status


@blueprint.get("")
def index():
    return redirect(url_for(".entries", kind="theme"))


@blueprint.get("/<kind>")
def entries(kind: str):
    return _list_page(_kind(kind))


@blueprint.post("/<kind>")
def add(kind: str):
    form = AddForm()
    form.family.choices = choices((f.code, f.code) for f in ops.families())
    if form.validate_on_submit():
        try:
            ops.add_entry(current_user, _kind(kind), form.code.data, form.label_fr.data,
                          form.label_en.data, form.family.data or "")
        except RuleError as error:
            db.session.rollback()
            refused(error)
            attach_error(form, error)
        else:
            flash(_("The entry is added."), "success")
            return redirect(url_for(".entries", kind=kind))
    return _list_page(_kind(kind), 422, add_form=form)


def _entry_page(kind: str, entry_id: int, status=200, **sent):
    try:
        entry = ops.shared_entry(_kind(kind), entry_id)
    except RuleError:
        abort(404)
    locale = str(get_locale())
    merge_form = sent.get("merge_form") or MergeForm(formdata=None)
    merge_form.target.choices = choices((str(e.id), e.label(locale))
                                        for e in ops.shared_entries(kind)
                                        if e.id != entry.id and not e.retired)
    labels_form = sent.get("labels_form") or LabelsForm(
        formdata=None, label_fr=entry.label_fr, label_en=entry.label_en)
    return render_template("console/taxonomy_entry.html", kind=kind, entry=entry,
                           kinds=KIND_LABELS, labels_form=labels_form, merge_form=merge_form,
                           retire_form=EmptyForm(formdata=None),
                           links=ops.link_counts(kind).get(entry.id, 0),
                           may_manage=may_manage()), status


@blueprint.get("/<kind>/<int:entry_id>")
def entry(kind: str, entry_id: int):
    return _entry_page(kind, entry_id)


@blueprint.post("/<kind>/<int:entry_id>/labels")
def relabel(kind: str, entry_id: int):
    form = LabelsForm()
    if form.validate_on_submit():
        try:
            ops.relabel(current_user, _kind(kind), entry_id, form.label_fr.data,
                        form.label_en.data)
        except RuleError as error:
            refused(error)
            attach_error(form, error)
        else:
            flash(_("The labels are saved."), "success")
            return redirect(url_for(".entry", kind=kind, entry_id=entry_id))
    return _entry_page(kind, entry_id, 422, labels_form=form)


@blueprint.post("/<kind>/<int:entry_id>/<any(retire, reinstate):action>")
def retire(kind: str, entry_id: int, action: str):
    if EmptyForm().validate_on_submit():
        try:
            ops.set_retired(current_user, _kind(kind), entry_id, action == "retire")
        except RuleError as error:
            refused(error)
        else:
            flash(_("The entry is retired.") if action == "retire"
                  else _("The entry is in use again."), "success")
    return redirect(url_for(".entry", kind=kind, entry_id=entry_id))


@blueprint.post("/<kind>/<int:entry_id>/merge")
def merge(kind: str, entry_id: int):
    form = MergeForm()
    try:
        ops.shared_entry(_kind(kind), entry_id)
    except RuleError:
        abort(404)
    if form.validate_on_submit():
        raw = request.form.get("target", "")
        target_id = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0
        try:
            moved = ops.merge(current_user, kind, entry_id, target_id)
        except RuleError as error:
            db.session.rollback()
            if error.code == "missing":  # the entry exists: the target is what is not
                error = RuleError("target", _l("Choose an entry from the list."))
            refused(error)
            attach_error(form, error)
        else:
            flash(_("Merged: %(count)d links moved.", count=sum(moved.values())), "success")
            return redirect(url_for(".entries", kind=kind))
    return _entry_page(kind, entry_id, 422, merge_form=form)
