"""Many members with something new for their digest, written in a few statements (a test
or a benchmark of a big city's digest must not spend its time on its set-up)."""

from __future__ import annotations

from sqlalchemy import insert, select

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db, utcnow
from upcampus.notifications.models import Notification
from upcampus.tenancy.context import tenant_scope


def members_with_news(city, count: int, prefix: str = "reader") -> None:
    now = utcnow()
    db.session.execute(insert(Account), [
        {"email": f"{prefix}{n}@{city.slug}.example.org", "display_name": f"R{n}",
         "password_hash": "x", "email_verified_at": now} for n in range(count)])
    ids = db.session.scalars(select(Account.id).where(
        Account.email.like(f"{prefix}%@{city.slug}.example.org"))).all()
    db.session.commit()
    with tenant_scope(city.id):
        db.session.execute(insert(Membership), [
            {"tenant_id": city.id, "account_id": account_id} for account_id in ids])
        members = db.session.scalars(select(Membership.id)).all()
        db.session.execute(insert(Notification), [
            {"tenant_id": city.id, "membership_id": member, "kind": "comment",
             "verb": "comment", "title": "Un jardin partagé", "url": "http://x.example/1",
             "created_at": now} for member in members])
        db.session.commit()
