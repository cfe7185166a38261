"""Errors of the API as application/problem+json (RFC 9457): type, title, status,
detail, and `errors` {field: message} for validation; every text in the reader's
language. Views raise Problem; core/errors.py hands any other error under /api/ here."""

from __future__ import annotations

import json

from flask import Response, g, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

TITLES = {
    "invalid-json": (400, _l("The body is not valid JSON.")),
    "bad-request": (400, _l("This request is not understood.")),
    "bad-cursor": (400, _l("This cursor was not given by this API.")),
    "unauthenticated": (401, _l("A valid token of this network is needed.")),
    "forbidden": (403, _l("This token may not do that.")),
    "not-found": (404, _l("Nothing was found at this address.")),
    "method-not-allowed": (405, _l("This method is not allowed here.")),
    "not-acceptable": (406, _l("This API answers in JSON only.")),
    "conflict": (409, _l("Someone changed this meanwhile: read it again, then retry.")),
    "too-large": (413, _l("The body is too large.")),
    "unsupported-media-type": (415, _l("Send the body as application/json.")),
    "validation": (422, _l("Some fields are not valid.")),
    "idempotency-conflict": (422, _l("This Idempotency-Key was used with another body.")),
    "too-many-requests": (429, _l("Too many requests: wait a little and try again.")),
    "server-error": (500, _l("Something went wrong on our side. Nothing was saved.")),
    "unavailable": (503, _l("This network is temporarily closed.")),
}
BY_STATUS = {status: kind for kind, (status, _title) in reversed(TITLES.items())}


class Problem(HTTPException):
    def __init__(self, kind: str, detail=None, errors: dict | None = None,
                 headers: dict | None = None):
        self.code = TITLES[kind][0]
        super().__init__(str(detail) if detail else None)
        self.kind, self.detail, self.errors = kind, detail, errors
        self.extra_headers = headers or {}


def problem_body(kind: str, detail=None, errors: dict | None = None) -> dict:
    status, title = TITLES[kind]
    body = {"type": _type_url(kind), "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = {field: str(message) for field, message in errors.items()}
    return body


def _type_url(kind: str) -> str:
    try:
        return url_for("api.docs", _anchor=f"problem-{kind}", _external=True)
    except Exception:  # noqa: BLE001 - no city (national host): a plain name will do
        return f"about:blank#{kind}"


def problem_response(exc: HTTPException) -> Response:
    """Any HTTP error as a problem: ours carry their kind, werkzeug's map by status."""
    if isinstance(exc, Problem):
        kind, detail, errors, headers = exc.kind, exc.detail, exc.errors, exc.extra_headers
    else:
        kind = BY_STATUS.get(exc.code or 500, "bad-request")
        detail, errors, headers = None, None, {}
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            headers = {"Allow": ", ".join(exc.valid_methods)}
        if exc.code == 429 and getattr(exc, "retry_after", None):
            headers = {"Retry-After": str(exc.retry_after)}
    if kind == "not-found" and g.get("city") is None and not detail:
        detail = _l("The API is served on each network's own address.")
    body = problem_body(kind, detail, errors)
    response = Response(json.dumps(body, ensure_ascii=False), status=body["status"],
                        mimetype="application/problem+json", headers=headers)
    response.headers["Content-Language"] = _language()
    return response


def _language() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "fr")
