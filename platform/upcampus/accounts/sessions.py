"""Logins are bound to the host they were made on: the id Flask-Login keeps in the
session and the remember cookie names the city (or the national site) and the account's
auth_version, so a cookie carried to another host, or kept past a password change,
logs nobody in."""

from __future__ import annotations

from flask import Flask, g
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from upcampus.core.db import db

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


def host_key() -> str:
    city = g.get("city")
    return f"c{city.id}" if city is not None else "n"


def session_id_for(account) -> str:
    return f"{account.id}:{host_key()}:{account.auth_version}"


@login_manager.user_loader
def load_account(session_id: str):
    from upcampus.accounts.models import Account

    try:
        account_id, key, version = session_id.split(":")
        account_id, version = int(account_id), int(version)
    except ValueError:
        return None
    if key != host_key():
        return None
    account = db.session.get(Account, account_id)
    if account is None or account.auth_version != version:
        return None
    return account


def init_sessions(app: Flask) -> None:
    login_manager.init_app(app)
    # Remember cookies, like the session cookie, stay on the host that set them.
    app.config.setdefault("REMEMBER_COOKIE_DOMAIN", None)
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    app.config.setdefault("REMEMBER_COOKIE_DURATION", 60 * 60 * 24 * 30)
