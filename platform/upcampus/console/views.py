"""/console on the national host: cities with their figures, onboarding, status,
features, hosts and languages, national roles and the audit log."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from upcampus.console import operations as ops
from upcampus.console.charts import bar_chart
from upcampus.console.forms import (
    NATIONAL_ROLE_LABELS,
    FeaturesForm,
    HostsForm,
    InviteForm,
    NationalRoleForm,
    OnboardForm,
    StatusForm,
    lines,
)
from upcampus.console.invitations import invite_city_admin
from upcampus.console.models import AuditEntry
from upcampus.console.web import console_gate, may_manage, refused
from upcampus.core.db import db
from upcampus.core.links import base_url_of_host, city_host, request_scheme
from upcampus.core.pagination import page_number, paginate
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error
from upcampus.tenancy.features import FEATURES
from upcampus.tenancy.manifest import ManifestError, flatten
from upcampus.tenancy.models import Tenant

blueprint = Blueprint("console", __name__, url_prefix="/console", template_folder="templates")
blueprint.before_request(console_gate)

PER_PAGE = 50


@blueprint.app_context_processor
def console_link():
    from upcampus.accounts.policy import can_nationally
    return {"can_read_console": lambda: can_nationally(current_user, "console.read")}


@blueprint.get("")
def cities():
    sort = request.args.get("sort", "name")
    descending = request.args.get("dir") == "desc"
    figures = ops.sorted_cities(ops.city_figures(), sort, descending)
    page = page_number()
    shown = figures[(page - 1) * PER_PAGE: page * PER_PAGE]
    top = sorted(figures, key=lambda c: -c["members"])[:15]
    chart = bar_chart(_("Members per city"), _("Members of the %(count)d largest networks; "
                                               "the table below gives the same figures.",
                                               count=len(top)),
                      [(c["name"], c["members"]) for c in top])
    return render_template("console/cities.html", cities=shown, total=len(figures),
                           page=page, pages=max(1, -(-len(figures) // PER_PAGE)),
                           sort=sort, descending=descending, chart=chart, top=top,
                           has_events=any(c["events"] is not None for c in figures),
                           may_manage=may_manage())


def _errors_on(form, error: ManifestError) -> None:
    """The manifest's faults beside the fields they name; the rest above the form."""
    for name, message in flatten(error.errors):
        field = {"locales.default": "default_locale", "locales.enabled": "enabled",
                 "branding.primary": "primary", "branding.secondary": "secondary",
                 "branding.font": "font"}.get(name, name.split(".")[0])
        target = getattr(form, field, None)
        if target is not None and hasattr(target, "errors"):
            target.errors = [*target.errors, message]
        else:
            form.form_errors.append(f"{name}: {message}")


@blueprint.route("/cities/new", methods=["GET", "POST"])
def onboard():
    form = OnboardForm(enabled=["fr", "en"])
    if form.validate_on_submit():
        try:
            city = ops.onboard_from_console(current_user, form.manifest(),
                                            locale=str(get_locale()))
        except ManifestError as error:
            _errors_on(form, error)
        except RuleError as error:
            refused(error)
            attach_error(form, error)
        else:
            invite_city_admin(current_user, city, form.admin_email.data)
            flash(_("%(network)s is open; its administrator is invited by email.",
                    network=city.name), "success")
            return redirect(url_for(".city", slug=city.slug))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("console/onboard.html", form=form), status


def _city_or_404(slug: str) -> Tenant:
    city = db.session.scalars(select(Tenant).where(Tenant.slug == slug)).first()
    if city is None:
        from flask import abort
        abort(404)
    return city


def _city_page(city: Tenant, status=200, **sent):
    message = city.status_message or {}
    forms = {
        "status_form": sent.get("status_form") or StatusForm(
            formdata=None, status=city.status if city.status != "archived" else "active",
            message_fr=message.get("fr", ""), message_en=message.get("en", "")),
        "features_form": sent.get("features_form") or FeaturesForm(
            formdata=None, features=[k for k, on in (city.features or {}).items() if on]),
        "hosts_form": sent.get("hosts_form") or HostsForm(
            formdata=None, subdomain=city.subdomain,
            custom_domains="\n".join(d.host for d in city.domains),
            default_locale=city.default_locale, enabled=list(city.locales or ())),
        "invite_form": sent.get("invite_form") or InviteForm(formdata=None),
    }
    enter = base_url_of_host(city_host(city), request_scheme()) + "/sso/start?next=/admin/members"
    return render_template("console/city.html", tenant=city, enter_url=enter,
                           may_manage=may_manage(), **forms), status


