"""Login attempts are limited per account and per address, in the database so that it
holds across processes and with no Redis."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import delete

from upcampus.accounts.models import AuthThrottle
from upcampus.core.db import db, utcnow

WINDOW = timedelta(minutes=15)
LIMITS = {"account": 5, "address": 30}


def _keys(email: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(f"account:{email.lower()}", LIMITS["account"])]
    if address:
        keys.append((f"address:{address}", LIMITS["address"]))
    return keys


def _current(key: str) -> AuthThrottle | None:
    row = db.session.get(AuthThrottle, key)
    if row is None:
        return None
    start = row.window_start
    if start.tzinfo is None:  # SQLite returns naive datetimes
        start = start.replace(tzinfo=UTC)
    if utcnow() - start > WINDOW:
        db.session.delete(row)
        db.session.flush()
        return None
    return row


def is_blocked(email: str, address: str | None) -> bool:
    return any((row := _current(key)) is not None and row.failures >= limit
               for key, limit in _keys(email, address))


def record_failure(email: str, address: str | None) -> None:
    for key, _limit in _keys(email, address):
        row = _current(key)
        if row is None:
            db.session.add(AuthThrottle(key=key, window_start=utcnow(), failures=1))
        else:
            row.failures += 1
    db.session.commit()


def record_success(email: str) -> None:
    db.session.execute(delete(AuthThrottle).where(
        AuthThrottle.key == f"account:{email.lower()}"))
    db.session.commit()
