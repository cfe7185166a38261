"""Guests of a city (no account): register with a name and an email address, confirm by a
signed link, and cancel by another signed link from any email they receive."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from upcampus.accounts.policy import is_active_member
from upcampus.accounts.tokens import TokenError, make_token, read_token
from upcampus.accounts.web import current_membership
from upcampus.core.db import db, utcnow
from upcampus.core.forms import EmptyForm
from upcampus.core.jobs import enqueue
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, refuse
from upcampus.events import mail, queries, registrations
from upcampus.events.forms import GuestForm
from upcampus.events.models import Registration
from upcampus.events.views import blueprint, event_or_404
from upcampus.tenancy.web import city_only

GUEST_LINK_MAX_AGE = 3 * 24 * 3600
# A cancel link stays good as long as an event can be far ahead.
CANCEL_LINK_MAX_AGE = 400 * 24 * 3600


@blueprint.post("/events/<int:event_id>/guest")
@city_only
def guest(event_id: int):
    """A guest of the city registers with a name and an email address, then confirms."""
    event = event_or_404(event_id)
    form = GuestForm()
    if form.validate_on_submit():
        try:
            registration = registrations.register_guest(
                event.id, {"name": form.name.data, "email": form.email.data})
        except RuleError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            token = make_token("event-guest", {"r": registration.id, "c": g.city.id})
            enqueue(mail.confirm_guest, g.city.id, registration.id, token)
            flash(_("Almost done: open the link we emailed you to confirm your "
                    "registration."), "success")
            return redirect(url_for(".show", event_id=event.id, slug=event.slug))
    membership = current_membership()
    return render_template(
        "events/show.html", event=event, member=is_active_member(membership),
        registration=None, waiting=queries.waiting_count(event),
        closed=registrations.registration_refusal(event, utcnow()), editable=False,
        action_form=EmptyForm(formdata=None), guest_form=form), 422


def _guest_link(purpose: str, token: str, max_age: int) -> int | None:
    """The registration a signed guest link names, if it was signed for this city."""
    try:
        payload = read_token(purpose, token, max_age)
    except TokenError:
        return None
    return payload["r"] if payload["c"] == g.city.id else None


def _invalid_link(event):
    flash(_("This link is not valid or has expired. Register again."), "error")
    return redirect(url_for(".show", event_id=event.id, slug=event.slug))


@blueprint.get("/events/<int:event_id>/guest/<token>")
@city_only
def guest_confirm(event_id: int, token: str):
    event = event_or_404(event_id)
    registration_id = _guest_link("event-guest", token, GUEST_LINK_MAX_AGE)
    if registration_id is None:
        return _invalid_link(event)
    try:
        registration = registrations.confirm_guest(event.id, registration_id)
    except RuleError as error:
        db.session.rollback()
        refuse(error)
    else:
        if registration.state == "cancelled":  # an old link, after cancelling
            flash(_("This registration was cancelled. Register again below if you "
                    "can come after all."), "info")
        else:
            flash(_("Your registration is confirmed. See you there!")
                  if registration.state in ("confirmed", "offered")
                  else _("The event is full: you are on the waitlist. We will write to "
                         "you if a seat frees up."), "success")
    return redirect(url_for(".show", event_id=event.id, slug=event.slug))


@blueprint.route("/events/<int:event_id>/guest/<token>/cancel", methods=["GET", "POST"])
@city_only
def guest_cancel(event_id: int, token: str):
    """Asks first (a mail scanner opening the link must not cancel), then gives the seat
    back to the waitlist."""
    event = event_or_404(event_id)
    registration_id = _guest_link("event-guest-cancel", token, CANCEL_LINK_MAX_AGE)
    registration = db.session.get(Registration, registration_id) if registration_id else None
    if registration is None or registration.event_id != event.id:
        return _invalid_link(event)
    form = EmptyForm()
    if registration.state == "cancelled":
        flash(_("Your registration is cancelled."), "success")
        return redirect(url_for(".show", event_id=event.id, slug=event.slug))
    if form.validate_on_submit():
        promoted = registrations.cancel_guest(event.id, registration.id)
        if promoted is not None:
            enqueue(mail.tell_promoted, g.city.id, promoted.id)
        flash(_("Your registration is cancelled."), "success")
        return redirect(url_for(".show", event_id=event.id, slug=event.slug))
    return render_template("events/guest_cancel.html", event=event,
                           registration=registration, form=form)


def cancel_link(city, registration: Registration) -> str:
    """The guest's own link to cancel, for the emails written to them."""
    from upcampus.core.links import absolute_url, public_base_url

    token = make_token("event-guest-cancel", {"r": registration.id, "c": city.id})
    return absolute_url(public_base_url(city), "events.guest_cancel",
                        event_id=registration.event_id, token=token)
