"""The national API on the base domain: what the active cities made public (projects,
organisations, events), read as JSON pages across cities, from the same files as the open
data downloads. Anyone may read it; nothing private is in those files."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, g, request
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeSerializer

from upcampus.api.door import DEFAULT_LIMIT, MAX_LIMIT
from upcampus.api.problems import Problem
from upcampus.opendata.operations import national_file

blueprint = Blueprint("national_api", __name__, url_prefix="/api/v1/national")


def _cursors() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="upcampus-national-api")


def _page_request(dataset: str, city: str) -> tuple[int, int]:
    """(offset, limit) from the query string; a cursor made for another listing is refused."""
    raw_limit = request.args.get("limit", str(DEFAULT_LIMIT))
    if not (raw_limit.isascii() and raw_limit.isdigit() and len(raw_limit) <= 4
            and 1 <= int(raw_limit) <= MAX_LIMIT):
        raise Problem("validation", errors={"limit": _l(
            "Give a whole number from 1 to %(max)d.", max=MAX_LIMIT)})
    raw_cursor = request.args.get("cursor")
    if raw_cursor is None:
        return 0, int(raw_limit)
    try:
        found = _cursors().loads(raw_cursor)
        if found["l"] != f"{dataset}:{city}" or not isinstance(found["o"], int):
            raise ValueError
    except (BadData, KeyError, TypeError, ValueError):
        raise Problem("bad-request", _l("This cursor was not given by this API.")) from None
    return found["o"], int(raw_limit)


@blueprint.get("/<any(projects, organisations, events):dataset>")
def national_dataset(dataset: str):
    """Rows of every active city (or of `city`, by its name), a page at a time."""
    if g.get("city") is not None:
        raise Problem("not-found")  # a city's own API is /api/v1/ on its host
    city = request.args.get("city", "").strip()[:120]
    offset, limit = _page_request(dataset, city)
    aggregate = national_file(dataset, "json")
    rows = json.loads(aggregate.build())["rows"]
    if city:
        rows = [row for row in rows if row.get("city") == city]
    page = rows[offset:offset + limit]
    following = offset + limit if offset + limit < len(rows) else None
    body = {"items": page, "count": len(rows), "next_cursor": None if following is None
            else _cursors().dumps({"l": f"{dataset}:{city}", "o": following})}
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=300"
    response.add_etag()
    return response.make_conditional(request)
