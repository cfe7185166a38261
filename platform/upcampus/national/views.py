"""The national site of Mouvement UP, on the base domain."""

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale

from upcampus.tenancy.operations import active_tenants
from upcampus.tenancy.resolver import CityInfo, city_url


def national_home():
    """Every active city network, with a link to its own host."""
    port = request.host.rpartition(":")[2] if ":" in request.host else None
    locale = str(get_locale())
    cities = []
    for tenant in active_tenants():
        info = CityInfo.from_row(tenant)
        cities.append({"info": info, "description": info.text(info.description, locale),
                       "url": city_url(info, current_app.config["BASE_DOMAIN"],
                                       request.scheme, int(port) if port else None)})
    return render_template("national/home.html", cities=cities)


# Holds the national templates; the national home is routed by tenancy's "/" view.
blueprint = Blueprint("national", __name__, template_folder="templates")
