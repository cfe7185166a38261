"""Accompaniments from both sides: the city's team asks a partner; the partner's
organisation admins read the requests in their organisation's space, answer them, add
milestones and close them; the holders choose to show the timeline publicly."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, select

from upcampus.accounts.policy import can, can_act_for_partner
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm
from upcampus.core.rules import RuleError
from upcampus.core.web import refuse
from upcampus.facilitation.accompaniments import (
    accompaniments_of,
    add_milestone,
    answer,
    ask_partner,
    close,
    for_partner,
    requests_for,
)
from upcampus.facilitation.forms import AnswerForm, CloseForm, MilestoneForm, RequestForm
from upcampus.facilitation.models import Accompaniment, Track
from upcampus.facilitation.pipeline import set_holder_shows, track_of
from upcampus.facilitation.views import _page, _publication, require
from upcampus.organisations.models import Organisation
from upcampus.organisations.operations import organisation_role
from upcampus.projects.parts import page_part
from upcampus.tenancy.web import city_only

blueprint = Blueprint("accompaniments", __name__, template_folder="templates")


@blueprint.post("/facilitation/projects/<int:pub_id>/accompaniments")
@city_only
@login_required
def ask(pub_id: int):
    require()
    publication = _publication(pub_id)
    form = RequestForm()
    form.partner_id.choices = []
    if form.validate_on_submit():
        try:
            ask_partner(publication, current_user, current_membership(),
                        {"partner_id": form.partner_id.data, "kind": form.kind.data,
                         "brief": form.brief.data})
        except RuleError as error:
            if error.code == "forbidden":
                abort(403)
            flash(str(error.message), "error")
            return _page(publication, 422, request_form=form)
        flash(_("The partner is asked."), "success")
        return redirect(url_for("facilitation.project", pub_id=pub_id) + "#accompaniments")
    return _page(publication, 422, request_form=form)


@blueprint.get("/organisations/<int:org_id>/accompaniments")
@city_only
@login_required
def requests(org_id: int):
    """The organisation's space for what the city asked of it as a partner."""
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        abort(404)
    if not can_act_for_partner(current_membership(),
                               organisation_role(org_id, current_membership())):
        abort(403)
    return render_template("facilitation/partner_requests.html", organisation=organisation,
                           accompaniments=requests_for(org_id),
                           answer_form=AnswerForm(formdata=None),
                           milestone_form=MilestoneForm(formdata=None),
                           close_form=CloseForm(formdata=None))


def _accompaniment(accompaniment_id: int) -> Accompaniment:
    accompaniment = db.session.get(Accompaniment, accompaniment_id)
    if accompaniment is None:
        abort(404)
    return accompaniment


def _back(accompaniment: Accompaniment):
    """To the organisation's space for its admins, else to the city's project page."""
    if for_partner(accompaniment, current_membership()):
        return redirect(url_for(".requests", org_id=accompaniment.partner.organisation_id)
                        + f"#accompaniment-{accompaniment.id}")
    return redirect(url_for("facilitation.project", pub_id=accompaniment.publication_id)
                    + "#accompaniments")


@blueprint.post("/accompaniments/<int:accompaniment_id>/<any(accept, decline):choice>")
@city_only
@login_required
def reply(accompaniment_id: int, choice: str):
    accompaniment = _accompaniment(accompaniment_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return _back(accompaniment)
    try:
        answer(accompaniment, current_user, current_membership(), choice == "accept",
               form.answer.data or "")
    except RuleError as error:
        refuse(error)
    else:
        flash(_("Your answer is sent to the city."), "success")
    return _back(accompaniment)


@blueprint.post("/accompaniments/<int:accompaniment_id>/milestones")
@city_only
@login_required
def milestone(accompaniment_id: int):
    accompaniment = _accompaniment(accompaniment_id)
    form = MilestoneForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return _back(accompaniment)
    try:
        add_milestone(accompaniment, current_user, current_membership(),
                      {"happened_on": form.happened_on.data.isoformat(),
                       "text": form.text.data})
    except RuleError as error:
        refuse(error)
    else:
        flash(_("The milestone is added."), "success")
    return _back(accompaniment)


@blueprint.post("/accompaniments/<int:accompaniment_id>/close")
@city_only
@login_required
def finish(accompaniment_id: int):
    accompaniment = _accompaniment(accompaniment_id)
    form = CloseForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return _back(accompaniment)
    try:
        close(accompaniment, current_user, current_membership(),
              {"status": form.status.data, "outcome": form.outcome.data})
    except RuleError as error:
        refuse(error)
    else:
        flash(_("The accompaniment is closed."), "success")
    return _back(accompaniment)


@blueprint.post("/projects/<int:pub_id>/timeline/<any(show, hide):action>")
@city_only
@login_required
def holder_shows(pub_id: int, action: str):
    """The holders' half of the public timeline."""
    from upcampus.projects.views import publication_or_404

    publication = publication_or_404(pub_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        set_holder_shows(publication, current_membership(), action == "show")
    except RuleError as error:
        refuse(error)
    return redirect(url_for("projects.show", pub_id=pub_id, slug=publication.slug)
                    + "#city-track")


@page_part("facilitation.track")
def _tracked(publication) -> ColumnElement[bool]:
    return select(Track.id).where(Track.publication_id == publication.id).exists()


def facilitation_of(publication, holder: bool, parts: frozenset[str]) -> dict | None:
    """What a project's page shows of the city's track to this reader (three queries; none
    when its parts say it has no track: projects/parts.py)."""
    if "facilitation.track" not in parts:
        return None
    track = track_of(publication.id)
    if track is None:
        return None
    staff = can(current_user, "facilitation.run", current_membership())
    insider = holder or staff
    if not insider and track.step not in ("qualified", "accompanied", "realised"):
        return None
    timeline = []
    if insider or (track.city_shows and track.holder_shows):
        timeline = [a for a in accompaniments_of(publication)
                    if a.status in ("active", "done", "stopped")]
    return {"track": track, "timeline": timeline}


def qualified_by_city(publication) -> bool:
    """Of collective interest for the city (qualified, accompanied or realised): its
    facilitators see the best-placed partners of its open needs."""
    track = track_of(publication.id)
    return track is not None and track.step in ("qualified", "accompanied", "realised")


@blueprint.app_context_processor
def project_page_helpers():
    membership = current_membership
    return {"facilitation_of": facilitation_of, "qualified_by_city": qualified_by_city,
            "can_follow_for_city": lambda: can(current_user, "facilitation.run",
                                               membership()),
            "answers_for_partner": lambda org_id: can_act_for_partner(
                membership(), organisation_role(org_id, membership()))}
