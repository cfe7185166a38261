"""Logins are revocable and bound to the host they were made on.

Each login creates an `AuthSession` row; the id Flask-Login keeps in the session and
the remember cookie is `<account id>:<host key>:<random token>`, and the row's id is the
token's SHA-256 (a copy of the table opens no session). A cookie whose row is gone
(logout, "sign out of every device", password change) or that names another host logs
nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from flask import Flask, current_app, g
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager
from sqlalchemy import bindparam, delete, select

from upcampus.core.db import db, utcnow
from upcampus.tenancy.context import current_tenant_id

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


def host_key() -> str:
    city = g.get("city")
    return f"c{city.id}" if city is not None else "n"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _max_age() -> timedelta:
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=duration)


NO_SESSION = "-"  # an account never logged in through open_session: loads nobody


def session_id_for(account) -> str:
    token = getattr(account, "_session_token", None) or NO_SESSION
    return f"{account.id}:{host_key()}:{token}"


def open_session(account) -> None:
    """A new server-side session for this device; the caller then calls login_user."""
    from upcampus.accounts.models import AuthSession

    token = secrets.token_urlsafe(32)
    # Rows past the longest cookie's life are dead anyway: prune this account's.
    db.session.execute(delete(AuthSession).where(
        AuthSession.account_id == account.id, AuthSession.created_at < utcnow() - _max_age()))
    db.session.add(AuthSession(id=_digest(token), account_id=account.id, host_key=host_key()))
    db.session.commit()
    account._session_token = token


def end_sessions(account_id: int, *, keep: str | None = None,
                 only: str | None = None) -> None:
    """End the account's sessions: `only` this token, or all but `keep`, or all."""
    from upcampus.accounts.models import AuthSession

    statement = delete(AuthSession).where(AuthSession.account_id == account_id)
    if only is not None:
        statement = statement.where(AuthSession.id == _digest(only))
    elif keep is not None:
        statement = statement.where(AuthSession.id != _digest(keep))
    db.session.execute(statement)


def sessions_left(account_id: int) -> int:
    """How many logins of the account are still open (every host, every device)."""
    from sqlalchemy import func

    from upcampus.accounts.models import AuthSession

    return db.session.scalar(select(func.count()).select_from(AuthSession).where(
        AuthSession.account_id == account_id,
        AuthSession.created_at >= utcnow() - _max_age())) or 0


@login_manager.user_loader
def load_account(session_id: str):
    try:
        account_id, key, token = session_id.split(":")
        account_id = int(account_id)
    except ValueError:
        return None
    if key != host_key() or token == NO_SESSION:
        return None
    values = {"account_id": account_id, "digest": _digest(token), "key": key,
              "since": utcnow() - _max_age()}
    city = g.get("city")
    if city is None or current_tenant_id() != city.id:
        # Not acting for the request's city (a national host, or code run for another
        # city): the account alone, and the membership when asked for, in its scope.
        account = db.session.scalars(_account_statement(False), values).first()
    else:
        # On a city's host its membership comes in the same statement: every signed-in
        # page asks for both (accounts/web.py current_membership).
        row = db.session.execute(_account_statement(True), {**values, "city_id": city.id}
                                 ).first()
        account, g.membership = row if row is not None else (None, None)
    if account is not None:
        account._session_token = token
    return account


@cache
def _account_statement(with_membership: bool):
    """The signed-in account of a session (and its membership of the city): built once
    per process, as every signed-in request runs it."""
    from upcampus.accounts.models import Account, AuthSession, Membership

    statement = select(Account).join(AuthSession, AuthSession.account_id == Account.id).where(
        Account.id == bindparam("account_id"), AuthSession.id == bindparam("digest"),
        AuthSession.host_key == bindparam("key"), AuthSession.created_at >= bindparam("since"))
    if not with_membership:
        return statement
    return statement.add_columns(Membership).outerjoin(
        Membership, (Membership.account_id == Account.id)
        & (Membership.tenant_id == bindparam("city_id")))


def init_sessions(app: Flask) -> None:
    login_manager.init_app(app)
    # Remember cookies, like the session cookie, stay on the host that set them.
    app.config.setdefault("REMEMBER_COOKIE_DOMAIN", None)
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    app.config.setdefault("REMEMBER_COOKIE_DURATION", 60 * 60 * 24 * 30)
