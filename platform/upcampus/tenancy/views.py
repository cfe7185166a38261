"""The home page of every host, and a city's branding assets."""

from flask import Blueprint, Response, abort, g, render_template, request
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.core.memo import kept
from upcampus.national.views import national_home
from upcampus.pages.operations import page_menu
from upcampus.tenancy.branding import colour_roles
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.web import city_only, current_city

blueprint = Blueprint("tenancy", __name__, template_folder="templates")

FONT_STACKS = {
    "system": 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    "humanist": '"Gill Sans", "Trebuchet MS", Calibri, "Liberation Sans", sans-serif',
    "serif": 'Georgia, "Times New Roman", "Liberation Serif", serif',
}


@blueprint.get("/")
def home():
    if g.get("city") is None:
        return national_home()
    from upcampus.core.db import utcnow
    from upcampus.events.national import upcoming_national
    from upcampus.events.queries import next_events
    from upcampus.projects.queries import home_blocks

    locale = str(get_locale())
    with_events = current_city.features.get("events", True)
    events = next_events(utcnow()) if with_events else []
    national = upcoming_national(utcnow(), limit=2) if with_events else []
    return render_template("tenancy/city_home.html",
                           description=current_city.text(current_city.description, locale),
                           next_events=events, national_events=national, **home_blocks())


@blueprint.get("/brand/logo")
@city_only
def logo():
    if not current_city.logo_hash:
        abort(404)
    row = db.session.execute(select(Tenant.logo, Tenant.logo_type).where(
        Tenant.id == current_city.id)).one()
    response = Response(row.logo, mimetype=row.logo_type)
    response.set_etag(current_city.logo_hash)
    response.cache_control.public = True
    response.cache_control.max_age = 86400 if request.args.get("v") else 300
    # An SVG opened directly must not run anything.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


@blueprint.app_context_processor
def navigation():
    if g.get("city") is None:
        return {}
    return {"city_pages": city_pages, "city_colours": lambda city: colour_roles(city.branding),
            # Our own constants, safe inside <style> where HTML escaping would break them.
            "brand_font": lambda city: Markup(FONT_STACKS.get(  # noqa: S704
                city.branding.get("font"), FONT_STACKS["system"]))}


def city_pages() -> list[tuple[str, str]]:
    """The city's page menu, read once per request however often a page shows it."""
    if "city_pages" not in g:
        locale, fallback = str(get_locale()), g.city.default_locale
        g.city_pages = kept("page_menu", lambda: tuple(page_menu(locale, fallback)), locale)
    return g.city_pages
