"""Events: the agenda, an event's page, writing and editing one, registering."""

from __future__ import annotations

from babel.dates import format_datetime
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, select

from upcampus.accounts.policy import is_active_member
from upcampus.accounts.web import current_membership
from upcampus.core.db import db, utcnow
from upcampus.core.forms import EmptyForm, choices
from upcampus.core.jobs import enqueue
from upcampus.core.pagination import page_number, paginate
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, refuse, render_form
from upcampus.events import mail, queries, registrations
from upcampus.events.forms import KIND_LABELS, LOCAL_FORMAT, EventForm, GuestForm
from upcampus.events.models import Event, EventOutcome
from upcampus.events.national import upcoming_national
from upcampus.events.operations import (
    admin_of,
    create_event,
    may_create,
    may_edit,
    set_cancelled,
    to_local,
    update_event,
)
from upcampus.events.speakers import directory as speaker_directory
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Publication
from upcampus.projects.parts import page_part
from upcampus.taxonomy.choices import theme_choices
from upcampus.taxonomy.operations import visible_themes
from upcampus.tenancy.web import city_only, requires_feature

blueprint = Blueprint("events", __name__, template_folder="templates")
blueprint.before_request(requires_feature("events"))


def _account():
    return current_user if current_user.is_authenticated else None


@blueprint.app_template_filter("event_when")
def event_when(event: Event, fmt: str = "full") -> str:
    """Start (and end) in the city's time zone, in the visitor's language."""
    city = g.get("city")
    zone = city.timezone if city else "Europe/Paris"
    locale = str(get_locale() or "fr")
    start, end = to_local(event.starts_at, zone), to_local(event.ends_at, zone)
    first = format_datetime(start, "EEEE d MMMM y, HH:mm" if fmt == "full" else
                            "d MMM y, HH:mm", locale=locale)
    last = format_datetime(end, "HH:mm" if end.date() == start.date()
                           else "d MMMM y, HH:mm", locale=locale)
    return f"{first} – {last}"


@blueprint.app_context_processor
def labels():
    return {"event_kind_labels": KIND_LABELS, "events_born_of": events_born_of}


def events_born_of(publication_id: int, parts: frozenset[str]) -> list[Event]:
    """For a project's page: the events it was born at (none if the agenda is off, or if
    its parts say there are none: projects/parts.py)."""
    city = g.get("city")
    if city is None or not city.features.get("events", True) or "events.born" not in parts:
        return []
    from upcampus.events.outcomes import born_at

    return born_at(publication_id)


@page_part("events.born")
def _born_here(publication) -> ColumnElement[bool]:
    return select(EventOutcome.id).where(EventOutcome.publication_id == publication.id,
                                         EventOutcome.kind == "born").exists()


def event_or_404(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    return event


def _with_choices(form: EventForm, event: Event | None) -> EventForm:
    locale = str(get_locale())
    form.themes.choices = theme_choices(locale)
    from upcampus.accounts.policy import can

    membership = current_membership()
    statement = select(Organisation).order_by(Organisation.name)
    if not can(_account(), "events.manage_any", membership):
        ids = admin_of(membership) | {o.organisation_id for o in (
            event.organisation_links if event else [])}
        statement = statement.where(Organisation.id.in_(ids))
    form.organisations.choices = choices((o.id, o.name) for o in db.session.scalars(statement))
    form.projects.choices = choices((p.id, p.title) for p in db.session.scalars(
        select(Publication).where(Publication.status == "published")
        .order_by(Publication.title).limit(200)))
    form.speakers.choices = choices(
        (s.id, s.name if s.national else _("%(name)s (local)", name=s.name))
        for s in speaker_directory())
    return form


def _local(moment) -> str | None:
    value = to_local(moment, g.city.timezone)
    return value.strftime(LOCAL_FORMAT) if value else None


@blueprint.get("/events")
@city_only
def index():
    filters = queries.list_filters(request.args)
    now = utcnow()
    page = paginate(queries.events(filters, now), page_number(), per_page=20)
    # National events head the first page of what is to come (unless the city hid them).
    national = upcoming_national(now) if (filters["when"] != "past" and page.page == 1 and (
        not filters["theme"]) and filters["kind"] in ("", *KIND_LABELS)) else []
    national = [e for e in national if not filters["kind"] or e.kind == filters["kind"]]
    return render_template("events/index.html", filters=filters, page=page,
                           national_events=national,
                           themes=visible_themes(),
                           may_create=may_create(_account(), current_membership()))


@blueprint.route("/events/new", methods=["GET", "POST"])
@city_only
@login_required
def create():
    membership = current_membership()
    if not may_create(current_user, membership):
        abort(403)
    form = _with_choices(EventForm(), None)
    if form.validate_on_submit():
        try:
            event = create_event(current_user, membership, g.city.timezone, form.fields_dict())
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("The event is published."), "success")
            return redirect(url_for(".show", event_id=event.id, slug=event.slug))
    return render_form("events/edit.html", form, event=None)


