"""Rules of the national site: the directory of cities, the showcase, news, the shared
pages and the national search. The reads across cities are explicit (`across_tenants()`)
and keep to what the cities made public: published rows of active cities."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import case, func, select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import can_edit_national_content
from upcampus.core.db import db, utcnow
from upcampus.core.pagination import paginate
from upcampus.core.rules import RuleError, validated
from upcampus.national.models import NATIONAL_PAGES, NationalNews, NationalPage, Replication
from upcampus.national.schemas import NationalPageSchema, NewsSchema
from upcampus.projects.models import Publication
from upcampus.search.engines import match
from upcampus.search.models import SearchDocument
from upcampus.search.operations import MAX_QUERY
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.models import Tenant

CONTENT = Path(__file__).parent / "content"
SEARCHED_KINDS = ("publication", "organisation")  # never members, never needs' holders
PUSHED_ON_HOMES = 3


@dataclass
class CityFigures:
    tenant: Tenant
    members: int = 0
    projects: int = 0
    realised: int = 0


def directory(tenants: list[Tenant]) -> list[CityFigures]:
    """These cities (a page of the directory) with their short figures, in two statements
    whatever their number."""
    cities = {t.id: CityFigures(t) for t in tenants}
    if not cities:
        return []
    with across_tenants():
        members = db.session.execute(
            select(Membership.tenant_id, func.count()).where(
                Membership.status == "active", Membership.tenant_id.in_(list(cities)))
            .group_by(Membership.tenant_id))
        for tenant_id, count in members:
            cities[tenant_id].members = count
        projects = db.session.execute(
            select(Publication.tenant_id, func.count(),
                   func.sum(case((Publication.stage == "realised", 1), else_=0)))
            .where(Publication.status == "published", Publication.tenant_id.in_(list(cities)))
            .group_by(Publication.tenant_id))
        for tenant_id, count, realised in projects:
            cities[tenant_id].projects, cities[tenant_id].realised = count, realised or 0
    return list(cities.values())


def showcase_statement():
    """Published projects their city shared, of active cities: highlighted ones first,
    then the realised ones, newest first. Run it inside across_tenants()."""
    active = select(Tenant.id).where(Tenant.status == "active")
    return (select(Publication)
            .where(Publication.status == "published", Publication.shared_nationally.is_(True),
                   Publication.tenant_id.in_(active))
            .order_by(Publication.national_highlight.desc(),
                      case((Publication.stage == "realised", 0), else_=1),
                      Publication.published_at.desc(), Publication.id.desc()))


def showcase(page: int, per_page: int = 12) -> tuple[Pagination, dict[int, Tenant],
                                                       dict[tuple[int, int], int]]:
    """A page of the showcase, the cities of its projects and their replica counts."""
    with across_tenants():
        found = paginate(showcase_statement(), page, per_page)
    cities = {t.id: t for t in db.session.scalars(select(Tenant).where(
        Tenant.id.in_({p.tenant_id for p in found.items})))} if found.items else {}
    return found, cities, replica_counts([(p.tenant_id, p.id) for p in found.items])


def replica_counts(originals: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """How many local projects each (city, publication) inspired, in one statement."""
    if not originals:
        return {}
    rows = db.session.execute(
        select(Replication.original_tenant_id, Replication.original_publication_id,
               func.count())
        .where(Replication.original_publication_id.in_({p for _, p in originals}),
               Replication.original_tenant_id.in_({t for t, _ in originals}))
        .group_by(Replication.original_tenant_id, Replication.original_publication_id))
    return {(t, p): n for t, p, n in rows}


def national_search(query: str, page: int = 1) -> tuple[Pagination, dict[int, Tenant]]:
    """What active cities made public (published projects, organisations), ranked by the
    cities' own search engine, across every city; members-only documents never."""
    query = (query or "").replace("\x00", " ").strip()[:MAX_QUERY]
    active = select(Tenant.id).where(Tenant.status == "active")
    visible = select(SearchDocument).where(
        SearchDocument.visibility == "public", SearchDocument.kind.in_(SEARCHED_KINDS),
        SearchDocument.tenant_id.in_(active))
    with across_tenants():
        found = paginate(match(visible, query, db.engine.dialect.name), page, per_page=20)
    cities = {t.id: t for t in db.session.scalars(select(Tenant).where(
        Tenant.id.in_({d.tenant_id for d in found.items})))} if found.items else {}
    return found, cities


