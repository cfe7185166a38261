"""The request side of the page cache (core/page_cache.py): which requests may be served a
kept page, the key of a page, keeping a page after it is rendered, and the door.

The door is WSGI middleware in front of Flask: a visitor's request for a kept page is
answered there, from the host cache, two cache reads and the key, without a request
context, a session, hooks or SQL. Anything it cannot decide on its own (a host not yet
resolved by this process, a suspended city) goes on to Flask, whose hook below serves or
keeps the page with the same key.
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from itsdangerous import BadSignature
from werkzeug.wrappers import Request

from upcampus.core.errors import security_headers
from upcampus.core.i18n import choose_locale
from upcampus.core.page_cache import NATIONAL, scopes_of, store
from upcampus.tenancy.resolver import BadHost, CityInfo, parse_host

log = logging.getLogger("upcampus.page_cache")

SKIPPED_ENDPOINTS = frozenset({"static", "theme_static", "core.healthz"})
# Paths the door never looks up (Flask refuses to keep them anyway): the JSON door,
# static files, the health check.
SKIPPED_PREFIXES = ("/api/", "/static/", "/themes/", "/healthz")
VARY = "Cookie, Accept-Language"
# Cookies that make a visitor's page their own, besides the session's and the remember
# one: a domain that reads a cookie into a page names it here (`personal_cookie`).
PERSONAL_COOKIES = "upcampus_personal_cookies"
# What the door learnt on a miss, so that Flask neither reads the generations again nor
# looks the same key up twice.
DOOR_NOTE = "upcampus.page_cache.door"


def personal_cookie(app: Flask, name: str) -> None:
    """A cookie that goes into pages: a visitor who has it is never served a kept page,
    and a page made for them is never kept."""
    app.extensions.setdefault(PERSONAL_COOKIES, set()).add(name)


def _personal_cookies(app: Flask) -> set[str]:
    return {app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
            *app.extensions.get(PERSONAL_COOKIES, ())}


# What a visitor's session may hold and still be shown the shared pages: the form token
# of a login page seen earlier, Flask-Login's freshness mark left after signing out. A
# signed-in person, a flash message or anything else makes the page their own.
ANONYMOUS_SESSION_KEYS = frozenset({"csrf_token", "_fresh", "_permanent"})


def _anonymous_session(app: Flask, cookies) -> bool:
    """Whether the session cookie, if any, holds nothing of the visitor (checked by its
    signature, as Flask will; a cookie that does not verify is left to Flask)."""
    raw = cookies.get(app.config["SESSION_COOKIE_NAME"])
    if raw is None:
        return True
    serializer = app.session_interface.get_signing_serializer(app)
    if serializer is None:
        return False
    try:
        data = serializer.loads(raw, max_age=int(
            app.permanent_session_lifetime.total_seconds()))
    except BadSignature:
        return False
    return isinstance(data, dict) and set(data) <= ANONYMOUS_SESSION_KEYS


def page_key(city: CityInfo | None, generations: tuple[str, ...], scheme: str, host: str,
             locale: str, path: str, args) -> str:
    """The key of a page: the city as snapshotted (its fingerprint changes with its row),
    the generations read before rendering, the scheme and host (links to the cities are
    absolute), the language, the path and the query (names sorted; repeated names keep
    their order, a filter may list values in order)."""
    query = urlencode(sorted(args.items(multi=True), key=lambda kv: kv[0]))
    parts = (f"{city.id}.{city.fingerprint}" if city else NATIONAL, *generations,
             scheme, host.lower(), locale, path, query)
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()


def _pack(response: Response, body: bytes) -> bytes:
    """The page and its type only: the other headers are the deployment's, set afresh on
    every answer (a changed policy applies to kept pages at once)."""
    etag = hashlib.blake2b(body, digest_size=12).hexdigest()
    return b"\n".join((etag.encode(), response.content_type.encode(), body))


def kept_response(value: bytes, asked, shared_seconds: int) -> Response:
    """A kept page as a response to `asked` (a request or a WSGI environ), with the
    headers of every page: 304 when the visitor already has it."""
    etag, content_type, body = value.split(b"\n", 2)
    response = _share(Response(body, 200, content_type=content_type.decode()),
                      shared_seconds)
    response.set_etag(etag.decode())
    response.headers["X-Page-Cache"] = "hit"
    return security_headers(response).make_conditional(asked)


def _share(response: Response, shared_seconds: int) -> Response:
    response.cache_control.public = True
    response.cache_control.max_age = 0  # browsers ask again (a 304 costs little)
    response.cache_control.s_maxage = shared_seconds
    response.vary.update(v.strip() for v in VARY.split(","))
    return response


# --- in Flask: serve or note the key before the view, keep after it -----------------

def _eligible() -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint in SKIPPED_ENDPOINTS:
        return False
    if request.endpoint is None or request.blueprint == "api" or "Authorization" in (
            request.headers):
        return False
    if any(name in request.cookies for name in _personal_cookies(current_app)):
        return False
    return set(session.keys()) <= ANONYMOUS_SESSION_KEYS


def serve_from_cache():
    """before_request, after the city is resolved: a kept page, or note its key."""
    pages = store()
    if pages is None or not _eligible():
        return None
    city = g.get("city")
    scopes = scopes_of(city)
    door = request.environ.get(DOOR_NOTE)
    try:
        generations = door[1] if door and door[0] == scopes else pages.generations(scopes)
        g.generations = generations  # core/memo.py reads them from here
        key = page_key(city, generations, request.scheme, request.host, str(get_locale()),
                       request.path, request.args)
        value = None if door and door[2] == key else pages.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down serves nothing, breaks nothing
        log.exception("page cache unavailable")
        return None
    if value is None:
        g.page_cache_key = key
        return None
    g.page_cache_hit = True
    return kept_response(value, request, current_app.config["PAGE_CACHE_SHARED_SECONDS"])


def _storable(response: Response) -> bool:
    config = current_app.config
    return (request.method == "GET" and response.status_code == 200
            and not response.is_streamed and response.mimetype == "text/html"
            and "Set-Cookie" not in response.headers
            and not (response.cache_control.private or response.cache_control.no_store)
            and config.get("WTF_CSRF_FIELD_NAME", "csrf_token") not in g
            and not session and not session.modified
            and not current_user.is_authenticated
            and response.calculate_content_length() <= config["PAGE_CACHE_MAX_BYTES"])


def keep_page(response: Response) -> Response:
    """after_request, run last: keep what nobody in particular was shown."""
    key = g.pop("page_cache_key", None)
    if key is None or g.get("page_cache_hit") or not _storable(response):
        return response
    _share(response, current_app.config["PAGE_CACHE_SHARED_SECONDS"])
    value = _pack(response, response.get_data())
    try:
        store().put(key, value)
    except Exception:  # noqa: BLE001
        log.exception("page cache unavailable")
        return response
    response.set_etag(value.split(b"\n", 1)[0].decode())
    response.headers["X-Page-Cache"] = "stored"
    return response.make_conditional(request)


# --- before Flask: the door ----------------------------------------------------------

class PageCacheDoor:
    """WSGI middleware answering kept pages before Flask is entered."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self.national_locales = tuple(app.config["NATIONAL_LOCALES"])
        self.shared_seconds = app.config["PAGE_CACHE_SHARED_SECONDS"]

    def __call__(self, environ, start_response):
        try:
            answer = self._kept(environ)
        except Exception:  # noqa: BLE001 - Flask serves the page
            log.exception("page cache door failed")
            answer = None
        if answer is None:
            return self.wsgi_app(environ, start_response)
        return answer(environ, start_response)

    def _kept(self, environ) -> Response | None:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or (
                environ.get("PATH_INFO", "").startswith(SKIPPED_PREFIXES)
                or "HTTP_AUTHORIZATION" in environ):
            return None
        asked = Request(environ)
        if any(name in asked.cookies for name in _personal_cookies(self.app)) or (
                not _anonymous_session(self.app, asked.cookies)):
            return None
        try:
            host = parse_host(environ.get("HTTP_HOST"))
        except BadHost:
            return None
        resolution = self.app.extensions["upcampus_resolver"].peek(host)
        if resolution is None or resolution.kind == "unknown" or (
                resolution.city is not None and resolution.city.status != "active"):
            return None  # Flask resolves it (and answers an unknown or closed city)
        city, pages = resolution.city, self.app.extensions["upcampus_page_cache"]
        scopes = scopes_of(city)
        generations = pages.generations(scopes)
        locale = (choose_locale(asked, city.locales, city.default_locale) if city else
                  choose_locale(asked, self.national_locales, self.national_locales[0]))
        key = page_key(city, generations, asked.scheme, asked.host, locale, asked.path,
                       asked.args)
        value = pages.get(key)
        if value is None:
            environ[DOOR_NOTE] = (scopes, generations, key)
            return None
        return kept_response(value, environ, self.shared_seconds)
