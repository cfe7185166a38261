"""The organisers' tools: the attendee list and its CSV export, check-in at the door (a
phone, no JavaScript needed), and a message to everyone registered."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm
from upcampus.core.jobs import enqueue
from upcampus.core.rules import RuleError, validated
from upcampus.core.web import attach_error, refuse, render_form
from upcampus.events import mail, queries, registrations
from upcampus.events.forms import MessageForm
from upcampus.events.models import Event
from upcampus.events.operations import may_edit
from upcampus.events.schemas import MessageSchema
from upcampus.events.views import blueprint, event_or_404
from upcampus.tenancy.web import city_only


def organised_event_or_403(event_id: int) -> Event:
    event = event_or_404(event_id)
    if not may_edit(event, current_user, current_membership()):
        abort(403)
    return event


@blueprint.get("/events/<int:event_id>/attendees")
@city_only
@login_required
def attendees(event_id: int):
    event = organised_event_or_403(event_id)
    return render_template("events/attendees.html", event=event,
                           people=queries.attendees(event),
                           waiting=queries.waiting_count(event),
                           message_form=MessageForm(formdata=None))


@blueprint.get("/events/<int:event_id>/attendees.csv")
@city_only
@login_required
def attendees_csv(event_id: int):
    event = organised_event_or_403(event_id)
    out = io.StringIO()
    # A BOM and semicolons: what a spreadsheet in French opens as UTF-8 columns.
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Name"), _("Email"), _("Guest"), _("Registered at"),
                     _("Checked in at")])
    for person in queries.attendees(event):
        writer.writerow([_safe(person.name), _safe(person.email),
                         _("yes") if person.membership_id is None else _("no"),
                         person.created_at.isoformat(timespec="minutes"),
                         person.checked_in_at.isoformat(timespec="minutes")
                         if person.checked_in_at else ""])
    response = Response(out.getvalue().encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-attendees.csv"')
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@blueprint.get("/events/<int:event_id>/check-in")
@city_only
@login_required
def check_in(event_id: int):
    event = organised_event_or_403(event_id)
    search = (request.args.get("q") or "").replace("\x00", "").strip()[:80]
    people = queries.attendees(event, search)
    return render_template("events/check_in.html", event=event, people=people, search=search,
                           present=sum(1 for p in people if p.checked_in_at),
                           action_form=EmptyForm(formdata=None))


@blueprint.post("/events/<int:event_id>/check-in/<int:registration_id>")
@city_only
@login_required
def check_in_person(event_id: int, registration_id: int):
    event = organised_event_or_403(event_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        person = registrations.check_in(event, registration_id,
                                        request.form.get("present") != "0")
    except RuleError as error:
        db.session.rollback()
        refuse(error)
    else:
        flash(_("%(name)s is checked in.", name=person.name) if person.checked_in_at
              else _("%(name)s is no longer checked in.", name=person.name), "success")
    return redirect(url_for(".check_in", event_id=event.id, q=request.form.get("q") or None)
                    + f"#person-{registration_id}")


@blueprint.post("/events/<int:event_id>/message")
@city_only
@login_required
def message(event_id: int):
    event = organised_event_or_403(event_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            fields = validated(MessageSchema, {"subject": form.subject.data,
                                               "body": form.body.data})
        except RuleError as error:
            attach_error(form, error)
        else:
            enqueue(mail.message_registrants, g.city.id, event.id, fields["subject"],
                    fields["body"])
            flash(_("Your message is on its way to everyone registered."), "success")
            return redirect(url_for(".attendees", event_id=event.id))
    return render_form("events/attendees.html", form, event=event,
                       people=queries.attendees(event), waiting=queries.waiting_count(event),
                       message_form=form)