# News -----------------------------------------------------------------------------------

def _editor(account: Account | None) -> None:
    if not can_edit_national_content(account):
        raise RuleError("title", _l("Only national editors can do this."), "forbidden")


def save_news(account: Account | None, fields: dict,
              news: NationalNews | None = None) -> NationalNews:
    """Write or change a national news item; published now when asked, pushed to every
    city's home when asked (a draft is never pushed)."""
    _editor(account)
    data = validated(NewsSchema, fields)
    if news is None:
        news = NationalNews()
        db.session.add(news)
    news.title = {k: v for k, v in (("fr", data["title_fr"]), ("en", data["title_en"])) if v}
    news.body = {k: v for k, v in (("fr", data["body_fr"]), ("en", data["body_en"])) if v}
    if data["published"]:
        news.published_at = news.published_at or utcnow()
    else:
        news.published_at = None
    news.pushed = data["pushed"] and news.published_at is not None
    db.session.commit()
    return news


def delete_news(account: Account | None, news: NationalNews) -> None:
    _editor(account)
    db.session.delete(news)
    db.session.commit()


def published_news(page: int, per_page: int = 10) -> Pagination:
    return paginate(select(NationalNews).where(NationalNews.published_at.is_not(None))
                    .order_by(NationalNews.published_at.desc(), NationalNews.id.desc()),
                    page, per_page)


def pushed_news(dismissed: set[int]) -> list[NationalNews]:
    """The newest news pushed to every city, less those this visitor dismissed."""
    statement = (select(NationalNews).where(NationalNews.pushed.is_(True),
                                            NationalNews.published_at.is_not(None))
                 .order_by(NationalNews.published_at.desc(), NationalNews.id.desc())
                 .limit(PUSHED_ON_HOMES))
    if dismissed:
        statement = statement.where(NationalNews.id.not_in(dismissed))
    return list(db.session.scalars(statement))


# Shared pages ----------------------------------------------------------------------------

@dataclass
class SharedPage:
    slug: str
    locale: str
    title: str
    body: str


def shared_page(slug: str, locale: str) -> SharedPage | None:
    """A national page in `locale` (else French): as edited, else the text shipped."""
    if slug not in NATIONAL_PAGES:
        return None
    rows = {p.locale: p for p in db.session.scalars(select(NationalPage).where(
        NationalPage.slug == slug, NationalPage.locale.in_((locale, "fr"))))}
    for candidate in (locale, "fr"):
        if candidate in rows:
            row = rows[candidate]
            return SharedPage(slug, candidate, row.title, row.body)
        shipped = CONTENT / f"{slug}.{candidate}.md"
        if shipped.is_file():
            first, _, body = shipped.read_text(encoding="utf-8").partition("\n")
            return SharedPage(slug, candidate, first.removeprefix("# ").strip(), body.strip())
    return None


def save_shared_page(account: Account | None, slug: str, locale: str, fields: dict) -> None:
    _editor(account)
    if slug not in NATIONAL_PAGES or locale not in ("fr", "en"):
        raise RuleError("title", _l("No such page."), "missing")
    data = validated(NationalPageSchema, fields)
    row = db.session.scalars(select(NationalPage).where(
        NationalPage.slug == slug, NationalPage.locale == locale)).first()
    if row is None:
        row = NationalPage(slug=slug, locale=locale)
        db.session.add(row)
    row.title, row.body = data["title"], data["body"]
    db.session.commit()
