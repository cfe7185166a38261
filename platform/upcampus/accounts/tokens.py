"""Signed, expiring, single-use tokens for email links.

Verification: single use because it changes nothing once the address is verified.
Password reset: carries auth_version, which the reset bumps, so a used link is dead.
Both are checked again under a lock on the account row (operations.py): a link opened
several times at once works once.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from upcampus.core.web import MAX_ID

VERIFY_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 3600


def _an_id(value) -> bool:
    # bool is an int in Python: a forged `true` must not name account 1.
    return type(value) is int and 0 < value <= MAX_ID


def _a_city(value) -> bool:
    return value is None or _an_id(value)


def _short_text(value) -> bool:
    return isinstance(value, str) and len(value) <= 320


# What each kind of token carries; anything else, even signed with our key, is refused
# (a key that leaked or a payload of an older shape must not reach a query as garbage).
FIELDS = {
    "verify": {"a": _an_id, "e": _short_text, "c": _a_city},
    "reset": {"a": _an_id, "v": _an_id, "c": _a_city},
    "event-guest": {"r": _an_id, "c": _an_id},  # a guest's registration, in its city
    "event-guest-cancel": {"r": _an_id, "c": _an_id},
    "handoff": {"t": _short_text, "h": _short_text, "s": _short_text},
    "invite": {"c": _an_id, "e": _short_text, "n": _short_text},
}
OPTIONAL = {"verify": {"n": _short_text}}


class TokenError(ValueError):
    # "expired", "invalid", "used", "other_city"; hand-offs: "other_host", "other_session"
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"upcampus-{purpose}")


def make_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict:
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError("expired") from None
    except BadSignature:
        raise TokenError("invalid") from None
    if not well_formed(purpose, payload):
        raise TokenError("invalid")
    return payload


def well_formed(purpose: str, payload) -> bool:
    required, optional = FIELDS[purpose], OPTIONAL.get(purpose, {})
    if not isinstance(payload, dict) or not set(required) <= set(payload) <= {
            *required, *optional}:
        return False
    checks = {**required, **optional}
    return all(checks[key](value) for key, value in payload.items())
