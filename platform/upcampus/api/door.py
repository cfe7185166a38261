"""The API's plumbing, shared by its views: who is reading (token or session), the
opaque cursor, the page size, the JSON body, and ETags."""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, current_app, g, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from itsdangerous import BadData, URLSafeSerializer
from marshmallow import Schema, ValidationError
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.validators import ValidationError as CsrfRefused

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.web import current_membership
from upcampus.api.models import IdempotentAnswer
from upcampus.api.operations import find_token
from upcampus.api.problems import Problem
from upcampus.core.db import db
from upcampus.core.marshmallow_i18n import translated
from upcampus.core.rules import RuleError
from upcampus.core.web import MAX_ID
from upcampus.tenancy.web import current_city

READS = ("GET", "HEAD")
DEFAULT_LIMIT, MAX_LIMIT = 20, 100


def authenticate() -> None:
    """A bearer token of this city; or the browser session (a same-site script: its writes
    carry the page's CSRF token in X-CSRFToken); or nobody, for reads of what a visitor
    sees."""
    if g.get("city") is None or not g.city.features.get("api", True):
        raise Problem("not-found")  # the national site, or a city that closed its API
    g.api_token = g.api_account = g.api_membership = None
    g.api_session_write = False
    header = request.headers.get("Authorization")
    if header is not None:
        kind, _sep, secret = header.strip().partition(" ")
        token = find_token(secret.strip()) if kind.lower() == "bearer" else None
        if token is None:  # unknown, revoked, or another city's
            raise Problem("unauthenticated", headers={"WWW-Authenticate": "Bearer"})
        g.api_token = token
        g.api_account = db.session.get(Account, token.account_id)
        g.api_membership = db.session.scalar(select(Membership).where(
            Membership.account_id == token.account_id))
    elif current_user.is_authenticated:
        g.api_account, g.api_membership = current_user, current_membership()
        if request.method not in READS:
            _same_site_script()
    elif request.method not in READS:
        raise Problem("unauthenticated", headers={"WWW-Authenticate": "Bearer"})


def _same_site_script() -> None:
    """A write with the session cookie counts only with the CSRF token of one of this
    site's pages: another site can make the browser send the cookie, not the token."""
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except CsrfRefused:
        raise Problem("forbidden", _l("A script of this site sends the page's CSRF token in "
                                      "the X-CSRFToken header.")) from None
    g.api_session_write = True


def require_account() -> tuple[Account, Membership | None]:
    if g.api_account is None:
        raise Problem("unauthenticated", headers={"WWW-Authenticate": "Bearer"})
    return g.api_account, g.api_membership


def require_write() -> None:
    if g.api_token is None and g.get("api_session_write"):
        _require_consent()
        return
    if g.api_token is None:
        raise Problem("unauthenticated", headers={"WWW-Authenticate": "Bearer"})
    if g.api_token.scope != "write":
        raise Problem("forbidden", _l("This token is read-only."))
    _require_consent()


def _require_consent() -> None:
    """Writes, like the pages, wait until the charter and terms in force are accepted
    (on the site: the API has no page to ask on)."""
    from upcampus.accounts import consent

    if g.api_account is not None and consent.missing(g.api_account.id):
        raise Problem("forbidden", consent.REFUSED)


def _cursors() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="upcampus-api-cursor")


def make_cursor(listing: str, last_id: int) -> str:
    return _cursors().dumps({"l": listing, "i": last_id, "c": current_city.id})


def page_request(listing: str) -> tuple[int | None, int]:
    """(the id after which the page starts, or None; the page size) from the query."""
    raw_limit = request.args.get("limit", str(DEFAULT_LIMIT))
    if not (raw_limit.isascii() and raw_limit.isdigit()
            and 1 <= int(raw_limit[:4]) <= MAX_LIMIT and len(raw_limit) <= 4):
        raise Problem("validation", errors={"limit": _l(
            "Give a whole number from 1 to %(max)d.", max=MAX_LIMIT)})
    raw_cursor = request.args.get("cursor")
    if raw_cursor is None:
        return None, int(raw_limit)
    try:
        data = _cursors().loads(raw_cursor[:500])
    except (BadData, UnicodeError):  # forged, cut, or not even text we wrote
        data = None
    if not (isinstance(data, dict) and data.get("l") == listing
            and data.get("c") == current_city.id and type(data.get("i")) is int
            and 0 < data["i"] <= MAX_ID):
        raise Problem("bad-cursor", errors={"cursor": _l(
            "Use the next_cursor of a previous page, as it was given.")})
    return data["i"], int(raw_limit)


def keyset_page(statement, model, listing: str, dump) -> dict:
    """Newest first by id: a page after the cursor, and the cursor of the next one."""
    after, limit = page_request(listing)
    statement = statement.order_by(None).order_by(model.id.desc())
    if after is not None:
        statement = statement.where(model.id < after)
    rows = list(db.session.scalars(statement.limit(limit + 1)).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [dump(row) for row in rows],
            "next_cursor": make_cursor(listing, rows[-1].id) if more and rows else None}


