"""Per-request tenancy: resolve the Host once, enter the city's scope, leave it after."""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort, current_app, g, render_template, request
from werkzeug.local import LocalProxy

from upcampus.tenancy.context import Scope, enter_scope, leave_scope, reset_scope
from upcampus.tenancy.resolver import BadHost, CityInfo, make_resolver, parse_host

# Endpoints answered on any well-formed host, known or not.
HOST_FREE_ENDPOINTS = {"core.healthz", "static", "theme_static"}

current_city: CityInfo | None = LocalProxy(lambda: g.get("city"))  # type: ignore[assignment]


def resolver():
    return current_app.extensions["upcampus_resolver"]


def _resolve_request():
    reset_scope()  # nothing a previous request left on this thread carries over
    g.city = None
    if request.endpoint == "core.healthz":
        return None
    try:
        host = parse_host(request.environ.get("HTTP_HOST"))  # no Host, no site
    except BadHost:
        return render_template("errors/bad_host.html"), 400
    if request.endpoint in HOST_FREE_ENDPOINTS:
        return None
    resolution = resolver().resolve(host)
    if resolution.kind == "unknown":
        return render_template("errors/unknown_host.html"), 404
    g.city = resolution.city
    g.scope_token = enter_scope(Scope(tenant_id=g.city.id if g.city else None))
    if g.city is not None and g.city.status == "suspended":
        return render_template("errors/suspended.html"), 503, {"Retry-After": "3600"}
    return None


def _note_failure(response):
    # The error handlers turn exceptions into 500 pages, so teardown sees no exception.
    if response.status_code >= 500:
        g.request_failed = True
    return response


def _leave_request(exc):
    token = g.pop("scope_token", None)
    if token is not None:
        failed = exc is not None or g.pop("request_failed", False)
        from upcampus.core.db import db

        session = db.session()
        if not failed and not (session.new or session.dirty or session.deleted):
            # Nothing left to write: end the request's transaction here rather than carry
            # the scope change into it (one statement less per request; the app context's
            # teardown would only roll it back).
            session.close()
        # A failed request's pending writes are dropped, never flushed.
        leave_scope(token, failed=failed)


def init_tenancy(app: Flask) -> None:
    app.extensions["upcampus_resolver"] = make_resolver(
        app.config["BASE_DOMAIN"], app.config["TENANT_CACHE_SECONDS"])
    # Put first among the hooks registered so far: nothing may touch data before the
    # city is known. Hooks added later (the NUL-path check, limits) run after it.
    app.before_request_funcs.setdefault(None, []).insert(0, _resolve_request)
    app.after_request(_note_failure)
    app.teardown_request(_leave_request)

    @app.context_processor
    def city_context():
        return {"city": g.get("city")}


def this_base_url() -> str:
    """The address links in what this page sends (emails) start with: the city's
    configured one, on HTTPS if the page was asked over HTTPS."""
    from upcampus.core.links import public_base_url, request_scheme

    return public_base_url(g.get("city"), request_scheme())


def requires_feature(name: str):
    """A before_request hook for a blueprint the city may switch off in its manifest."""
    def check():
        city = g.get("city")
        if city is not None and not city.features.get(name, True):
            abort(404)
    return check


def city_only(view):
    """A view that exists on city hosts only; the national site answers 404."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("city") is None:
            abort(404)
        return view(*args, **kwargs)
    return wrapper
