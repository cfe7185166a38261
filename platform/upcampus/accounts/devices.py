"""The device cookie: a signed note, set at each successful login, of the accounts that
signed in on this browser. Login throttling trusts it (see throttle.py); it grants no
access by itself."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "upcampus_device"
MAX_AGE = 365 * 24 * 3600
MAX_ACCOUNTS = 10


@dataclass(frozen=True)
class Device:
    nonce: str
    accounts: tuple[int, ...] = ()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="upcampus-device")


def read_device(cookies) -> Device | None:
    raw = cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw)
        return Device(str(data["n"]), tuple(int(a) for a in data["a"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def remember_device(response, device: Device | None, account_id: int):
    """Add the account to this browser's device cookie (a new one if it had none)."""
    nonce = device.nonce if device else secrets.token_urlsafe(16)
    accounts = [a for a in (device.accounts if device else ()) if a != account_id]
    accounts = ([account_id] + accounts)[:MAX_ACCOUNTS]
    response.set_cookie(COOKIE, _serializer().dumps({"n": nonce, "a": accounts}),
                        max_age=MAX_AGE, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
