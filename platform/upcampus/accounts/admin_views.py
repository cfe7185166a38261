"""The city's administrators manage memberships and roles at /admin/members."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from upcampus.accounts.admin_operations import change_role, set_membership_status
from upcampus.accounts.erasure import FORMER_EMAIL
from upcampus.accounts.forms import ROLE_LABELS, RoleForm
from upcampus.accounts.models import Account, Membership
from upcampus.accounts.operations import AccountError
from upcampus.accounts.policy import can, can_suspend
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm
from upcampus.core.pagination import page_number, paginate
from upcampus.tenancy.web import city_only

blueprint = Blueprint("admin_members", __name__, template_folder="templates")


def require_permission(permission: str) -> None:
    if not can(current_user, permission, current_membership()):
        abort(403)


@blueprint.get("/admin/members")
@city_only
@login_required
def members():
    require_permission("members.manage")
    statement = (select(Membership).join(Membership.account)
                 .options(contains_eager(Membership.account))
                 .where(Account.email != FORMER_EMAIL)  # the former members' placeholder
                 .order_by(Membership.status, Account.display_name, Membership.id))
    return render_template("accounts/admin_members.html",
                           page=paginate(statement, page_number(), 50),
                           can_suspend=lambda m: can_suspend(current_user, current_membership(),
                                                             m),
                           role_form=RoleForm(formdata=None), status_form=EmptyForm())


@blueprint.post("/admin/members/<int:membership_id>/role")
@city_only
@login_required
def set_role(membership_id: int):
    require_permission("members.manage")
    form = RoleForm()
    if not form.validate_on_submit():
        flash(form.errors.get("csrf_token", [_("Choose a role from the list.")])[0], "error")
        return redirect(url_for(".members"))
    try:
        target = change_role(current_user, current_membership(), membership_id,
                             form.role.data)
    except AccountError as error:
        if error.field == "membership":
            abort(404)
        flash(str(error.message), "error")
        return redirect(url_for(".members"))
    flash(_("%(name)s is now %(role)s.", name=target.account.display_name,
            role=ROLE_LABELS[target.role]), "success")
    return redirect(url_for(".members"))


@blueprint.get("/admin/members/<int:membership_id>/suspend")
@city_only
@login_required
def confirm_suspend(membership_id: int):
    """Suspending a member says first what will happen."""
    require_permission("members.manage")
    target = db.session.get(Membership, membership_id)
    if target is None:
        abort(404)
    if not can_suspend(current_user, current_membership(), target):
        flash(_("You cannot suspend yourself."), "error")
        return redirect(url_for(".members"))
    name = target.account.display_name
    return render_template(
        "confirm.html", heading=_("Suspend %(name)s?", name=name),
        consequence=_("%(name)s will no longer be able to publish, comment, support or offer "
                      "help in this network until you reinstate them. What they published "
                      "stays.", name=name),
        action=url_for(".set_status", membership_id=membership_id, action="suspend"),
        confirm_label=_("Suspend this member"), form=EmptyForm(formdata=None),
        back=url_for(".members"))


@blueprint.post("/admin/members/<int:membership_id>/<any(suspend, reinstate):action>")
@city_only
@login_required
def set_status(membership_id: int, action: str):
    require_permission("members.manage")
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        target = set_membership_status(current_user, current_membership(), membership_id,
                                       "suspended" if action == "suspend" else "active")
    except AccountError as error:
        if error.field == "membership" and error.code == "missing":
            abort(404)
        flash(str(error.message), "error")
        return redirect(url_for(".members"))
    flash(_("%(name)s is suspended.", name=target.account.display_name)
          if target.status == "suspended"
          else _("%(name)s is a member again.", name=target.account.display_name), "success")
    return redirect(url_for(".members"))


@blueprint.app_context_processor
def administration_link():
    return {"can_manage_city": lambda: can(current_user, "members.manage",
                                           current_membership())}
