"""Asking again: when a new version of the charter or the terms is in force, a signed-in
person sees this page before anything else; accepting records it, declining explains
what it means and signs out."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from upcampus.accounts import consent
from upcampus.accounts.views import end_this_session
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm
from upcampus.core.views import safe_next

blueprint = Blueprint("consent", __name__, template_folder="templates")

# Pages a person may reach before accepting: this one, signing out, the documents
# themselves, the language switch, logos and static files, unsubscribing from an email,
# the health check, and the API (which refuses writes on its own, api/door.py).
OPEN_ENDPOINTS = {"accounts.logout", "pages.show", "core.choose_language", "core.healthz",
                  "tenancy.logo", "national.city_logo", "notifications.unsubscribe",
                  # Refusing new terms never locks anyone out of their data (GDPR).
                  "account_erasure.delete", "account_erasure.leave", "account_export.ask",
                  "account_export.download"}
OPEN_BLUEPRINTS = {"api", "consent"}


def _is_open(endpoint: str | None) -> bool:
    if endpoint is None or endpoint in OPEN_ENDPOINTS or endpoint.endswith("static"):
        return True
    return endpoint.partition(".")[0] in OPEN_BLUEPRINTS


@blueprint.before_app_request
def ask_before_anything_else():
    if not current_user.is_authenticated or _is_open(request.endpoint):
        return None
    if session.get(consent.SESSION_KEY) == consent.fingerprint():
        return None
    if consent.missing(current_user.id):
        # A form sent from an old page is not replayed: back to the home page after.
        target = request.full_path.rstrip("?") if request.method == "GET" else "/"
        return redirect(url_for("consent.ask", next=target))
    session[consent.SESSION_KEY] = consent.fingerprint()
    return None


@blueprint.get("/consent")
def ask():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return render_template("accounts/consent.html", form=EmptyForm(),
                           documents=consent.missing(current_user.id),
                           next=safe_next(request.args.get("next")))


@blueprint.post("/consent")
def answer():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    form = EmptyForm()
    target = safe_next(request.form.get("next"))
    if not form.validate_on_submit():
        return redirect(url_for(".ask", next=target))
    if request.form.get("decision") != "accept":
        # Declined: the account stays, it takes part nowhere until it accepts.
        end_this_session()
        flash(_("You declined the new charter and terms of use, so you are signed out: "
                "you can still read the networks, but not take part. Sign in again and "
                "accept them whenever you wish."), "info")
        return redirect(url_for("tenancy.home"))
    city = g.get("city")
    consent.record(current_user.id, city.id if city is not None else None, accepted=True)
    db.session.commit()
    session[consent.SESSION_KEY] = consent.fingerprint()
    flash(_("Thank you: the new charter and terms of use are accepted."), "success")
    return redirect(target)
