"""/search: projects, needs, members and organisations of the current city."""

from flask import Blueprint, render_template, request
from flask_babel import get_locale

from upcampus.accounts.policy import is_active_member
from upcampus.accounts.web import current_membership
from upcampus.core.pagination import page_number
from upcampus.search.excerpts import present
from upcampus.search.operations import search
from upcampus.tenancy.web import city_only

blueprint = Blueprint("search", __name__, template_folder="templates")


@blueprint.get("/search")
@city_only
def results():
    query = request.args.get("q", "").replace("\x00", " ").strip()[:200]
    page = search(query, member=is_active_member(current_membership()),
                  page=page_number()) if query else None
    language = str(get_locale())
    shown = [(doc, *present(doc, query, language)) for doc in page.items] if page else []
    return render_template("search/results.html", query=query, page=page, shown=shown)
