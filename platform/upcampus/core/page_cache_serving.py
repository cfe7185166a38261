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
import json
import logging
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Request

from upcampus.core.i18n import choose_locale
from upcampus.core.page_cache import NATIONAL, store
from upcampus.tenancy.resolver import BadHost, CityInfo, parse_host

log = logging.getLogger("upcampus.page_cache")

SKIPPED_ENDPOINTS = frozenset({"static", "theme_static", "core.healthz"})
# Paths the door never looks up (Flask refuses to keep them anyway): the JSON door,
# static files, the health check.
SKIPPED_PREFIXES = ("/api/", "/static/", "/themes/", "/healthz")
VARY = "Cookie, Accept-Language"
# Headers of a kept page that are the request's own, not the page's.
NOT_KEPT_HEADERS = frozenset({"content-length", "etag", "x-page-cache", "set-cookie"})
# What the door learnt on a miss, so that Flask neither reads the generations again nor
# looks the same key up twice.
DOOR_NOTE = "upcampus.page_cache.door"


def page_key(city: CityInfo | None, generations: tuple[str, ...], host: str, locale: str,
             path: str, args) -> str:
    """The key of a page: the city as snapshotted (its fingerprint changes with its row),
    the generations read before rendering, the host, the language, the path and the
    query (names sorted; repeated names keep their order, a filter may list values in
    order)."""
    query = urlencode(sorted(args.items(multi=True), key=lambda kv: kv[0]))
    parts = (f"{city.id}.{city.fingerprint}" if city else NATIONAL, *generations,
             host.lower(), locale, path, query)
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()


def scopes_of(city: CityInfo | None) -> tuple[str, ...]:
    return (str(city.id), NATIONAL) if city else (NATIONAL,)


def _pack(response: Response, body: bytes) -> bytes:
    etag = hashlib.blake2b(body, digest_size=12).hexdigest()
    headers = [(k, v) for k, v in response.headers.items()
               if k.lower() not in NOT_KEPT_HEADERS]
    return b"\n".join((etag.encode(), json.dumps(headers).encode(), body))


def kept_response(value: bytes, asked) -> Response:
    """A kept page as a response to `asked` (a request or a WSGI environ): 304 when the
    visitor already has it."""
    etag, headers, body = value.split(b"\n", 2)
    response = Response(body, 200, headers=json.loads(headers))
    response.set_etag(etag.decode())
    response.headers["X-Page-Cache"] = "hit"
    return response.make_conditional(asked)


def _share(response: Response) -> Response:
    response.cache_control.public = True
    response.cache_control.max_age = 0  # browsers ask again (a 304 costs little)
    response.cache_control.s_maxage = current_app.config["PAGE_CACHE_SHARED_SECONDS"]
    response.vary.update(v.strip() for v in VARY.split(","))
    return response


# --- in Flask: serve or note the key before the view, keep after it -----------------

def _eligible() -> bool:
    config = current_app.config
    if request.method not in ("GET", "HEAD") or request.endpoint in SKIPPED_ENDPOINTS:
        return False
    if request.endpoint is None or request.blueprint == "api" or "Authorization" in (
            request.headers):
        return False
    cookies = request.cookies
    return not (config["SESSION_COOKIE_NAME"] in cookies
                or config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies)


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
        key = page_key(city, generations, request.host, str(get_locale()), request.path,
                       request.args)
        value = None if door and door[2] == key else pages.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down serves nothing, breaks nothing
        log.exception("page cache unavailable")
        return None
    if value is None:
        g.page_cache_key = key
        return None
    g.page_cache_hit = True
    return kept_response(value, request)


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
    _share(response)
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
        self.personal_cookies = (app.config["SESSION_COOKIE_NAME"],
                                 app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
        self.national_locales = tuple(app.config["NATIONAL_LOCALES"])

    def __call__(self, environ, start_response):
        try:
            answer = self._kept(environ)
        except Exception:  # noqa: BLE001 - Flask serves the page; it logs what is wrong
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
        if any(name in asked.cookies for name in self.personal_cookies):
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
        key = page_key(city, generations, asked.host, locale, asked.path, asked.args)
        value = pages.get(key)
        if value is None:
            environ[DOOR_NOTE] = (scopes, generations, key)
            return None
        return kept_response(value, environ)
