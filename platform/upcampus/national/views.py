"""The national site of Mouvement UP, on the base domain."""

from flask import Blueprint, current_app, render_template, request
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import load_only

from upcampus.core.pagination import page_number, paginate
from upcampus.national.summary import current_figures
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.resolver import city_url

CITIES_PER_PAGE = 24


def national_home():
    """The networks, a page at a time, with links to their hosts, and the national
    figures from their summary: the cost of the page does not grow with the cities."""
    port = request.host.rpartition(":")[2] if ":" in request.host else None
    locale = str(get_locale())
    page = paginate(select(Tenant).where(Tenant.status == "active").options(load_only(
        Tenant.name, Tenant.city, Tenant.subdomain, Tenant.description,
        Tenant.default_locale)).order_by(Tenant.name, Tenant.id), page_number(),
        CITIES_PER_PAGE)
    cities = [{"name": tenant.name, "city": tenant.city,
               "description": (tenant.description or {}).get(locale)
               or (tenant.description or {}).get(tenant.default_locale) or "",
               "url": city_url(tenant, current_app.config["BASE_DOMAIN"], request.scheme,
                               int(port) if port else None)} for tenant in page.items]
    return render_template("national/home.html", cities=cities, page=page,
                           figures=current_figures())


# Holds the national templates; the national home is routed by tenancy's "/" view.
blueprint = Blueprint("national", __name__, template_folder="templates")
