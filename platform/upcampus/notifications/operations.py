"""Sending email: queue a row, deliver it in a job; SMTP when configured, else the
in-app outbox (development) keeps it."""

from __future__ import annotations

import logging
import smtplib
import ssl
from contextlib import nullcontext
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from sqlalchemy import select

from upcampus.core.db import db, utcnow
from upcampus.core.jobs import enqueue
from upcampus.core.templating import written_for
from upcampus.notifications.models import Email
from upcampus.tenancy.context import (
    across_tenants,
    outside_any_city,
    tenant_scope,
)
from upcampus.tenancy.models import Tenant

log = logging.getLogger("upcampus.mail")


def queue_email(to_address: str, subject, template: str, *, city, locale: str | None,
                unsubscribe: str | None = None, **context) -> int:
    """Write an email for `city` (a CityInfo; None: the national site) in `locale` (None:
    the city's language), its subject too, commit it, and enqueue its delivery; its id.
    `unsubscribe`: the one-click link of a notification email (footer and RFC 8058
    headers)."""
    locale = locale or (city.default_locale if city is not None else None)
    headers = None
    with written_for(city, locale):
        body = render_template(f"notifications/emails/{template}.txt", **context)
        if unsubscribe:
            body += render_template("notifications/emails/_unsubscribe.txt",
                                    unsubscribe=unsubscribe)
            headers = {"List-Unsubscribe": f"<{unsubscribe}>",
                       "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        subject = str(subject)[:300]
    # Written in its city's scope (emails are walled per city); a no-op in that city's
    # own requests and jobs.
    with tenant_scope(city.id) if city is not None else outside_any_city():
        email = Email(tenant_id=city.id if city else None, to_address=to_address,
                      subject=subject, body_text=body, headers=headers)
        db.session.add(email)
        db.session.commit()
        email_id = email.id
    enqueue(deliver_email, email_id, city.id if city else None)
    return email_id


def deliver_email(email_id: int, tenant_id: int | None = None) -> None:
    """A job: deliver one email, read in the scope of the city it was sent for (emails
    are walled per city); tenant_id None is a national email."""
    scope = tenant_scope(tenant_id) if tenant_id is not None else nullcontext()
    with scope:
        _deliver(email_id)


def _deliver(email_id: int) -> None:
    email = db.session.get(Email, email_id)
    if email is None or email.status in ("sent", "kept"):
        return  # delivered already: a retried job must not send twice
    url = current_app.config["SMTP_URL"]
    if not url:
        email.status = "kept"
        db.session.commit()
        return
    try:
        _send_smtp(url, email)
    except (smtplib.SMTPException, OSError) as exc:
        email.status, email.attempts = "failed", email.attempts + 1
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        db.session.commit()
        raise  # rq retries it
    email.status, email.sent_at, email.attempts = "sent", utcnow(), email.attempts + 1
    email.last_error = None
    db.session.commit()


def _send_smtp(url: str, email: Email) -> None:
    parts = urlsplit(url)
    message = EmailMessage()
    sender_name = _sender_name(email)
    message["From"] = formataddr((sender_name, current_app.config["MAIL_FROM"]))
    message["To"] = email.to_address
    message["Subject"] = email.subject
    for name, value in (email.headers or {}).items():
        message[name] = value
    message.set_content(email.body_text)
    smtp_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with smtp_class(parts.hostname or "localhost", parts.port or 25, timeout=20) as smtp:
        if "starttls=1" in (parts.query or ""):
            smtp.starttls(context=ssl.create_default_context())
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(message)


def _sender_name(email: Email) -> str:
    if email.tenant_id is None:
        return "UP Campus"
    tenant = db.session.get(Tenant, email.tenant_id)
    return tenant.name if tenant else "UP Campus"


def outbox_of(city, limit: int = 50) -> list[Email]:
    """Emails sent for `city` (None: the national site), newest first."""
    owner = Email.tenant_id == city.id if city else Email.tenant_id.is_(None)
    return list(db.session.scalars(
        select(Email).where(owner).order_by(Email.id.desc()).limit(limit)))


def requeue_undelivered(older_than_minutes: int = 10) -> int:
    """Enqueue again every email still queued or failed: nothing is lost if a job was."""
    cutoff = utcnow() - timedelta(minutes=older_than_minutes)
    with across_tenants():  # national maintenance: every city's outbox
        rows = list(db.session.execute(select(Email.id, Email.tenant_id).where(
            Email.status.in_(("queued", "failed")), Email.created_at <= cutoff)))
        db.session.commit()
    for email_id, tenant_id in rows:
        enqueue(deliver_email, email_id, tenant_id)
    return len(rows)
