"""Moving a city between deployments: one archive holds the city's row, its hosts, every
city-owned row (memberships with their accounts, organisations, publications, images...),
and `tenants import` restores it into another database with new ids, in one transaction.

The tables are not listed by hand: every table with a `tenant_id` travels, except those
in LEFT_BEHIND (secrets, or rows rebuilt from the others). A new domain's tables travel
without touching this file; a foreign key this file cannot resolve stops the export, so a
new kind of link is noticed by the round-trip test rather than lost.

Accounts that already exist in the target deployment are matched by email: a verified
account keeps its password and gains the memberships; an unverified one is completed from
the archive (whose owner had verified it). Shared themes, skills and skill families are
matched by their code. National code: everything runs in `across_tenants()`."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, DateTime, LargeBinary, Table, func, insert, select

from upcampus.core.db import db
from upcampus.core.rules import RuleError
from upcampus.core.settings import REPO_ROOT
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.keys import row_links
from upcampus.tenancy.resolver import bump_generation

FORMAT = 1
# Why each stays behind: credentials of this deployment (tokens, sessions), mail already
# sent, derived rows the target rebuilds (search, open data files), bookkeeping.
LEFT_BEHIND = {"api_tokens", "api_idempotent_answers", "emails", "search_documents",
               "open_data_files", "match_terms", "demo_runs", "auth_sessions", "auth_throttle",
               "tenant_generation",
               # a city's choice to hide a national event of this deployment's agenda
               "hidden_national_events"}
# Shared national rows a city's rows point at, matched on import by a natural key.
NATIONAL_KEYS = {"themes": "code", "skills": "code", "skill_families": "code",
                 "speakers": "name"}
NATIONAL_BY_CODE = tuple(NATIONAL_KEYS)
# Of those, the ones an archive carries whole: a deployment that lacks one (a national
# speaker of the city's conferences) receives it; the taxonomy comes from `taxonomy sync`.
CARRIED_NATIONAL = ("speakers",)
ACCOUNT_FIELDS = ("email", "password_hash", "display_name", "locale", "email_verified_at",
                  "is_platform_admin", "auth_version", "avatar", "avatar_hash", "created_at",
                  "last_login_at")


class ArchiveError(RuleError):
    """An archive that cannot be written or restored, with a message for people."""

    def __init__(self, message, field: str = "archive"):
        super().__init__(field, message)


def _tables() -> list[Table]:
    """City tables in the order their foreign keys allow, the tenant row first."""
    return [t for t in db.metadata.sorted_tables
            if "tenant_id" in t.c and t.name not in LEFT_BEHIND]


def _revision() -> str | None:
    return MigrationContext.configure(db.session.connection()).get_current_revision()


# --- values to JSON and back ------------------------------------------------------------

def _out(value):
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode()}
    if isinstance(value, datetime):  # stored in UTC; SQLite hands it back without a zone
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, ZoneInfo):  # a city's time zone (TimezoneType): by its name
        return value.key
    return value


def _in(column, value):
    if value is None or isinstance(column.type, JSON):
        return value
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value["b64"])
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def _rows(table: Table, where) -> list[dict]:
    found = db.session.execute(select(table).where(where).order_by(*table.primary_key.columns))
    return [{key: _out(value) for key, value in row._mapping.items()} for row in found]


# --- export -------------------------------------------------------------------------------

def export_city(slug: str) -> bytes:
    """The archive of one city, as the bytes of a zip file."""
    from upcampus.accounts.models import Account
    from upcampus.tenancy.models import Tenant

    files: dict[str, object] = {}
    with across_tenants():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        if tenant is None:
            raise ArchiveError(_l("No city with the slug %(slug)s.", slug=slug), "slug")
        tenants = db.metadata.tables["tenants"]
        files["tenants"] = _rows(tenants, tenants.c.id == tenant.id)
        for table in _tables():
            rows = _rows(table, table.c.tenant_id == tenant.id)
            _refuse_unknown_links(table)
            files[table.name] = rows
        members = db.metadata.tables["memberships"]
        account_ids = select(members.c.account_id).where(members.c.tenant_id == tenant.id)
        accounts = db.session.scalars(select(Account).where(Account.id.in_(account_ids)))
        files["accounts"] = [{"id": a.id, **{f: _out(getattr(a, f)) for f in ACCOUNT_FIELDS}}
                             for a in accounts]
        for name in NATIONAL_BY_CODE:  # codes of every shared row, to match them on import
            table = db.metadata.tables[name]
            where = table.c.tenant_id.is_(None) if "tenant_id" in table.c else True
            files[f"codes/{name}"] = dict(db.session.execute(
                select(table.c.id, table.c[NATIONAL_KEYS[name]]).where(where)).all())
            if name in CARRIED_NATIONAL:
                files[f"national/{name}"] = _rows(table, where)
        revision = _revision()
    return _zip(files, {"format": FORMAT, "revision": revision, "slug": slug,
                        "exported_at": datetime.now(UTC).isoformat()})


def _refuse_unknown_links(table: Table) -> None:
    known = {t.name for t in _tables()} | {"tenants", "accounts", *NATIONAL_BY_CODE}
    for column in table.c:
        for key in row_links(column):
            if key.column.table.name not in known:
                raise ArchiveError(_l("The table %(table)s points to %(other)s, which an "
                                      "archive does not carry.", table=table.name,
                                      other=key.column.table.name), "tables")


def _zip(files: dict, about: dict) -> bytes:
    buffer = io.BytesIO()
    digests = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            data = json.dumps(content, ensure_ascii=False, sort_keys=True).encode()
            digests[f"{name}.json"] = hashlib.sha256(data).hexdigest()
            archive.writestr(f"{name}.json", data)
        archive.writestr("archive.json", json.dumps({**about, "files": digests}, indent=1))
    return buffer.getvalue()


# --- import -------------------------------------------------------------------------------

def read_archive(data: bytes) -> tuple[dict, dict]:
    """(about, files) of an archive, refused when it is not one of ours, was changed by
    hand, or was made by another version of the platform."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            about = json.loads(archive.read("archive.json"))
            files = {}
            for name, digest in about["files"].items():
                content = archive.read(name)
                if hashlib.sha256(content).hexdigest() != digest:
                    raise ArchiveError(_l("The archive was changed after it was written "
                                          "(%(file)s): refused.", file=name), "archive")
                files[name.removesuffix(".json")] = json.loads(content)
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError):
        raise ArchiveError(_l("This file is not a city archive."), "archive") from None
    if about.get("format") != FORMAT:
        raise ArchiveError(_l("This archive's format is not one this version reads."),
                           "archive")
    return about, files