@blueprint.get("/cities/<slug>")
def city(slug: str):
    return _city_page(_city_or_404(slug))


@blueprint.post("/cities/<slug>/status")
def save_status(slug: str):
    city = _city_or_404(slug)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            ops.set_status(current_user, slug, form.status.data,
                           {"fr": form.message_fr.data or "", "en": form.message_en.data or ""})
        except RuleError as error:
            refused(error)
            attach_error(form, error)
        else:
            flash(_("%(network)s is suspended.", network=city.name)
                  if form.status.data == "suspended"
                  else _("%(network)s is open.", network=city.name), "success")
            return redirect(url_for(".city", slug=slug))
    return _city_page(city, 422, status_form=form)


@blueprint.post("/cities/<slug>/features")
def save_features(slug: str):
    city = _city_or_404(slug)
    form = FeaturesForm()
    if form.validate_on_submit():
        try:
            ops.set_features(current_user, slug, {k: k in (form.features.data or [])
                                                   for k in FEATURES})
        except RuleError as error:
            refused(error)
            attach_error(form, error)
        else:
            flash(_("The features of %(network)s are saved.", network=city.name), "success")
            return redirect(url_for(".city", slug=slug))
    return _city_page(city, 422, features_form=form)


@blueprint.post("/cities/<slug>/hosts")
def save_hosts(slug: str):
    city = _city_or_404(slug)
    form = HostsForm()
    if form.validate_on_submit():
        try:
            ops.set_hosts_and_languages(
                current_user, slug, subdomain=form.subdomain.data,
                custom_domains=lines(form.custom_domains.data),
                default_locale=form.default_locale.data, enabled=form.enabled.data or [],
                locale=str(get_locale()))
        except ManifestError as error:
            db.session.rollback()
            _errors_on(form, error)
        except RuleError as error:
            refused(error)
            attach_error(form, error)
        else:
            flash(_("The addresses and languages of %(network)s are saved.",
                    network=city.name), "success")
            return redirect(url_for(".city", slug=slug))
    return _city_page(_city_or_404(slug), 422, hosts_form=form)


@blueprint.post("/cities/<slug>/invite")
def invite(slug: str):
    city = _city_or_404(slug)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invite_city_admin(current_user, city, form.email.data)
        except RuleError as error:
            refused(error)
            attach_error(form, error)
        else:
            flash(_("The invitation is sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for(".city", slug=slug))
    return _city_page(city, 422, invite_form=form)


@blueprint.route("/roles", methods=["GET", "POST"])
def roles():
    form = NationalRoleForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            target = ops.grant_national_role(current_user, form.email.data, form.role.data)
        except RuleError as error:
            db.session.rollback()
            refused(error)
            attach_error(form, error)
        else:
            flash(_("%(email)s: %(role)s.", email=target.email,
                    role=NATIONAL_ROLE_LABELS[form.role.data]), "success")
            return redirect(url_for(".roles"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("console/roles.html", form=form, team=ops.national_team(),
                           role_of=lambda a: NATIONAL_ROLE_LABELS[ops.national_role_of(a)],
                           may_manage=may_manage()), status


@blueprint.get("/audit")
def audit_log():
    filters = {name: (request.args.get(name) or "").strip()[:320]
               for name in ("action", "city", "actor")}
    statement = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if filters["action"]:
        statement = statement.where(AuditEntry.action == filters["action"])
    if filters["city"]:
        statement = statement.where(AuditEntry.city_slug == filters["city"])
    if filters["actor"]:
        statement = statement.where(AuditEntry.actor_email == filters["actor"].lower())
    actions = list(db.session.scalars(select(AuditEntry.action).distinct().order_by(
        AuditEntry.action)))
    return render_template("console/audit.html", entries=paginate(statement, page_number(),
                                                                  PER_PAGE),
                           filters=filters, actions=actions)