def ordered_page(statement, model, column, listing: str, dump,
                 descending: bool = False) -> dict:
    """A page of a list kept in its own order (`column`, then id; the statement's
    ORDER BY is that): the cursor names the last row, whose place is read again."""
    after, limit = page_request(listing)
    if after is not None:
        last = db.session.get(model, after)
        if last is None:  # gone since: the list goes on from nowhere it can name
            raise Problem("bad-cursor", errors={"cursor": _l(
                "Use the next_cursor of a previous page, as it was given.")})
        value = getattr(last, column.key)
        beyond = (or_(column < value, and_(column == value, model.id < after)) if descending
                  else or_(column > value, and_(column == value, model.id > after)))
        statement = statement.where(beyond)
    rows = list(db.session.scalars(statement.limit(limit + 1)).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [dump(row) for row in rows],
            "next_cursor": make_cursor(listing, rows[-1].id) if more and rows else None}


def json_body(schema: Schema, partial: bool = False) -> tuple[dict, str]:
    """The body loaded by the schema (messages in the reader's language; `partial` for a
    PATCH: absent fields stay as they are) and its digest, which names the method and the
    address too, so that one Idempotency-Key cannot replay the answer of another write."""
    if not request.mimetype or request.mimetype != "application/json":
        raise Problem("unsupported-media-type")
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise Problem("too-large") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Problem("invalid-json") from None
    if not isinstance(data, dict):
        raise Problem("validation", errors={"_schema": _l("Send a JSON object.")})
    try:
        loaded = translated(schema).load(data, partial=partial)
    except ValidationError as error:
        raise Problem("validation", errors={
            field: " ".join(str(m) for m in (messages if isinstance(messages, list)
                                             else [messages]))
            for field, messages in error.normalized_messages().items()}) from None
    canonical = json.dumps([request.method, request.path, data], sort_keys=True,
                           ensure_ascii=False)
    return loaded, hashlib.sha256(canonical.encode()).hexdigest()


def refusal(error: RuleError) -> Problem:
    """A rule's refusal as a problem: 403 or 404 where that is what it is, else 422 on
    its field with the rule's own message."""
    if error.code == "forbidden":
        return Problem("forbidden", error.message)
    if error.code == "missing":
        return Problem("not-found", error.message)
    if error.code == "conflict":  # a stale expected state: read again, then retry
        return Problem("conflict", error.message, errors={error.field: error.message})
    return Problem("validation", errors={error.field: error.message})


def _idempotency_key() -> str:
    """The Idempotency-Key, kept per token; a same-site script (no token) relies on the
    operations, which take a form sent twice in a row once."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 200:
        raise Problem("validation", errors={"Idempotency-Key": _l(
            "Say it in %(count)d characters at most.", count=200)})
    return key if g.api_token is not None else ""


def _once(key: str, digest: str, run) -> Response:
    """`run()` (a Response); with a key, its first successful answer is kept, and the same
    request sent again gets it again; the same key with another request is refused."""
    if key:
        earlier = db.session.scalar(select(IdempotentAnswer).where(
            IdempotentAnswer.token_id == g.api_token.id, IdempotentAnswer.key == key))
        if earlier is not None:
            if earlier.request_hash != digest:
                raise Problem("idempotency-conflict")
            return Response(earlier.body, status=earlier.status, mimetype="application/json",
                            headers={"Idempotent-Replayed": "true"})
    try:
        response = run()
    except RuleError as error:
        db.session.rollback()  # nothing half-saved
        raise refusal(error) from None
    if key and response.status_code < 300:
        _remember(key, digest, response)
    return response


def write(schema: Schema, act, partial: bool = False) -> Response:
    """A write with a write token: the body loaded by `schema`, then `act(payload)` (a
    Response), at most once per Idempotency-Key."""
    require_write()
    key = _idempotency_key()
    payload, digest = json_body(schema, partial)
    return _once(key, digest, lambda: act(payload))


def act(action, idempotent: bool = False) -> Response:
    """A write without a body (accept, support, register...) with a write token:
    `action()`, a rule's refusal as a problem; `idempotent`: at most once per
    Idempotency-Key (the method and the address are the request)."""
    require_write()
    if not idempotent:
        return _once("", "", action)
    canonical = json.dumps([request.method, request.path])
    return _once(_idempotency_key(), hashlib.sha256(canonical.encode()).hexdigest(), action)


def _remember(key: str, digest: str, response: Response) -> None:
    db.session.add(IdempotentAnswer(token_id=g.api_token.id, key=key, request_hash=digest,
                                    status=response.status_code,
                                    body=response.get_data(as_text=True)))
    try:
        db.session.commit()
    except IntegrityError:  # the same key sent twice at once: the first one is kept
        db.session.rollback()


def conditional(response):
    """Reads carry an ETag; If-None-Match with it gets 304. Answers depend on the reader,
    so only their own cache may keep them."""
    if request.method in READS and response.status_code == 200:
        response.add_etag()
        response.make_conditional(request)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.update(("Authorization", "Cookie", "Accept-Language"))
    return response


# --- the blueprint every domain's api.py adds its routes to ------------------------------

blueprint = Blueprint("api", __name__, url_prefix="/api/v1", template_folder="templates")
blueprint.before_request(authenticate)
blueprint.after_request(conditional)


def as_json(schema, data, status: int = 200) -> Response:
    body = json.dumps(schema().dump(data), ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json")


def require_feature(name: str) -> None:
    if not current_city.features.get(name, True):
        raise Problem("not-found")


def reader_locale() -> str:
    return str(get_locale())
