"""Open-data pages and downloads of a city and of the national site, and Atom feeds."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, current_app, g, render_template, request
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from upcampus.opendata.datasets import LICENCE, MEDIA_TYPES, aware
from upcampus.opendata.feeds import events_feed, projects_feed
from upcampus.opendata.models import DATASETS, FORMATS
from upcampus.opendata.operations import city_file, city_files, national_file, national_listing
from upcampus.tenancy.resolver import city_url
from upcampus.tenancy.web import city_only

blueprint = Blueprint("opendata", __name__, template_folder="templates")

TITLES = {"projects": _l("Published ideas, projects and wishes"),
          "organisations": _l("Organisations"), "events": _l("Events")}
DESCRIPTIONS = {
    "projects": _l("Title, kind, stage, themes, neighbourhood, holding organisations, date "
                   "of publication, number of open needs and address of every published "
                   "publication. Drafts and members' names are never included."),
    "organisations": _l("Name, kind, website, neighbourhood, offers and address of every "
                        "organisation of the network."),
    "events": _l("Title, kind, status, start and end (local time), place, address, online "
                 "link, accessibility, seats, themes, organisers, speakers, attendance and "
                 "address of every event. Who registered is never included."),
}
DOWNLOAD = "/open-data/<any(projects, organisations, events):dataset>.<any(csv, json):fmt>"
MAX_AGE = 3600  # files change once a day; an hour of staleness costs nobody


@blueprint.app_context_processor
def opendata_helpers():
    return {"file_size": file_size}


def file_size(size: int) -> str:
    if size < 1000:
        return _("%(size)s bytes", size=size)
    if size < 1_000_000:
        return _("%(size)s kB", size=format_decimal(size / 1000, "0.#"))
    return _("%(size)s MB", size=format_decimal(size / 1_000_000, "0.#"))


def _conditional(digest: str, generated_at, build, fmt: str, filename: str) -> Response:
    """A download with its validators; a client that has these bytes gets a 304 before
    anything is read or built."""
    response = Response(status=200, mimetype=MEDIA_TYPES[fmt])
    response.set_etag(digest)
    response.last_modified = aware(generated_at)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    if request.if_none_match.contains(digest):
        response.status_code = 304
        return response
    if request.if_modified_since and not request.if_none_match and generated_at and (
            aware(generated_at).replace(microsecond=0) <= request.if_modified_since):
        response.status_code = 304
        return response
    response.set_data(build())
    return response


@blueprint.get("/open-data")
def index():
    locale = str(get_locale())
    common = {"titles": TITLES, "descriptions": DESCRIPTIONS, "licence": LICENCE,
              "datasets": DATASETS, "formats": FORMATS, "locale": locale}
    if g.get("city") is None:
        port = request.host.rpartition(":")[2] if ":" in request.host else None
        cities = [{**item, "url": city_url(item["city"], current_app.config["BASE_DOMAIN"],
                                           request.scheme, int(port) if port else None)}
                  for item in national_listing()]
        return render_template("opendata/national.html", cities=cities, **common)
    return render_template("opendata/index.html", files=city_files(g.city.id), **common)


@blueprint.get(DOWNLOAD)
def download(dataset: str, fmt: str):
    if g.get("city") is None:
        aggregate = national_file(dataset, fmt)
        return _conditional(aggregate.digest, aggregate.generated_at, aggregate.build, fmt,
                            f"upcampus-{dataset}.{fmt}")
    row = city_file(g.city, dataset, fmt)
    return _conditional(row.digest, row.generated_at, lambda: row.data, fmt,
                        f"{g.city.slug}-{dataset}.{fmt}")


@blueprint.get("/feeds/projects.atom", endpoint="projects_feed")
@city_only
def projects_feed_view():
    if not g.city.features.get("projects", True):
        abort(404)
    body = projects_feed(g.city, str(get_locale()))
    digest = hashlib.sha256(body).hexdigest()
    response = _conditional(digest, None, lambda: body, "json", "projects.atom")
    response.mimetype = "application/atom+xml"
    response.cache_control.max_age = 900
    response.vary.update(("Accept-Language", "Cookie"))  # its title is in the reader's language
    return response


@blueprint.get("/feeds/events.atom", endpoint="events_feed")
@city_only
def events_feed_view():
    if not g.city.features.get("events", True):
        abort(404)
    body = events_feed(g.city, str(get_locale()))
    digest = hashlib.sha256(body).hexdigest()
    response = _conditional(digest, None, lambda: body, "json", "events.atom")
    response.mimetype = "application/atom+xml"
    response.cache_control.max_age = 900
    response.vary.update(("Accept-Language", "Cookie"))  # its title is in the reader's language
    return response
