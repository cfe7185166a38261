"""A city's own pages."""

from flask import Blueprint, abort, render_template
from flask_babel import get_locale

from upcampus.pages.operations import page_for
from upcampus.tenancy.web import city_only, current_city

blueprint = Blueprint("pages", __name__, template_folder="templates")


@blueprint.get("/pages/<slug>")
@city_only
def show(slug: str):
    page = page_for(slug, str(get_locale()), current_city.default_locale)
    if page is None:
        abort(404)
    return render_template("pages/show.html", page=page)
