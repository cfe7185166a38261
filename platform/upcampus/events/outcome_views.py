"""After the event: its organisers record what came out of it."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import choices
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, render_form
from upcampus.events.forms import OutcomeForm
from upcampus.events.operations import may_edit
from upcampus.events.outcomes import outcome_ids, record_outcomes
from upcampus.events.views import blueprint, event_or_404
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Publication
from upcampus.tenancy.web import city_only


@blueprint.route("/events/<int:event_id>/outcomes", methods=["GET", "POST"])
@city_only
@login_required
def outcomes(event_id: int):
    event = event_or_404(event_id)
    membership = current_membership()
    if not may_edit(event, current_user, membership):
        abort(403)
    ids = outcome_ids(event)
    form = OutcomeForm(data={
        "attendance": "" if event.attendance is None else str(event.attendance),
        "born": ids["born"], "joined": ids["joined"], "met": ids["met"]})
    projects = choices((p.id, p.title) for p in db.session.scalars(
        select(Publication).where(Publication.status == "published")
        .order_by(Publication.title).limit(300)))
    form.born.choices, form.joined.choices = projects, projects
    form.met.choices = choices((o.id, o.name) for o in db.session.scalars(
        select(Organisation).order_by(Organisation.name).limit(300)))
    if form.validate_on_submit():
        try:
            record_outcomes(event, current_user, membership, form.fields_dict())
        except RuleError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".show", event_id=event.id, slug=event.slug))
    return render_form("events/outcomes.html", form, event=event)
