"""Consent to the shared documents (the charter, the terms of use): which versions are in
force (the CONSENT_VERSIONS setting), which an account has yet to accept, and recording
acceptance. Plain functions: the sign-up, the interstitial page and the API call them."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from upcampus.accounts.models import Consent
from upcampus.core.db import db
from upcampus.core.rules import RuleError

# The session's note of the versions its account accepted (see fingerprint).
SESSION_KEY = "consented"
REFUSED = _l("Accept the charter and the terms of use to take part.")


def versions_in_force(config=None) -> dict[str, str]:
    """{document: version} from the setting, e.g. ["charte:2026-11-30", ...]."""
    entries = (config or current_app.config)["CONSENT_VERSIONS"]
    pairs = (str(entry).partition(":") for entry in entries)
    return {document.strip(): version.strip() for document, _, version in pairs if version}


def fingerprint(config=None) -> str:
    """One string naming every version in force: kept in a session once they are
    accepted, so a signed-in page costs no query until a new version is published."""
    return "|".join(f"{d}:{v}" for d, v in sorted(versions_in_force(config).items()))


def note_in_session(session, account_id: int) -> None:
    """At sign-in: the session remembers the versions if they are all accepted already."""
    if not missing(account_id):
        session[SESSION_KEY] = fingerprint()


def missing(account_id: int, config=None) -> dict[str, str]:
    """The documents in force this account has not accepted in their current version."""
    wanted = versions_in_force(config)
    if not wanted:
        return {}
    rows = db.session.execute(select(Consent.document, Consent.version).where(
        Consent.account_id == account_id, Consent.document.in_(wanted)))
    accepted = {(document, version) for document, version in rows}
    return {d: v for d, v in wanted.items() if (d, v) not in accepted}


def record(account_id: int, city_id: int | None, *, accepted: bool, config=None) -> None:
    """Record acceptance of every document in force (the caller commits). Not accepted:
    refused with a message, nothing recorded."""
    if not accepted:
        raise RuleError("accept", REFUSED, "consent_required")
    for document, version in missing(account_id, config).items():
        try:
            with db.session.begin_nested():  # the same click twice: one row
                db.session.add(Consent(account_id=account_id, document=document,
                                       version=version, city_id=city_id))
        except IntegrityError:
            pass


def history(account_id: int) -> list[Consent]:
    """What this account accepted, newest first (shown with its data)."""
    return list(db.session.scalars(select(Consent).where(
        Consent.account_id == account_id).order_by(Consent.accepted_at.desc(),
                                                    Consent.id.desc())))
