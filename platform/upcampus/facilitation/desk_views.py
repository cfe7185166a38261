"""The city desk ("Espace ville"): one entry for the city's staff, with the way to every
page their role allows and what needs them now."""

from flask import Blueprint, abort, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from upcampus.accounts.policy import can
from upcampus.accounts.web import current_membership
from upcampus.facilitation import queries
from upcampus.tenancy.web import city_only

blueprint = Blueprint("desk", __name__, template_folder="templates")

# (label, endpoint, arguments, permission): the desk shows those the role allows.
PLACES = [
    (_l("Projects board"), "facilitation.board", {}, "facilitation.run"),
    (_l("My projects"), "facilitation.board", {"referent": "me"}, "facilitation.run"),
    (_l("Partners"), "partners.directory", {}, "facilitation.run"),
    (_l("Impact report"), "report.show", {}, "facilitation.run"),
    (_l("Moderation"), "moderation.queue", {}, "content.moderate"),
    (_l("Members and roles"), "admin_members.members", {}, "members.manage"),
    (_l("Local themes and skills"), "taxonomy.local_entries", {}, "taxonomy.extend"),
    (_l("Neighbourhoods"), "tenancy_admin.neighbourhoods", {}, "branding.manage"),
    (_l("Colours and logo"), "tenancy_admin.branding", {}, "branding.manage"),
    (_l("The network's words"), "tenancy_admin.words", {}, "branding.manage"),
]


def places() -> list[tuple[str, str]]:
    membership = current_membership()
    return [(label, url_for(endpoint, **args)) for label, endpoint, args, permission in PLACES
            if can(current_user, permission, membership)]


@blueprint.get("/desk")
@city_only
@login_required
def desk():
    membership = current_membership()
    if not can(current_user, "desk.open", membership):
        abort(403)
    facilitator = can(current_user, "facilitation.run", membership)
    return render_template("facilitation/desk.html", places=places(),
                           facilitator=facilitator,
                           now=queries.desk() if facilitator else None)


@blueprint.app_context_processor
def desk_link():
    return {"can_open_desk": lambda: can(current_user, "desk.open", current_membership())}
