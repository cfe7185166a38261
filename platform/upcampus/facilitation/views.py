"""The board of the city's projects, a project's facilitation page (track, referent,
notes, accompaniments, history) and the moves made from it."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from upcampus.accounts.models import Membership
from upcampus.accounts.policy import can
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm, choices
from upcampus.core.pagination import CountedPage, page_number
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, refuse
from upcampus.facilitation import queries
from upcampus.facilitation.accompaniments import accompaniments_of, partners
from upcampus.facilitation.forms import (
    ACCOMPANIMENT_LABELS,
    EVENT_LABELS,
    STEP_LABELS,
    SUPPORT_LABELS,
    CloseForm,
    MilestoneForm,
    MoveForm,
    NoteForm,
    ReferentForm,
    RequestForm,
    event_value,
)
from upcampus.facilitation.models import ALL_STEPS, STEPS
from upcampus.facilitation.operations import add_note, history_of, notes_of
from upcampus.facilitation.pipeline import (
    check_move,
    move,
    referents,
    set_city_shows,
    set_referent,
    track_of,
)
from upcampus.projects.models import Publication
from upcampus.taxonomy.operations import visible_themes
from upcampus.tenancy.neighbourhoods import filter_options
from upcampus.tenancy.web import city_only

blueprint = Blueprint("facilitation", __name__, template_folder="templates")


@blueprint.app_context_processor
def labels():
    return {"step_labels": STEP_LABELS, "support_labels": SUPPORT_LABELS,
            "accompaniment_labels": ACCOMPANIMENT_LABELS, "event_labels": EVENT_LABELS,
            "event_value": event_value}


def require(permission: str = "facilitation.run") -> None:
    if not can(current_user, permission, current_membership()):
        abort(403)


def _publication(pub_id: int) -> Publication:
    publication = db.session.get(Publication, pub_id)
    if publication is None:
        abort(404)
    return publication


def _team_choices() -> list:
    team = db.session.scalars(referents().join(Membership.account).order_by(
        Membership.id)).all()
    return choices((m.id, m.account.display_name) for m in team)


@blueprint.get("/facilitation")
@city_only
@login_required
def board():
    require()
    filters = queries.board_filters(request.args)
    per_column = queries.PER_COLUMN
    page = page_number() if filters["step"] in ALL_STEPS else 1
    data = queries.board(filters, current_membership(), per_column,
                         offset=(page - 1) * per_column)
    step = data["step"]
    paged = CountedPage(items=[], page=page, per_page=per_column,
                        total=data["counts"][step]) if step else None
    return render_template("facilitation/board.html", filters=filters, steps=ALL_STEPS,
                           data=data, paged=paged, themes=visible_themes(),
                           neighbourhoods=filter_options(g.city), team=_team_choices(),
                           ages=queries.AGES,
                           link_args={k: v for k, v in filters.items() if v and k != "step"})


def _page(publication: Publication, status: int = 200, **forms):
    membership = current_membership()
    track = track_of(publication.id)
    team = _team_choices()
    move_form = forms.get("move_form") or MoveForm(formdata=None)
    move_form.referent_id.choices = team
    if not forms.get("move_form"):
        move_form.expected.data = track.step if track else ""
        move_form.step.data = _next_step(track.step if track else "")
        move_form.referent_id.data = membership.id if membership else None
    referent_form = ReferentForm(formdata=None, referent_id=track.referent_id
                                 if track else None)
    referent_form.referent_id.choices = team
    request_form = forms.get("request_form") or RequestForm(formdata=None)
    request_form.partner_id.choices = choices(
        (p.id, p.organisation.name) for p in partners())
    notes = (notes_of(publication, current_user, membership)
             if can(current_user, "facilitation.notes", membership) else None)
    return render_template(
        "facilitation/project.html", publication=publication, track=track,
        move_form=move_form, referent_form=referent_form,
        note_form=forms.get("note_form") or NoteForm(formdata=None),
        request_form=request_form, action_form=EmptyForm(formdata=None), notes=notes,
        milestone_form=MilestoneForm(formdata=None), close_form=CloseForm(formdata=None),
        current_membership=membership,
        accompaniments=accompaniments_of(publication),
        history=history_of(publication, current_user, membership),
        days=queries.days_since(track.step_since) if track else 0), status


def _next_step(current: str) -> str:
    if current == "":
        return "spotted"
    if current in STEPS[:-1]:
        return STEPS[STEPS.index(current) + 1]
    return "spotted" if current == "set_aside" else current


@blueprint.get("/facilitation/projects/<int:pub_id>")
@city_only
@login_required
def project(pub_id: int):
    require()
    return _page(_publication(pub_id))


@blueprint.post("/facilitation/projects/<int:pub_id>/step")
@city_only
@login_required
def move_step(pub_id: int):
    require()
    publication = _publication(pub_id)
    form = MoveForm()
    form.referent_id.choices = _team_choices()
    if form.validate_on_submit():
        try:
            if form.step.data == "set_aside" and "confirmed" not in request.form:
                # A heavy step: once it would be accepted, say what will happen first,
                # carrying what was typed.
                check_move(publication, current_user, current_membership(),
                           form.fields_dict())
                return render_template(
                    "facilitation/confirm_aside.html", publication=publication,
                    form=EmptyForm(formdata=None), reason=form.reason.data or "",
                    sent=[(k, v) for k, v in request.form.items(multi=True)
                          if k != "csrf_token"])
            track = move(publication, current_user, current_membership(), form.fields_dict())
        except RuleError as error:
            if error.code == "forbidden":
                abort(403)
            attach_error(form, error)
            if error.code == "conflict":  # what was typed stays; the step is today's
                current = track_of(publication.id)
                form.expected.data = current.step if current else ""
            return _page(publication, 409 if error.code == "conflict" else 422,
                         move_form=form)
        flash(_("The project is now: %(step)s.", step=STEP_LABELS[track.step]), "success")
        return redirect(url_for(".project", pub_id=pub_id))
    return _page(publication, 422, move_form=form)


@blueprint.post("/facilitation/projects/<int:pub_id>/referent")
@city_only
@login_required
def referent(pub_id: int):
    require()
    publication = _publication(pub_id)
    form = ReferentForm()
    if not form.validate_on_submit():
        flash(_("Choose a referent from the city's team."), "error")
        return redirect(url_for(".project", pub_id=pub_id))
    try:
        set_referent(publication, current_user, current_membership(), form.referent_id.data)
    except RuleError as error:
        refuse(error)
    else:
        flash(_("The referent is saved."), "success")
    return redirect(url_for(".project", pub_id=pub_id))


@blueprint.post("/facilitation/projects/<int:pub_id>/notes")
@city_only
@login_required
def note(pub_id: int):
    require("facilitation.notes")
    publication = _publication(pub_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            add_note(publication, current_user, current_membership(), form.body.data)
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("Your note is saved."), "success")
            return redirect(url_for(".project", pub_id=pub_id) + "#notes")
    return _page(publication, 422, note_form=form)


@blueprint.post("/facilitation/projects/<int:pub_id>/<any(show, hide):action>")
@city_only
@login_required
def city_shows(pub_id: int, action: str):
    require()
    publication = _publication(pub_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        set_city_shows(publication, current_user, current_membership(), action == "show")
    except RuleError as error:
        refuse(error)
    return redirect(url_for(".project", pub_id=pub_id))


@blueprint.get("/facilitation/mine")
@city_only
@login_required
def mine():
    return redirect(url_for(".board", referent="me"))

