"""/styleguide: every component of the theme on one page (docs/design.md), for whoever
changes the look. It answers only in development (DEBUG or the STYLEGUIDE setting, on in
config/development.toml); anywhere else it is a 404."""

from flask import Blueprint, abort, current_app, g, render_template

from upcampus.tenancy.branding import colour_roles

blueprint = Blueprint("styleguide", __name__, template_folder="templates")


@blueprint.get("/styleguide")
def styleguide():
    if not (current_app.debug or current_app.config["STYLEGUIDE"]):
        abort(404)
    city = g.get("city")
    roles = colour_roles(city.branding if city is not None else {})
    return render_template("core/styleguide.html", roles=roles)
