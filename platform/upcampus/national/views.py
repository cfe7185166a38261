"""The national site of Mouvement UP, on the base domain: home, showcase, news, shared
pages and national search. City hosts answer 404 here (national_only)."""

from __future__ import annotations

from functools import wraps

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from upcampus.accounts.policy import can_edit_national_content
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm
from upcampus.core.pagination import page_number, paginate
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, refuse, render_form
from upcampus.national import operations as national
from upcampus.national.forms import NationalPageForm, NewsForm
from upcampus.national.models import NATIONAL_PAGES, NationalNews
from upcampus.national.sharing import set_highlight
from upcampus.national.summary import current_figures
from upcampus.search.excerpts import present
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.resolver import CityInfo, city_url

CITIES_PER_PAGE = 24

# Holds the national templates; the national home is routed by tenancy's "/" view.
blueprint = Blueprint("national", __name__, template_folder="templates")


def national_only(view):
    """A view of the base domain only; city hosts answer 404."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("city") is not None:
            abort(404)
        return view(*args, **kwargs)
    return wrapper


def editor_only(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not can_edit_national_content(current_user):
            abort(403)
        return view(*args, **kwargs)
    return login_required(wrapper)


def url_of_city(tenant, path: str = "/") -> str:
    """An address on a city's own host, with this request's scheme and port."""
    port = request.host.rpartition(":")[2] if ":" in request.host else None
    home = city_url(CityInfo.from_row(tenant), current_app.config["BASE_DOMAIN"],
                    request.scheme, int(port) if port and port.isdigit() else None)
    return home.rstrip("/") + path


@blueprint.app_context_processor
def national_helpers():
    return {"url_of_city": url_of_city, "national_pages": NATIONAL_PAGES,
            "can_edit_national": lambda: can_edit_national_content(current_user)}


def national_home():
    """The networks a page at a time with their short figures, the national figures from
    their summary, the showcase's first projects and the latest news: what the page costs
    does not grow with the number of cities."""
    locale = str(get_locale())
    page = paginate(select(Tenant).where(Tenant.status == "active")
                    .order_by(Tenant.name, Tenant.id), page_number(), CITIES_PER_PAGE)
    cities = [{"figures": f, "url": url_of_city(f.tenant),
               "description": CityInfo.from_row(f.tenant).text(f.tenant.description or {},
                                                               locale)}
              for f in national.directory(page.items)]
    shown, owners, replicas = national.showcase(1, per_page=6)
    from upcampus.core.db import utcnow
    from upcampus.events.national import upcoming_national

    return render_template("national/home.html", cities=cities, page=page,
                           figures=current_figures(), showcase=shown, owners=owners,
                           national_events=upcoming_national(utcnow(), 3, for_city=False),
                           replicas=replicas,
                           news=national.published_news(1, per_page=3).items)


@blueprint.get("/cities/<city_slug>/logo")
@national_only
def city_logo(city_slug: str):
    """A city's logo served from the base domain: the site's policy loads images from
    its own host only."""
    row = db.session.execute(select(Tenant.logo, Tenant.logo_type, Tenant.logo_hash).where(
        Tenant.slug == city_slug, Tenant.status == "active")).first()
    if row is None or not row.logo_hash:
        abort(404)
    response = Response(row.logo, mimetype=row.logo_type)
    response.set_etag(row.logo_hash)
    response.cache_control.public = True
    response.cache_control.max_age = 86400 if request.args.get("v") else 300
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


@blueprint.get("/showcase")
@national_only
def showcase():
    shown, owners, replicas = national.showcase(page_number())
    return render_template("national/showcase.html", page=shown, owners=owners,
                           replicas=replicas, action_form=EmptyForm(formdata=None))


@blueprint.post("/showcase/<city_slug>/<int:pub_id>/<any(highlight, unhighlight):action>")
@national_only
@editor_only
def highlight(city_slug: str, pub_id: int, action: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        set_highlight(current_user, city_slug, pub_id, action == "highlight")
    except RuleError as error:
        refuse(error)
    return redirect(url_for(".showcase"))


@blueprint.get("/news")
@national_only
def news_index():
    return render_template("national/news_index.html",
                           page=national.published_news(page_number()))


def _news_or_404(news_id: int) -> NationalNews:
    news = db.session.get(NationalNews, news_id)
    if news is None or (news.published_at is None
                        and not can_edit_national_content(current_user)):
        abort(404)
    return news


@blueprint.get("/news/<int:news_id>")
@national_only
def news_show(news_id: int):
    return render_template("national/news_show.html", news=_news_or_404(news_id),
                           action_form=EmptyForm(formdata=None))


@blueprint.route("/news/new", methods=["GET", "POST"])
@blueprint.route("/news/<int:news_id>/edit", methods=["GET", "POST"])
@national_only
@editor_only
def news_edit(news_id: int | None = None):
    news = _news_or_404(news_id) if news_id is not None else None
    form = NewsForm(data=None if news is None else {
        "title_fr": news.title.get("fr", ""), "title_en": news.title.get("en", ""),
        "body_fr": news.body.get("fr", ""), "body_en": news.body.get("en", ""),
        "published": news.published_at is not None, "pushed": news.pushed})
    if form.validate_on_submit():
        try:
            news = national.save_news(current_user, form.fields_dict(), news)
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".news_show", news_id=news.id))
    return render_form("national/news_edit.html", form, news=news)


@blueprint.post("/news/<int:news_id>/delete")
@national_only
@editor_only
def news_delete(news_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    national.delete_news(current_user, _news_or_404(news_id))
    flash(_("The news item is deleted."), "success")
    return redirect(url_for(".news_index"))


@blueprint.route("/pages/<slug>/edit/<any(fr, en):lang>", methods=["GET", "POST"])
@national_only
@editor_only
def page_edit(slug: str, lang: str):
    page = national.shared_page(slug, lang)
    if page is None:
        abort(404)
    form = NationalPageForm(data={"title": page.title, "body": page.body}
                            if page.locale == lang else None)
    if form.validate_on_submit():
        try:
            national.save_shared_page(current_user, slug, lang,
                                      {"title": form.title.data, "body": form.body.data})
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("pages.show", slug=slug, lang=lang))
    return render_form("national/page_edit.html", form, slug=slug, lang=lang)


def national_search():
    """/search on the base domain: what every active city made public."""
    query = request.args.get("q", "").replace("\x00", " ").strip()[:200]
    page, owners = national.national_search(query, page_number()) if query else (None, {})
    language = str(get_locale())
    shown = ([(doc, owners[doc.tenant_id], *present(doc, query, language))
              for doc in page.items] if page else [])
    return render_template("national/search.html", query=query, page=page, shown=shown)


def national_page(slug: str):
    """/pages/<slug> on the base domain: a shared page."""
    page = national.shared_page(slug, request.args.get("lang") or str(get_locale()))
    if page is None:
        abort(404)
    return render_template("pages/show.html", page=page, shared=True)
