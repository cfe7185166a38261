"""What every console page shares: national host only, signed in, allowed to read it."""

from __future__ import annotations

from flask import abort, g, redirect, request, url_for
from flask_login import current_user

from upcampus.accounts.policy import can_nationally


def console_gate():
    """A city's host has no console (404, whoever asks); on the national host it takes a
    login and the console.read permission (403 for anyone else, city admins included)."""
    if g.get("city") is not None:
        abort(404)
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path))
    if not can_nationally(current_user, "console.read"):
        abort(403)
    return None


def may_manage() -> bool:
    return can_nationally(current_user, "console.manage")


def refused(error):
    """A RuleError of an operation as an HTTP answer where it is one."""
    if error.code == "forbidden":
        abort(403)
    if error.code == "missing":
        abort(404)
