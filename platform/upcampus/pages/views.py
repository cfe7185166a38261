"""A city's own pages."""

from flask import Blueprint, g, render_template
from flask_babel import get_locale

from upcampus.pages.operations import page_for
from upcampus.tenancy.web import current_city

blueprint = Blueprint("pages", __name__, template_folder="templates")


@blueprint.get("/pages/<slug>")
def show(slug: str):
    """The city's own page; else the shared national page of that name (charter, legal
    notice...), which every city shows beside its own. On the base domain: national."""
    from upcampus.national.views import national_page

    if g.get("city") is None:
        return national_page(slug)
    page = page_for(slug, str(get_locale()), current_city.default_locale)
    if page is None:
        return national_page(slug)
    return render_template("pages/show.html", page=page)
