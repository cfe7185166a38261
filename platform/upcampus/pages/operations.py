"""Rules for a city's pages."""

from __future__ import annotations

from sqlalchemy import select

from upcampus.core.db import db
from upcampus.pages.models import Page


def sync_pages(wanted) -> list[str]:
    """Make the current city's pages exactly `wanted` (slug, locale, title, body);
    return what changed, e.g. ['page about.fr created']."""
    existing = {(p.slug, p.locale): p for p in db.session.scalars(select(Page))}
    changes = []
    for item in wanted:
        key = (item.slug, item.locale)
        page = existing.pop(key, None)
        if page is None:
            db.session.add(Page(slug=item.slug, locale=item.locale, title=item.title,
                                body=item.body))
            changes.append(f"page {item.slug}.{item.locale} created")
        elif (page.title, page.body) != (item.title, item.body):
            page.title, page.body = item.title, item.body
            changes.append(f"page {item.slug}.{item.locale} updated")
    for (slug, locale), page in existing.items():
        db.session.delete(page)
        changes.append(f"page {slug}.{locale} removed")
    return changes


def page_for(slug: str, locale: str, fallback_locale: str) -> Page | None:
    """The page in the visitor's language, else in the city's default language."""
    pages = {p.locale: p for p in db.session.scalars(
        select(Page).where(Page.slug == slug, Page.locale.in_((locale, fallback_locale))))}
    return pages.get(locale) or pages.get(fallback_locale)


def page_menu(locale: str, fallback_locale: str) -> list[tuple[str, str]]:
    """(slug, title) of every page, each in the best language available."""
    best: dict[str, str] = {}
    # Every page shows the menu: titles only, never the bodies.
    for slug, page_locale, title in db.session.execute(select(
            Page.slug, Page.locale, Page.title).where(
            Page.locale.in_((locale, fallback_locale))).order_by(Page.slug)):
        if slug not in best or page_locale == locale:
            best[slug] = title
    return list(best.items())