@blueprint.get("/events/<int:event_id>")
@blueprint.get("/events/<int:event_id>-<slug>")
@city_only
def show(event_id: int, slug: str | None = None):
    event = event_or_404(event_id)
    if slug != event.slug:
        return redirect(url_for(".show", event_id=event_id, slug=event.slug), 301)
    membership = current_membership()
    return render_template(
        "events/show.html", event=event, member=is_active_member(membership),
        registration=queries.registration_of(event, membership),
        waiting=queries.waiting_count(event),
        closed=registrations.registration_refusal(event, utcnow()),
        editable=may_edit(event, _account(), membership), action_form=EmptyForm(formdata=None),
        guest_form=GuestForm(formdata=None))


@blueprint.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@city_only
@login_required
def edit(event_id: int):
    event = event_or_404(event_id)
    membership = current_membership()
    if not may_edit(event, current_user, membership):
        abort(403)
    form = _with_choices(EventForm(
        obj=event, starts_at=_local(event.starts_at), ends_at=_local(event.ends_at),
        registration_opens_at=_local(event.registration_opens_at),
        registration_closes_at=_local(event.registration_closes_at),
        capacity="" if event.capacity is None else str(event.capacity),
        themes=[link.theme_id for link in event.theme_links],
        organisations=[link.organisation_id for link in event.organisation_links],
        projects=[link.publication_id for link in event.project_links],
        speakers=[link.speaker_id for link in event.speaker_links]), event)
    if form.validate_on_submit():
        try:
            update_event(event, current_user, membership, g.city.timezone, form.fields_dict())
        except RuleError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".show", event_id=event.id, slug=event.slug))
    return render_form("events/edit.html", form, event=event,
                       action_form=EmptyForm(formdata=None))


@blueprint.post("/events/<int:event_id>/<any(cancel, restore):action>")
@city_only
@login_required
def cancel_event(event_id: int, action: str):
    event = event_or_404(event_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        set_cancelled(event, current_user, current_membership(), action == "cancel")
    except RuleError as error:
        refuse(error)
    flash(_("The event is cancelled.") if action == "cancel"
          else _("The event is back on the agenda."), "success")
    return redirect(url_for(".show", event_id=event.id, slug=event.slug))


@blueprint.post("/events/<int:event_id>/<any(register, unregister, confirm):action>")
@city_only
@login_required
def register(event_id: int, action: str):
    event = event_or_404(event_id)
    if not EmptyForm().validate_on_submit():
        flash(_("The form expired or did not come from this site. Check it and send it "
                "again."), "error")
        return redirect(url_for(".show", event_id=event.id, slug=event.slug))
    membership = current_membership()
    if not is_active_member(membership):
        flash(_("Join this network to register."), "info")
        return redirect(url_for("accounts.join"))
    try:
        if action == "register":
            registration = registrations.register(event.id, membership)
            flash(_("You are registered. See you there!") if registration.state == "confirmed"
                  else _("The event is full: you are on the waitlist. We will write to you "
                         "if a seat frees up."), "success")
        elif action == "confirm":
            registrations.confirm_offer(event.id, membership)
            flash(_("Your seat is confirmed. See you there!"), "success")
        else:
            promoted = registrations.cancel(event.id, membership)
            if promoted is not None:
                enqueue(mail.tell_promoted, g.city.id, promoted.id)
            flash(_("Your registration is cancelled."), "success")
    except RuleError as error:
        db.session.rollback()
        refuse(error)
    return redirect(url_for(".show", event_id=event.id, slug=event.slug))
