"""National events: written by national editors on the national site, shown on every
city's agenda in the visitor's language (a city's team may hide one from its own), and
the national agenda (national events and the city events opened to all)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from upcampus.accounts.policy import can_edit_national_content, can_hide_national_event
from upcampus.accounts.web import current_membership
from upcampus.core.db import db, utcnow
from upcampus.core.forms import EmptyForm
from upcampus.core.pagination import page_number
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, refuse, render_form
from upcampus.events.forms import NationalEventForm
from upcampus.events.models import NationalEvent
from upcampus.events.national import (
    NATIONAL_TIMEZONE,
    hidden_ids,
    national_page,
    opened_by_cities,
    save_national_event,
    set_hidden,
    set_national_cancelled,
)
from upcampus.events.operations import to_local
from upcampus.tenancy.web import requires_feature

blueprint = Blueprint("national_events", __name__, template_folder="templates")
blueprint.before_request(requires_feature("events"))


def national_only_view() -> None:
    if g.get("city") is not None:
        abort(404)


def _editor() -> None:
    if not can_edit_national_content(current_user):
        abort(403)


def national_event_or_404(event_id: int) -> NationalEvent:
    event = db.session.get(NationalEvent, event_id)
    if event is None:
        abort(404)
    if g.get("city") is not None and event.id in hidden_ids() and not can_hide_national_event(
            current_user if current_user.is_authenticated else None, current_membership()):
        abort(404)  # hidden by this city: gone from its site, except for its team
    return event


@blueprint.get("/agenda")
def agenda():
    national_only_view()
    now = utcnow()
    cities_page, cities = opened_by_cities(page_number("cpage"), now)
    return render_template("events/national_agenda.html",
                           page=national_page(page_number(), now), opened=cities_page,
                           cities=cities, may_write=can_edit_national_content(current_user))


@blueprint.get("/national-events/<int:event_id>")
def show(event_id: int):
    event = national_event_or_404(event_id)
    city = g.get("city")
    membership = current_membership() if city else None
    account = current_user if current_user.is_authenticated else None
    return render_template(
        "events/national_show.html", event=event,
        hidden=city is not None and event.id in hidden_ids(),
        may_hide=city is not None and can_hide_national_event(account, membership),
        editable=city is None and can_edit_national_content(account),
        action_form=EmptyForm(formdata=None))


def _local(moment) -> str:
    return to_local(moment, NATIONAL_TIMEZONE).strftime("%Y-%m-%dT%H:%M")


@blueprint.route("/national-events/new", methods=["GET", "POST"])
@blueprint.route("/national-events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int | None = None):
    national_only_view()
    _editor()
    event = national_event_or_404(event_id) if event_id is not None else None
    form = NationalEventForm(data=None if event is None else {
        "title_fr": event.title.get("fr", ""), "title_en": event.title.get("en", ""),
        "description_fr": event.description.get("fr", ""),
        "description_en": event.description.get("en", ""), "kind": event.kind,
        "starts_at": _local(event.starts_at), "ends_at": _local(event.ends_at),
        "place_name": event.place_name, "address": event.address,
        "online_url": event.online_url})
    if form.validate_on_submit():
        try:
            event = save_national_event(current_user, form.fields_dict(), event)
        except RuleError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".show", event_id=event.id))
    return render_form("events/national_edit.html", form, event=event,
                       action_form=EmptyForm(formdata=None))


@blueprint.post("/national-events/<int:event_id>/<any(cancel, restore):action>")
@login_required
def cancel(event_id: int, action: str):
    national_only_view()
    event = national_event_or_404(event_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        set_national_cancelled(current_user, event, action == "cancel")
    except RuleError as error:
        refuse(error)
    flash(_("The event is cancelled.") if action == "cancel"
          else _("The event is back on the agenda."), "success")
    return redirect(url_for(".show", event_id=event.id))


@blueprint.post("/national-events/<int:event_id>/<any(hide, show):action>")
@login_required
def hide(event_id: int, action: str):
    if g.get("city") is None:
        abort(404)
    event = national_event_or_404(event_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        set_hidden(current_user, current_membership(), event, action == "hide")
    except RuleError as error:
        refuse(error)
    flash(_("The national event is hidden from this city's agenda.") if action == "hide"
          else _("The national event is back on this city's agenda."), "success")
    return redirect(url_for(".show", event_id=event.id))
