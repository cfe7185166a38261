"""Download my data: every row that names this account or one of its memberships, in
every city, as JSON and as a readable page, with the images, in one zip. The tables are
not listed by hand: any table with a foreign key to accounts or memberships is walked
(a new domain's rows join the archive by themselves); credentials and sent mail stay out."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, timedelta

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import LargeBinary, or_, select

from upcampus.accounts.models import Account, DataExport, Membership
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.i18n import default_locale
from upcampus.core.jobs import enqueue
from upcampus.core.links import absolute_url, public_base_url
from upcampus.core.rules import RuleError
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.keys import row_links
from upcampus.tenancy.resolver import CityInfo

EXPORT_DAYS = 7
# Secrets of this deployment and rows about the account that say nothing of the person.
LEFT_OUT = {"auth_sessions", "auth_throttle", "handoff_tickets", "api_tokens",
            "api_idempotent_answers", "data_exports", "emails", "search_documents",
            "match_terms"}
SECRET_COLUMNS = {"password_hash", "secret_hash", "prefix"}
# Readable titles of the archive page's sections; a table not named here shows its name.
SECTION_TITLES = {
    "accounts": _l("My account"),
    "memberships": _l("My networks"),
    "consents": _l("Terms I accepted"),
    "publications": _l("My publications"),
    "publication_holders": _l("Publications I hold"),
    "comments": _l("My comments"),
    "project_updates": _l("My project news"),
    "supports": _l("My supports"),
    "follows": _l("What I follow"),
    "help_offers": _l("My help offers"),
    "events": _l("The events I organised"),
    "event_registrations": _l("My event registrations"),
    "membership_skills": _l("My skills"),
    "membership_themes": _l("My themes"),
    "notifications": _l("My notifications"),
    "notification_preferences": _l("My notification preferences"),
    "organisation_members": _l("My organisations"),
    "conversations": _l("My conversations"),
    "messages": _l("My messages"),
    "moderation_reports": _l("My reports"),
}


def request_export(account: Account, city) -> DataExport:
    """Ask for an archive; asked again (or twice at once) while one is being prepared, it
    is the same one. `city`: where the request came from, for the email's link."""
    serialise_on(Account, account.id)
    pending = db.session.scalars(select(DataExport).where(
        DataExport.account_id == account.id, DataExport.status == "preparing")).first()
    if pending is not None:
        db.session.rollback()
        raise RuleError("export", _l("Your archive is being prepared: you will get an email "
                                     "when it is ready."))
    export = DataExport(account_id=account.id, status="preparing")
    db.session.add(export)
    db.session.commit()
    enqueue(build_export, export.id, city.id if city is not None else None)
    return export


def usable(export: DataExport | None, account) -> bool:
    """Its owner's, ready and not expired: nobody else opens it, not even with the link."""
    if export is None or account is None or export.account_id != getattr(account, "id", 0):
        return False
    expires = export.expires_at
    if export.status != "ready" or expires is None:
        return False
    now = utcnow()
    return (expires if expires.tzinfo else expires.replace(tzinfo=now.tzinfo)) > now


def build_export(export_id: int, tenant_id: int | None) -> None:
    """The job: write the archive, then tell its owner by email."""
    from upcampus.notifications.operations import queue_email

    with across_tenants():
        export = db.session.get(DataExport, export_id)
        if export is None:
            return  # the account was deleted meanwhile: nothing to send
        account = db.session.get(Account, export.account_id)
        try:
            export.archive = archive_of(account)
            export.status, export.expires_at = "ready", utcnow() + timedelta(days=EXPORT_DAYS)
        except Exception:
            db.session.rollback()
            export = db.session.get(DataExport, export_id)
            export.status = "failed"
            db.session.commit()
            raise
        db.session.commit()
        email, locale, export_id = account.email, account.locale, export.id
    city = CityInfo.load(tenant_id) if tenant_id is not None else None
    url = absolute_url(public_base_url(city), "account_export.download", export_id=export_id)
    queue_email(email, _l("Your data is ready to download"), "data_export", city=city,
                locale=locale, url=url, days=EXPORT_DAYS)


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def rows_about(account: Account) -> dict[str, list[dict]]:
    """Every row naming the account or one of its memberships, by table (across cities)."""
    memberships = list(db.session.scalars(select(Membership.id).where(
        Membership.account_id == account.id)))
    found: dict[str, list[dict]] = {}
    for table in db.metadata.sorted_tables:
        if table.name in LEFT_OUT:
            continue
        conditions = []
        if table.name == "accounts":
            conditions.append(table.c.id == account.id)
        if table.name == "memberships":
            conditions.append(table.c.id.in_(memberships))
        for column in table.c:
            for key in row_links(column):
                if key.column.table.name == "accounts":
                    conditions.append(column == account.id)
                elif key.column.table.name == "memberships" and memberships:
                    conditions.append(column.in_(memberships))
        if not conditions:
            continue
        columns = [c for c in table.c if c.name not in SECRET_COLUMNS
                   and not isinstance(c.type, LargeBinary)]
        rows = db.session.execute(select(*columns).where(or_(*conditions))).mappings()
        listed = [{k: _value(v) for k, v in row.items()} for row in rows]
        if listed:
            found[table.name] = listed
    return found


def _images(account: Account, rows: dict) -> list[tuple[str, bytes]]:
    from upcampus.projects.models import PublicationImage

    images = []
    if account.avatar:
        images.append(("images/avatar.webp", account.avatar))
    mine = {r["id"] for r in rows.get("publications", [])}
    if mine:
        for image in db.session.scalars(select(PublicationImage).where(
                PublicationImage.publication_id.in_(mine))):
            images.append((f"images/publication-{image.publication_id}-{image.id}.webp",
                           image.data))
    return images


def archive_name(account: Account) -> str:
    """The zip's file name, in the account's language."""
    with force_locale(account.locale or default_locale()):
        return str(_l("my-up-campus-data.zip"))


def archive_of(account: Account) -> bytes:
    """The zip: data.json, index.html (the same, to read, in the account's language), and
    the images."""
    rows = rows_about(account)
    images = _images(account, rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(rows, ensure_ascii=False, indent=1,
                                                 default=str))
        with force_locale(account.locale or default_locale()):
            archive.writestr("index.html", render_template(
                "accounts/export.html", account=account, rows=rows, titles=SECTION_TITLES,
                images=[name for name, _ in images]))
        for name, data in images:
            archive.writestr(name, data)
    return buffer.getvalue()
