"""Organisations of a city: directory, page, creation and editing, membership."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from upcampus.accounts.policy import can, can_manage_organisation, can_see_profile
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.pagination import page_number, paginate
from upcampus.core.web import attach_error, refuse, render_form
from upcampus.organisations.forms import (
    KIND_LABELS,
    OFFER_LABELS,
    JoinRequestForm,
    MemberRoleForm,
    OrganisationForm,
)
from upcampus.organisations.models import (
    ORGANISATION_KINDS,
    Organisation,
    OrganisationMember,
    OrganisationSkill,
    OrganisationTheme,
)
from upcampus.organisations.operations import (
    OrganisationError,
    answer_join_request,
    create_organisation,
    organisation_role,
    pending_requests,
    request_to_join,
    set_member_role,
    update_organisation,
)
from upcampus.taxonomy.choices import skill_choices, theme_choices
from upcampus.taxonomy.operations import (
    directory_filters,
    filter_by_taxonomy,
    skills_by_family,
    visible_themes,
)
from upcampus.tenancy.neighbourhoods import filter_options, neighbourhood_choices
from upcampus.tenancy.web import city_only, requires_feature

blueprint = Blueprint("organisations", __name__, template_folder="templates")
blueprint.before_request(requires_feature("directory"))


@blueprint.context_processor
def labels():
    return {"kind_labels": KIND_LABELS, "offer_labels": OFFER_LABELS}


def _with_choices(form: OrganisationForm) -> OrganisationForm:
    locale = str(get_locale())
    form.skills.choices = skill_choices(locale)
    form.themes.choices = theme_choices(locale)
    form.neighbourhood.choices = neighbourhood_choices(g.city, form.neighbourhood.object_data)
    return form


def _organisation(org_id: int) -> Organisation:
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        abort(404)
    return organisation


@blueprint.get("/organisations")
@city_only
def directory():
    filters = directory_filters(request.args, extra=("kind",))
    statement = (select(Organisation).options(selectinload(Organisation.skill_links),
                                              selectinload(Organisation.theme_links))
                 .order_by(Organisation.name, Organisation.id))
    if filters["kind"] in ORGANISATION_KINDS:
        statement = statement.where(Organisation.kind == filters["kind"])
    statement = filter_by_taxonomy(statement, Organisation, OrganisationSkill,
                                   OrganisationTheme, filters, g.city)
    locale = str(get_locale())
    return render_template(
        "organisations/directory.html", page=paginate(statement, page_number()), filters=filters,
        skill_groups=skills_by_family(locale), themes=visible_themes(),
        neighbourhoods=filter_options(g.city),
        can_create=can(current_user, "organisations.create", current_membership()))


@blueprint.route("/organisations/new", methods=["GET", "POST"])
@city_only
@login_required
def create():
    if not can(current_user, "organisations.create", current_membership()):
        flash(_("Join this network to create an organisation."), "info")
        return redirect(url_for("accounts.join"))
    form = _with_choices(OrganisationForm())
    if form.validate_on_submit():
        try:
            organisation = create_organisation(current_user, current_membership(),
                                               form.fields_dict())
        except OrganisationError as error:
            attach_error(form, error)
        else:
            flash(_("%(name)s is created.", name=organisation.name), "success")
            return redirect(url_for(".show", org_id=organisation.id, slug=organisation.slug))
    return render_form("organisations/edit.html", form, organisation=None)


@blueprint.get("/organisations/<int:org_id>")
@blueprint.get("/organisations/<int:org_id>-<slug>")
@city_only
def show(org_id: int, slug: str | None = None):
    organisation = _organisation(org_id)
    if slug != organisation.slug:
        return redirect(url_for(".show", org_id=org_id, slug=organisation.slug), 301)
    membership = current_membership()
    role = organisation_role(org_id, membership)
    manager = can_manage_organisation(current_user, membership, role)
    viewer = current_user if current_user.is_authenticated else None
    members = [m for m in db.session.scalars(select(OrganisationMember).where(
        OrganisationMember.organisation_id == org_id).options(
        selectinload(OrganisationMember.membership)))
        if manager or can_see_profile(viewer, membership, m.membership)]
    return render_template(
        "organisations/show.html", organisation=organisation, role=role, manager=manager,
        members=members, requests=pending_requests(org_id) if manager else [],
        # No form for visitors who are not signed in: no CSRF token, the page can be kept.
        **({"join_form": JoinRequestForm(formdata=None),
            "role_form": MemberRoleForm(formdata=None)} if current_user.is_authenticated
           else {"join_form": None, "role_form": None}))


@blueprint.route("/organisations/<int:org_id>/edit", methods=["GET", "POST"])
@city_only
@login_required
def edit(org_id: int):
    organisation = _organisation(org_id)
    membership = current_membership()
    if not can_manage_organisation(current_user, membership,
                                   organisation_role(org_id, membership)):
        abort(403)
    form = _with_choices(OrganisationForm(
        obj=organisation, skills=[s.id for s in organisation.skills],
        themes=[t.id for t in organisation.themes]))
    if form.validate_on_submit():
        try:
            update_organisation(current_user, membership, organisation, form.fields_dict())
        except OrganisationError as error:
            attach_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".show", org_id=org_id, slug=organisation.slug))
    return render_form("organisations/edit.html", form, organisation=organisation)


@blueprint.post("/organisations/<int:org_id>/join")
@city_only
@login_required
def join(org_id: int):
    organisation = _organisation(org_id)
    form = JoinRequestForm()
    if form.validate_on_submit():
        try:
            request_to_join(current_membership(), organisation, form.message.data or "")
        except OrganisationError as error:
            flash(str(error.message), "error")
        else:
            flash(_("Your request is sent to %(name)s.", name=organisation.name), "success")
    else:
        flash(str(_("The form expired or did not come from this site. Check it and send it "
                    "again.")), "error")
    return redirect(url_for(".show", org_id=org_id, slug=organisation.slug))


@blueprint.post("/organisations/<int:org_id>/requests/<int:request_id>/"
                "<any(accept, decline):answer>")
@city_only
@login_required
def answer(org_id: int, request_id: int, answer: str):
    organisation = _organisation(org_id)
    if not JoinRequestForm().validate_on_submit():
        abort(400)
    try:
        answer_join_request(current_user, current_membership(), organisation, request_id,
                            accept=answer == "accept")
    except OrganisationError as error:
        refuse(error)
    return redirect(url_for(".show", org_id=org_id, slug=organisation.slug))


@blueprint.post("/organisations/<int:org_id>/members/<int:member_id>/role")
@city_only
@login_required
def member_role(org_id: int, member_id: int):
    organisation = _organisation(org_id)
    form = MemberRoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        set_member_role(current_user, current_membership(), organisation, member_id,
                        form.role.data)
    except OrganisationError as error:
        refuse(error)
    return redirect(url_for(".show", org_id=org_id, slug=organisation.slug))

