"""/search: projects, needs, members and organisations of the current city."""

from flask import Blueprint, g, render_template, request
from flask_babel import get_locale

from upcampus.accounts.policy import is_active_member
from upcampus.accounts.web import current_membership
from upcampus.core.pagination import page_number
from upcampus.search.excerpts import present
from upcampus.search.operations import search

blueprint = Blueprint("search", __name__, template_folder="templates")


@blueprint.get("/search")
def results():
    if g.get("city") is None:  # the base domain: what every city made public
        from upcampus.national.views import national_search

        return national_search()
    query = request.args.get("q", "").replace("\x00", " ").strip()[:200]
    page = (search(query, member=is_active_member(current_membership()), page=page_number())
            if query else None)
    language = str(get_locale())
    shown = [(doc, *present(doc, query, language)) for doc in page.items] if page else []
    return render_template("search/results.html", query=query, page=page, shown=shown)
