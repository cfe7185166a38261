"""/search: projects, needs, members and organisations of the current city."""

from flask import Blueprint, render_template, request

from upcampus.accounts.operations import current_membership
from upcampus.accounts.policy import is_active_member
from upcampus.search.operations import search
from upcampus.tenancy.web import city_only

blueprint = Blueprint("search", __name__, template_folder="templates")


@blueprint.get("/search")
@city_only
def results():
    query = request.args.get("q", "").replace("\x00", " ").strip()[:200]
    page = search(query, member=is_active_member(current_membership())) if query else None
    return render_template("search/results.html", query=query, page=page)
