"""Delete my account (/account/delete, on any host) and leave this city
(/account/leave, on a city's host): a page that says what happens, the person's choices
for their content, their password; erasure.py does the rest."""

from flask import Blueprint, abort, flash, g, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from upcampus.accounts.erasure import (
    confirmed_choices,
    content_counts,
    delete_account,
    leave_city,
    refusal,
)
from upcampus.accounts.forms import ErasureForm
from upcampus.accounts.models import Membership
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, render_form
from upcampus.tenancy.context import across_tenants

blueprint = Blueprint("account_erasure", __name__, template_folder="templates")


def _my_memberships() -> list[Membership]:
    with across_tenants():
        return list(db.session.scalars(db.select(Membership).where(
            Membership.account_id == current_user.id)))


def _asked_about(form, memberships: list[Membership]):
    """The form without the choices about content the person does not have (those keep
    their default)."""
    counts = content_counts(memberships)
    for kind in ("organisation_publications", "events"):
        if not counts[kind]:
            delattr(form, kind)
    return form


def _submit(form, act):
    """Check the form and the password, then act; the refusal shown on the form if any."""
    if not form.validate_on_submit():
        return False
    try:
        act(confirmed_choices(current_user, form.data))
    except RuleError as error:
        db.session.rollback()
        attach_error(form, error)
        return False
    return True


@blueprint.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete():
    memberships = _my_memberships()
    form = _asked_about(ErasureForm(), memberships)
    account_id = current_user.id
    if _submit(form, lambda choices: delete_account(account_id, choices)):
        logout_user()
        session.clear()
        flash(_("Your account is deleted. Goodbye, and thank you."), "info")
        return redirect(url_for("tenancy.home"))
    return render_form("accounts/erase.html", form, leaving=False,
                       blocker=refusal(memberships), cities=len(memberships))


@blueprint.route("/account/leave", methods=["GET", "POST"])
@login_required
def leave():
    membership = current_membership()
    if g.get("city") is None or membership is None:
        abort(404)
    form = _asked_about(ErasureForm(), [membership])
    account_id, tenant_id = current_user.id, g.city.id
    if _submit(form, lambda choices: leave_city(account_id, tenant_id, choices)):
        flash(_("You have left %(city)s.", city=g.city.name), "info")
        return redirect(url_for("tenancy.home"))
    return render_form("accounts/erase.html", form, leaving=True, city=g.city,
                       blocker=refusal([membership]), cities=1)
