"""/styleguide: every component of the theme on one page (docs/design.md), for whoever
changes the look. Registered only in development (DEBUG or the STYLEGUIDE setting)."""

from flask import Blueprint, g, render_template

from upcampus.tenancy.branding import colour_roles

blueprint = Blueprint("styleguide", __name__, template_folder="templates")


@blueprint.get("/styleguide")
def styleguide():
    city = g.get("city")
    roles = colour_roles(city.branding if city is not None else {})
    return render_template("core/styleguide.html", roles=roles)
