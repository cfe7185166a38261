"""Login attempts are limited in the database (it holds across processes, with no Redis),
without handing an attacker a way to lock people out.

Why this shape (see docs/accounts.md):
- An attempt is *reserved* before the password is checked, by an atomic upsert that
  returns the new count: however many requests race, at most LIMIT of them reach the
  (slow) password check, and no two inserts of one key collide.
- A device the account signed in from before carries a signed "device cookie"; its
  attempts count on that device only. So an attacker's failures never lock the owner
  out of the devices they already use (the OWASP "device cookie" scheme).
- Other attempts count per (account, address) pair, which stops guessing from one place,
  plus two slower limits: per account across all addresses (a distributed attack) and
  per address (spraying many accounts). Those two only hold back *untrusted* devices,
  so 30 failures behind one proxy do not lock out everyone who signs in from there.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import case, delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite

from upcampus.accounts.models import AuthThrottle
from upcampus.core.db import db, utcnow

WINDOW = timedelta(minutes=15)
LIMITS = {"pair": 5, "device": 5, "account": 20, "address": 30}


def keys_for(email: str, address: str | None, device: str | None) -> list[tuple[str, int]]:
    """The counters an attempt counts on: its trusted device's, else the untrusted ones."""
    email = email.lower()
    if device is not None:
        return [(f"device:{device}", LIMITS["device"])]
    keys = [(f"account:{email}", LIMITS["account"])]
    if address:
        keys += [(f"address:{address}", LIMITS["address"]),
                 (f"pair:{email}|{address}", LIMITS["pair"])]
    return sorted(keys)  # one order for every attempt: concurrent upserts never deadlock


def _bump(key: str) -> int:
    """Count one more attempt on `key` in its window (a new window if the old one is
    over), atomically, and return the new count."""
    now = utcnow()
    fresh = AuthThrottle.window_start >= now - WINDOW
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(AuthThrottle).values(key=key, window_start=now, failures=1)
    statement = statement.on_conflict_do_update(
        index_elements=[AuthThrottle.key],
        set_={"failures": case((fresh, AuthThrottle.failures + 1), else_=1),
              "window_start": case((fresh, AuthThrottle.window_start), else_=now)},
    ).returning(AuthThrottle.failures)
    return db.session.execute(statement).scalar_one()


def reserve(keys: list[tuple[str, int]]) -> bool:
    """Count this attempt; False if any of its counters is over its limit."""
    counts = [(_bump(key), limit) for key, limit in keys]
    db.session.commit()
    return all(count <= limit for count, limit in counts)


def release(keys: list[tuple[str, int]]) -> None:
    """The attempt succeeded: it was no failure. Its own pair or device starts afresh;
    the wider counters get their reservation back."""
    own = [key for key, _ in keys if key.startswith(("pair:", "device:"))]
    wide = [key for key, _ in keys if key not in own]
    if own:
        db.session.execute(delete(AuthThrottle).where(AuthThrottle.key.in_(own)))
    if wide:
        db.session.execute(update(AuthThrottle).where(
            AuthThrottle.key.in_(wide), AuthThrottle.failures > 0).values(
            failures=AuthThrottle.failures - 1))
    db.session.commit()


def forgive(email: str, device: str | None) -> None:
    """The owner proved they hold the inbox (a reset or sign-up link): the failures
    counted against the account, from any address, and against this browser are
    forgiven, so an attack's lockout ends for them at once. Not committed here."""
    email = email.lower()
    keys = [f"account:{email}"] + ([f"device:{device}"] if device else [])
    db.session.execute(delete(AuthThrottle).where(or_(
        AuthThrottle.key.in_(keys),
        AuthThrottle.key.startswith(f"pair:{email}|", autoescape=True))))
