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
from sqlalchemy import and_, or_, select, update

from upcampus.core.db import db, utcnow
from upcampus.core.jobs import BULK, DEFAULT, URGENT, enqueue
from upcampus.core.templating import written_for
from upcampus.notifications.email_html import render_html
from upcampus.notifications.models import Email
from upcampus.tenancy.context import (
    across_tenants,
    outside_any_city,
    tenant_scope,
)
from upcampus.tenancy.models import Tenant

log = logging.getLogger("upcampus.mail")


# Mail a person waits for, now: it never waits behind a city's digest (core/jobs.py).
URGENT_TEMPLATES = frozenset({
    "reset_password", "verify_email", "verify", "signup_existing", "signup_unconfirmed",
    "city_admin_invitation", "match_invited", "event_guest_confirm", "message",
    "conversation_message"})
URGENT_KINDS = frozenset({"message", "messages"})  # a notification email about a message
BULK_TEMPLATES = frozenset({"digest", "match_digest", "event_message", "event_reminder",
                            "project_news"})


def queue_for(template: str, context: dict) -> str:
    """The queue of an email: urgent, bulk or default."""
    note = context.get("notification")
    if template in URGENT_TEMPLATES or getattr(note, "kind", None) in URGENT_KINDS:
        return URGENT
    return BULK if template in BULK_TEMPLATES else DEFAULT


def queue_email(to_address: str, subject, template: str, *, city, locale: str | None,
                unsubscribe: str | None = None, **context) -> int:
    """Write an email for `city` (a CityInfo; None: the national site) in `locale` (None:
    the city's language), its subject too, commit it, and enqueue its delivery; its id.
    `unsubscribe`: the one-click link of a notification email (footer and RFC 8058
    headers). The HTML part is the text part in the city's branded layout."""
    locale = locale or (city.default_locale if city is not None else None)
    headers = None
    with written_for(city, locale):
        body = render_template(f"notifications/emails/{template}.txt", **context)
        subject = str(subject)[:300]
        html = render_html(city, locale, subject, body, unsubscribe)
        if unsubscribe:
            body += render_template("notifications/emails/_unsubscribe.txt",
                                    unsubscribe=unsubscribe)
            headers = {"List-Unsubscribe": f"<{unsubscribe}>",
                       "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    # Written in its city's scope (emails are walled per city); a no-op in that city's
    # own requests and jobs.
    with tenant_scope(city.id) if city is not None else outside_any_city():
        email = Email(tenant_id=city.id if city else None, to_address=to_address,
                      subject=subject, body_text=body, body_html=html, headers=headers)
        db.session.add(email)
        db.session.commit()
        email_id = email.id
    enqueue(deliver_email, email_id, city.id if city else None,
            queue_name=queue_for(template, context))
    return email_id


def deliver_email(email_id: int, tenant_id: int | None = None) -> None:
    """A job: deliver one email, read in the scope of the city it was sent for (emails
    are walled per city); tenant_id None is a national email."""
    scope = tenant_scope(tenant_id) if tenant_id is not None else nullcontext()
    with scope:
        _deliver(email_id)


def claim(email_id: int) -> bool:
    """Take the row for this worker alone, atomically: queued or failed, or 'sending'
    by a worker whose lease ran out (killed mid-send). Two jobs for one email (a retry
    and a requeue): one sends, the other finds nothing to do."""
    now = utcnow()
    lease = now + timedelta(seconds=current_app.config["MAIL_LEASE_SECONDS"])
    taken = db.session.execute(update(Email).where(
        Email.id == email_id,
        or_(Email.status.in_(("queued", "failed")),
            and_(Email.status == "sending", Email.lease_until < now)))
        .values(status="sending", lease_until=lease, attempts=Email.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return taken.rowcount == 1


def _deliver(email_id: int) -> None:
    url = current_app.config["SMTP_URL"]
    if not url:
        email = db.session.get(Email, email_id)
        if email is not None and email.status in ("queued", "failed"):
            email.status = "kept"
            db.session.commit()
        return
    if not claim(email_id):
        return  # delivered, or another worker holds it: a retried job must not send twice
    email = db.session.get(Email, email_id)
    try:
        _send_smtp(url, email)
    except (smtplib.SMTPException, OSError) as exc:
        email.status, email.lease_until = "failed", None
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        db.session.commit()
        raise  # rq retries it, with backoff
    email.status, email.sent_at, email.lease_until = "sent", utcnow(), None
    email.last_error = None
    db.session.commit()


def message_of(email: Email) -> EmailMessage:
    """The MIME message: multipart/alternative, text first then HTML (the one preferred)."""
    message = EmailMessage()
    message["From"] = formataddr((_sender_name(email), current_app.config["MAIL_FROM"]))
    message["To"] = email.to_address
    message["Subject"] = email.subject
    # Stable per row: a resend after a crash carries the same id (receivers may dedupe).
    stamp = int(email.created_at.timestamp()) if email.created_at else 0
    message["Message-ID"] = f"<email-{email.id}.{stamp}@{current_app.config['BASE_DOMAIN']}>"
    for name, value in (email.headers or {}).items():
        message[name] = value
    message.set_content(email.body_text)
    if email.body_html:
        message.add_alternative(email.body_html, subtype="html")
    return message


def _send_smtp(url: str, email: Email) -> None:
    parts = urlsplit(url)
    message = message_of(email)
    smtp_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    timeout = current_app.config["SMTP_TIMEOUT"]
    with smtp_class(parts.hostname or "localhost", parts.port or 25, timeout=timeout) as smtp:
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
    """Enqueue again every email still queued or failed, or left 'sending' by a worker
    that died (its lease ran out): nothing is lost if a job was. claim() keeps a second
    job for one email from sending it twice. Run by the scheduler every few minutes."""
    cutoff = utcnow() - timedelta(minutes=older_than_minutes)
    with across_tenants():  # national maintenance: every city's outbox
        rows = list(db.session.execute(select(Email.id, Email.tenant_id).where(
            Email.created_at <= cutoff, or_(
                Email.status.in_(("queued", "failed")),
                and_(Email.status == "sending", Email.lease_until < utcnow())))))
        db.session.commit()
    for email_id, tenant_id in rows:
        enqueue(deliver_email, email_id, tenant_id)
    return len(rows)


def failed_emails(limit: int = 50) -> list[tuple[int, str | None, str, str, str, int]]:
    """Emails whose last try failed, every city's, newest first: (id, city slug, to,
    subject, error, attempts) for the operations page."""
    with across_tenants():
        rows = list(db.session.execute(
            select(Email.id, Tenant.slug, Email.to_address, Email.subject, Email.last_error,
                   Email.attempts).outerjoin(Tenant, Tenant.id == Email.tenant_id)
            .where(Email.status == "failed").order_by(Email.id.desc()).limit(limit)))
        db.session.commit()
    return [tuple(row) for row in rows]


def retry_email(email_id: int | None = None) -> int:
    """Enqueue again one failed email (or every one, email_id None); how many."""
    with across_tenants():
        statement = select(Email.id, Email.tenant_id).where(Email.status == "failed")
        if email_id is not None:
            statement = statement.where(Email.id == email_id)
        rows = list(db.session.execute(statement))
        db.session.commit()
    for found, tenant_id in rows:
        enqueue(deliver_email, found, tenant_id)
    return len(rows)


def requeue_undelivered_job() -> int:
    """The scheduler's periodic run (core/scheduler.py)."""
    return requeue_undelivered(current_app.config["MAIL_REQUEUE_MINUTES"])
