"""The development outbox: what the platform would have emailed, for this host."""

from flask import Blueprint, abort, current_app, g, render_template

from upcampus.notifications.operations import outbox_of

blueprint = Blueprint("notifications", __name__, template_folder="templates")


@blueprint.get("/outbox")
def outbox():
    if not current_app.config["SHOW_OUTBOX"]:
        abort(404)
    return render_template("notifications/outbox.html", emails=outbox_of(g.city))
