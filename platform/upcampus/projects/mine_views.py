"""/account/activity: what I do in this network: my publications, my offers of help with
their state, the projects I follow and those I support. One list at a time, paginated,
with a fixed number of queries whatever the numbers of rows."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from upcampus.accounts.web import current_membership
from upcampus.core.pagination import page_number, paginate
from upcampus.projects.models import Follow, HelpOffer, Holder, Need, Publication, Support
from upcampus.tenancy.web import city_only, requires_feature

blueprint = Blueprint("project_mine", __name__, template_folder="templates")
blueprint.before_request(requires_feature("projects"))

LISTS = {"publications": _l("My publications"), "offers": _l("My offers of help"),
         "following": _l("Projects I follow"), "supported": _l("Projects I support")}
PER_PAGE = 20


def _statement(kind: str, membership_id: int):
    if kind == "offers":
        return (select(HelpOffer).join(HelpOffer.need).join(Need.publication)
                .where(HelpOffer.membership_id == membership_id)
                .options(contains_eager(HelpOffer.need).contains_eager(Need.publication),
                         contains_eager(HelpOffer.need).joinedload(Need.skill))
                .order_by(HelpOffer.id.desc()))
    if kind == "publications":
        mine = select(Holder.publication_id).where(Holder.membership_id == membership_id)
        return (select(Publication).where(Publication.id.in_(mine))
                .order_by(Publication.status, Publication.id.desc()))
    model = Follow if kind == "following" else Support
    marked = select(model.publication_id).where(model.membership_id == membership_id)
    return (select(Publication).where(Publication.id.in_(marked),
                                      Publication.status == "published")
            .order_by(Publication.id.desc()))


@blueprint.get("/account/activity")
@city_only
@login_required
def activity():
    membership = current_membership()
    if membership is None:
        return redirect(url_for("accounts.join", next=request.path))
    kind = request.args.get("show", "publications")
    if kind not in LISTS:
        abort(404)
    page = paginate(_statement(kind, membership.id), page_number(), PER_PAGE)
    return render_template("projects/activity.html", lists=LISTS, kind=kind, page=page)
