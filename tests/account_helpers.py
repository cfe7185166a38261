"""Helpers of the accounts tests: logins, saved cookies, server-side sessions, and an
outbox aged as if its emails had left a while ago."""

from datetime import timedelta

from sqlalchemy import func, select

from tests.conftest import BASE_DOMAIN, post_form
from upcampus.accounts.models import AuthSession
from upcampus.core.db import db

NEW = "a brand new passphrase"


def wrong_login(client, email="jeanne@example.org", password="wrong password"):
    return post_form(client, "/login", {"email": email, "password": password})


def cookies_of(client, city):
    host = f"{city.subdomain}.{BASE_DOMAIN}"
    return {name: client.get_cookie(name, domain=host).value
            for name in ("session", "remember_token") if client.get_cookie(name, domain=host)}


def replay(client_for, city, cookies):
    """A new browser carrying saved cookies: may it open /account?"""
    client = client_for(city)
    for name, value in cookies.items():
        client.set_cookie(name, value, domain=f"{city.subdomain}.{BASE_DOMAIN}")
    return client.get("/account").status_code


def sessions_of(account_id) -> int:
    count = db.session.scalar(select(func.count()).select_from(AuthSession).where(
        AuthSession.account_id == account_id))
    db.session.rollback()
    return count


def age_the_outbox(minutes=2):
    """As if the emails sent so far had left a while ago."""
    from upcampus.notifications.models import Email
    from upcampus.tenancy.context import across_tenants

    with across_tenants():
        for email in db.session.scalars(select(Email)):
            email.created_at = email.created_at - timedelta(minutes=minutes)
        db.session.commit()
