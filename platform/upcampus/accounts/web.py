"""What a page knows of the person asking: their membership of the city the request is
for. Views pass it to operations, which never read the request themselves."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.core.db import db


def current_membership() -> Membership | None:
    """The logged-in account's membership of the current city (read once a request)."""
    if "membership" not in g:
        g.membership = None
        if g.get("city") is not None and current_user.is_authenticated:
            g.membership = db.session.scalars(select(Membership).where(
                Membership.account_id == current_user.id)).first()
    return g.membership
