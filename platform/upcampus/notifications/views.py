"""Pages of notifications: the bell, the list, marking read, preferences, one-click
unsubscribe; and the development outbox."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required

from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm
from upcampus.core.pagination import page_number, paginate
from upcampus.core.rules import RuleError, validated
from upcampus.core.web import attach_error
from upcampus.notifications import notify
from upcampus.notifications.forms import PreferencesForm
from upcampus.notifications.kinds import KINDS, actors_of, sentence
from upcampus.notifications.operations import outbox_of
from upcampus.notifications.schemas import PreferencesSchema
from upcampus.tenancy.web import city_only

blueprint = Blueprint("notifications", __name__, template_folder="templates")
PER_PAGE = 30


@blueprint.app_context_processor
def notification_sentence():
    # The header's bell count comes with the messages' (conversations/views.py).
    return {"notification_sentence": sentence}


def _member():
    membership = current_membership()
    if membership is None:
        abort(403)
    return membership


@blueprint.get("/notifications")
@city_only
@login_required
def inbox():
    membership = _member()
    page = paginate(notify.list_statement(membership.id), page_number(), PER_PAGE)
    return render_template("notifications/inbox.html", page=page, form=EmptyForm(),
                           actors=actors_of(page.items))


@blueprint.post("/notifications/<int:notification_id>/read")
@blueprint.post("/notifications/read", defaults={"notification_id": None})
@city_only
@login_required
def mark_read(notification_id):
    membership = _member()
    if EmptyForm().validate_on_submit():
        notify.mark_read(membership.id, notification_id)
    else:
        flash(_("The form expired: try again."), "error")
    return redirect(url_for("notifications.inbox", page=request.args.get("page", type=int)))


@blueprint.route("/account/notifications", methods=["GET", "POST"])
@city_only
@login_required
def preferences():
    membership = _member()
    current = notify.cadences_of(membership.id)
    form = PreferencesForm(data=current) if request.method == "GET" else PreferencesForm()
    if form.validate_on_submit():
        try:
            payload = validated(PreferencesSchema, {kind: form[kind].data for kind in KINDS})
        except RuleError as error:
            attach_error(form, error)
        else:
            for kind, cadence in payload.items():
                notify.set_cadence(membership, kind, cadence)
            db.session.commit()
            flash(_("Your notification settings are saved."), "success")
            return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form, kinds=KINDS)


@blueprint.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@city_only
def unsubscribe(token):
    """GET shows a button (mail scanners follow links); POST, from that button or a mail
    client's one-click (RFC 8058, no session, no CSRF token), does it."""
    found = notify.read_unsubscribe_token(token, g.city.id)
    if found is None:
        return render_template("notifications/unsubscribe.html", bad=True), 400
    if request.method == "POST":
        kinds = notify.unsubscribe(token, g.city.id)
        if kinds is None:
            return render_template("notifications/unsubscribe.html", bad=True), 400
        return render_template("notifications/unsubscribe.html", done=True,
                               labels=[KINDS[k][0] for k in kinds])
    return render_template("notifications/unsubscribe.html", token=token,
                           labels=[KINDS[k][0] for k in found[1]])


@blueprint.get("/outbox")
def outbox():
    if not current_app.config["SHOW_OUTBOX"]:
        abort(404)
    response = make_response(render_template("notifications/outbox.html",
                                              emails=outbox_of(g.city)))
    # Never kept for visitors: writing an email leaves the kept pages (core/page_cache.py).
    response.cache_control.no_store = True
    return response
