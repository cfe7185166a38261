"""Each city's legal pages (privacy, legal notice, accessibility statement): generated
from the city's settings (name, contact, the platform's retention periods) and the latest
automated accessibility results, unless the city's admin wrote their own wording
(LegalText), per language."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from upcampus.core.db import db
from upcampus.core.rules import RuleError, validated
from upcampus.pages.models import LegalText
from upcampus.pages.schemas import LegalTextSchema

LEGAL_SLUGS = ("confidentialite", "mentions-legales", "accessibilite")
TITLES = {"confidentialite": {"fr": "Confidentialité et données personnelles",
                              "en": "Privacy and personal data"},
          "mentions-legales": {"fr": "Mentions légales", "en": "Legal notice"},
          "accessibilite": {"fr": "Déclaration d'accessibilité",
                            "en": "Accessibility statement"}}
# Written by the browser tests (tests/browser, UPCAMPUS_RECORD_AXE=1): what axe found on
# the pages they visit, read by the accessibility statement.
AXE_RESULTS = Path(__file__).parent / "accessibility_results.json"


@dataclass(frozen=True)
class LegalPage:
    slug: str
    locale: str
    title: str
    body: str
    own_words: bool  # the city admin's wording, not the generated one


def retention(config=None) -> dict[str, int]:
    """How long things are kept, in days: the platform's retention settings where they
    exist, else the policy the platform announces (issue 16)."""
    config = config or current_app.config
    return {"inactive_days": int(config.get("RETENTION_WARN_DAYS", 3 * 365)),
            "grace_days": int(config.get("RETENTION_DELETE_DAYS", 30)),
            "outbox_days": int(config.get("RETENTION_OUTBOX_DAYS", 90)),
            "link_email_days": int(config.get("RETENTION_LINK_EMAIL_DAYS", 7)),
            "export_days": 7}


def axe_results() -> dict | None:
    try:
        return json.loads(AXE_RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def generated(slug: str, city, locale: str) -> str:
    """The page's Markdown for this city, from the city's settings."""
    language = locale if locale in ("fr", "en") else "fr"
    return render_template(f"pages/legal/{slug}.{language}.md", city=city,
                           retention=retention(), axe=axe_results())


def own_words(slug: str, locale: str) -> LegalText | None:
    return db.session.scalars(select(LegalText).where(
        LegalText.slug == slug, LegalText.locale == locale)).first()


def legal_page(slug: str, city, locale: str) -> LegalPage | None:
    if slug not in LEGAL_SLUGS:
        return None
    language = locale if locale in ("fr", "en") else city.default_locale
    row = own_words(slug, language)
    title = TITLES[slug].get(language) or TITLES[slug]["fr"]
    if row is not None and row.body.strip():
        return LegalPage(slug, language, title, row.body, True)
    return LegalPage(slug, language, title, generated(slug, city, language), False)


def save_own_words(allowed: bool, slug: str, locale: str, payload: dict) -> None:
    """The city admin's wording (`allowed`: policy's answer); empty goes back to the
    generated text."""
    if not allowed:
        raise RuleError("body", _l("Only the network's administrators edit this page."),
                        "forbidden")
    if slug not in LEGAL_SLUGS or locale not in ("fr", "en"):
        raise RuleError("body", _l("No such page."), "missing")
    body = validated(LegalTextSchema, payload)["body"].strip()
    row = own_words(slug, locale)
    if not body:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        try:
            with db.session.begin_nested():  # the same save twice at once: one row
                db.session.add(LegalText(slug=slug, locale=locale, body=body))
        except IntegrityError:
            own_words(slug, locale).body = body
    else:
        row.body = body
    db.session.commit()