def _check_version(revision: str | None) -> None:
    here = _revision()
    if revision == here:
        return
    scripts = ScriptDirectory(str(REPO_ROOT / "migrations"))
    try:
        known = scripts.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown or malformed id
        known = False
    if not known:
        raise ArchiveError(_l("This archive comes from a newer version of the platform: "
                              "upgrade this one first."), "revision")
    raise ArchiveError(_l("This archive comes from an older version of the platform: "
                          "upgrade that deployment, export again, then import."), "revision")


def import_city(data: bytes) -> str:
    """Restore an archive as a new city of this deployment; returns its slug. All or
    nothing: any refusal or fault leaves the database as it was."""
    about, files = read_archive(data)
    with across_tenants():
        _check_version(about.get("revision"))
        try:
            slug = _restore(files)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return slug


def _restore(files: dict) -> str:
    from upcampus.tenancy.models import Tenant, TenantDomain

    (city,) = files["tenants"]
    taken = db.session.scalar(select(func.count()).select_from(Tenant).where(
        (Tenant.slug == city["slug"]) | (Tenant.subdomain == city["subdomain"])))
    hosts = [row["host"] for row in files.get("tenant_domains", [])]
    taken_hosts = db.session.scalars(select(TenantDomain.host).where(
        TenantDomain.host.in_(hosts))).all()
    if taken or taken_hosts:
        raise ArchiveError(_l("A city of this deployment already uses the slug, subdomain or "
                              "host of this one (%(what)s).",
                              what=", ".join([city["slug"], *taken_hosts])), "slug")
    bump_generation(db.session.connection())  # every process sees the new city at once
    tenants = db.metadata.tables["tenants"]
    ids = {"tenants": {city["id"]: _insert(tenants, city, {})}, "accounts": _accounts(files)}
    for name in NATIONAL_BY_CODE:
        ids[name] = _by_code(name, files[f"codes/{name}"], files.get(f"national/{name}", []))
    for table in _tables():
        ids.setdefault(table.name, {})
        rows = sorted(files.get(table.name, []), key=lambda row: row["id"])
        for row in rows:  # in id order: a comment's parent is restored before its replies
            ids[table.name][row["id"]] = _insert(table, row, ids)
    return city["slug"]


def _insert(table: Table, row: dict, ids: dict) -> int:
    values = {}
    for column in table.c:
        if column.primary_key or column.computed is not None or column.name not in row:
            continue
        value = _in(column, row[column.name])
        for key in row_links(column):
            if value is not None:
                mapped = ids.get(key.column.table.name, {}).get(value)
                if mapped is None:
                    raise ArchiveError(_l("The archive links %(table)s to a missing "
                                          "%(other)s row.", table=table.name,
                                          other=key.column.table.name), "archive")
                value = mapped
        values[column.name] = value
    return db.session.execute(insert(table).values(values).returning(table.c.id)).scalar_one()


def _accounts(files: dict) -> dict[int, int]:
    from upcampus.accounts.models import Account

    found = {}
    for row in files.get("accounts", []):
        fields = {f: _in(Account.__table__.c[f], row[f]) for f in ACCOUNT_FIELDS}
        fields["is_platform_admin"] = False  # a city's archive never makes a platform admin
        account = db.session.scalar(select(Account).where(Account.email == fields["email"]))
        if account is None:
            account = Account(**fields)
            db.session.add(account)
        elif account.email_verified_at is None and fields["email_verified_at"] is not None:
            for name in ("password_hash", "display_name", "locale", "email_verified_at"):
                setattr(account, name, fields[name])
            account.auth_version += 1  # whoever held the unverified account is signed out
        db.session.flush()
        found[row["id"]] = account.id
    return found


def _by_code(name: str, codes: dict, carried: list[dict]) -> dict[int, int]:
    table = db.metadata.tables[name]
    key = NATIONAL_KEYS[name]
    where = table.c.tenant_id.is_(None) if "tenant_id" in table.c else True
    here = dict(db.session.execute(select(table.c[key], table.c.id).where(where)).all())
    for row in carried:  # national rows this deployment lacks: received as national rows
        if row[key] not in here:
            here[row[key]] = _insert(table, row, {})
    missing = sorted(set(codes.values()) - set(here))
    if missing:
        raise ArchiveError(_l("The shared list %(name)s lacks %(codes)s here: run "
                              "`upcampus taxonomy sync` first.", name=name,
                              codes=", ".join(missing[:5])), name)
    return {int(old): here[code] for old, code in codes.items()}
