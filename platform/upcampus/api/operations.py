"""Personal API tokens: create (secret shown once), find by secret, list, revoke. Plain
functions of an explicit account; the city is the one in scope (the rows are scoped)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Account
from upcampus.api.models import SCOPES, ApiToken
from upcampus.core.db import db, utcnow
from upcampus.core.rules import RuleError

PREFIX = "upc_"
MAX_TOKENS = 20  # per account and city: enough for every script, not a flood of rows
NAME_MAX = 80
LAST_USE_PRECISION = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def create_token(account: Account, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token of the city in scope; returns the row and the secret, shown once."""
    name = (name or "").strip()
    if not name:
        raise RuleError("name", _l("Give this token a name."))
    if len(name) > NAME_MAX:
        raise RuleError("name", _l("Say it in %(count)d characters at most.", count=NAME_MAX))
    if scope not in SCOPES:
        raise RuleError("scope", _l("Choose read or write."))
    if len(tokens_of(account)) >= MAX_TOKENS:
        raise RuleError("name", _l("You have %(count)d tokens already: revoke one first.",
                                   count=MAX_TOKENS))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(account_id=account.id, name=name, scope=scope, prefix=secret[:12],
                     secret_hash=digest(secret))
    db.session.add(token)
    db.session.commit()
    return token, secret


def tokens_of(account: Account) -> list[ApiToken]:
    """The account's live tokens in this city, newest first."""
    return list(db.session.scalars(select(ApiToken).where(
        ApiToken.account_id == account.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id.desc())))


def revoke_token(account: Account, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.account_id != account.id:
        raise RuleError("token", _l("This token does not exist."), "missing")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()


def find_token(secret: str) -> ApiToken | None:
    """The live token of this city with this secret, its last use noted; None otherwise
    (unknown, revoked, or another city's: the scope hides it)."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == digest(secret)))
    if token is None or token.revoked_at is not None:
        return None
    last = token.last_used_at
    if last is None or utcnow() - (last if last.tzinfo else last.replace(
            tzinfo=utcnow().tzinfo)) > LAST_USE_PRECISION:
        token.last_used_at = utcnow()  # to the minute: a read need not write every time
        db.session.commit()
    return token
