"""On a city's host: sharing a project nationally, the models other cities offer and
starting a local project from one; national news pushed to the home, dismissible."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, select

from upcampus.accounts.policy import can
from upcampus.accounts.web import current_membership
from upcampus.core.forms import EmptyForm
from upcampus.core.rules import RuleError
from upcampus.core.web import refuse
from upcampus.national.forms import ShareForm
from upcampus.national.models import Replication
from upcampus.national.operations import pushed_news, replica_counts
from upcampus.national.sharing import credit_of, replicate, set_shared, shared_models
from upcampus.projects.parts import page_part
from upcampus.tenancy.web import city_only

blueprint = Blueprint("national_city", __name__, template_folder="templates")

DISMISSED_COOKIE = "dismissed_news"
MAX_DISMISSED = 50  # the newest ones; a cookie stays small


def dismissed_ids() -> set[int]:
    raw = request.cookies.get(DISMISSED_COOKIE, "")
    return {int(part) for part in raw.split(".")[:MAX_DISMISSED]
            if part.isdigit() and len(part) < 10}


@blueprint.app_context_processor
def national_on_city_pages():
    if g.get("city") is None:
        return {}
    return {"pushed_news": lambda: pushed_news(dismissed_ids()),
            "national_of": national_of}


@page_part("national.credit")
def _started_from_a_model(publication) -> ColumnElement[bool]:
    return select(Replication.id).where(
        Replication.replica_tenant_id == publication.tenant_id,
        Replication.replica_publication_id == publication.id).exists()


def national_of(publication, parts: frozenset[str]) -> dict:
    """What a project's page shows of its national life: shared or not, its credit if it
    was started from a model (asked only if its parts say so: projects/parts.py), and how
    many cities started from it."""
    membership = current_membership()
    facilitator = can(current_user, "projects.facilitate", membership)
    credit = credit_of(g.city.id, publication.id) if "national.credit" in parts else None
    replicas = (replica_counts([(g.city.id, publication.id)]).get((g.city.id, publication.id), 0)
                if publication.shared_nationally else 0)
    form = None
    if facilitator and publication.published:
        form = ShareForm(formdata=None, shared=publication.shared_nationally,
                         lessons=publication.lessons)
    return {"credit": credit, "replicas": replicas, "share_form": form}


@blueprint.post("/projects/<int:pub_id>/share")
@city_only
@login_required
def share(pub_id: int):
    from upcampus.projects.views import publication_or_404

    publication = publication_or_404(pub_id)
    form = ShareForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return redirect(url_for("projects.show", pub_id=pub_id, slug=publication.slug))
    try:
        set_shared(publication, current_user, current_membership(),
                   {"shared": form.shared.data, "lessons": form.lessons.data})
    except RuleError as error:
        refuse(error)
    else:
        flash(_("Shared with every city.") if publication.shared_nationally
              else _("No longer shared with the other cities."), "success")
    return redirect(url_for("projects.show", pub_id=pub_id, slug=publication.slug))


@blueprint.get("/models")
@city_only
def models():
    """What worked elsewhere: the projects other cities offer as models."""
    rows = shared_models(g.city.id)
    # Visitors get no form (nor its token, nor a session cookie): the page is shared.
    action_form = EmptyForm(formdata=None) if current_user.is_authenticated else None
    return render_template(
        "national/models.html", rows=rows, action_form=action_form,
        facilitator=can(current_user, "projects.facilitate", current_membership()),
        replicas=replica_counts([(t.id, p.id) for t, p in rows]))


@blueprint.post("/models/<city_slug>/<int:pub_id>/start")
@city_only
@login_required
def start(city_slug: str, pub_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        replica = replicate(current_user, current_membership(), g.city.id, city_slug, pub_id)
    except RuleError as error:
        refuse(error)
        return redirect(url_for(".models"))
    flash(_("Your draft is saved: adapt it to your city, then publish it."), "success")
    return redirect(url_for("projects.edit", pub_id=replica.id))


@blueprint.post("/national-news/<int:news_id>/dismiss")
@city_only
def dismiss(news_id: int):
    """Hide a pushed news item on this city's home for this browser (no JS needed)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    kept = [str(i) for i in sorted(dismissed_ids() | {news_id}, reverse=True)][:MAX_DISMISSED]
    response = redirect(url_for("tenancy.home"))
    response.set_cookie(DISMISSED_COOKIE, ".".join(kept), max_age=365 * 86400,
                        httponly=True, samesite="Lax", secure=request.is_secure)
    return response
