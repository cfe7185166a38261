"""The partners directory of the city's team: organisations marked as partners, with
what they bring and whom to call; filterable by what they bring."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import choices
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, render_form
from upcampus.facilitation.accompaniments import partners, save_partner
from upcampus.facilitation.forms import PartnerForm
from upcampus.facilitation.models import SUPPORT_KINDS, Partner
from upcampus.facilitation.views import require
from upcampus.organisations.models import Organisation
from upcampus.tenancy.web import city_only

blueprint = Blueprint("partners", __name__, template_folder="templates")


def _with_choices(form: PartnerForm) -> PartnerForm:
    form.organisation_id.choices = choices(
        (o.id, o.name) for o in db.session.scalars(
            select(Organisation).order_by(Organisation.name, Organisation.id)))
    return form


@blueprint.get("/facilitation/partners")
@city_only
@login_required
def directory():
    require()
    brings = request.args.get("brings", "")
    brings = brings if brings in SUPPORT_KINDS else ""
    return render_template("facilitation/partners.html", partners=partners(brings),
                           brings=brings, kinds=SUPPORT_KINDS)


@blueprint.route("/facilitation/partners/new", methods=["GET", "POST"])
@city_only
@login_required
def create():
    require()
    form = _with_choices(PartnerForm())
    if form.validate_on_submit():
        try:
            partner = save_partner(current_user, current_membership(), form.fields_dict())
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("%(name)s is a partner of the city.", name=partner.organisation.name),
                  "success")
            return redirect(url_for(".directory"))
    return render_form("facilitation/partner_edit.html", form, partner=None)


@blueprint.route("/facilitation/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@city_only
@login_required
def edit(partner_id: int):
    require()
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        abort(404)
    form = _with_choices(PartnerForm(obj=partner, brings=list(partner.brings or [])))
    if form.validate_on_submit():
        try:
            save_partner(current_user, current_membership(), form.fields_dict(), partner)
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".directory"))
    return render_form("facilitation/partner_edit.html", form, partner=partner)
