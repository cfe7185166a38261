"""/console/blocks: a platform admin blocks an account in every city (or lifts it);
the national team sees who is blocked."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from upcampus.console.blocks import block_everywhere, blocked_accounts
from upcampus.console.forms import BlockEverywhereForm
from upcampus.console.web import console_gate, may_manage, refused
from upcampus.core.db import db
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error

blueprint = Blueprint("console_blocks", __name__, url_prefix="/console",
                      template_folder="templates")
blueprint.before_request(console_gate)


@blueprint.route("/blocks", methods=["GET", "POST"])
def blocks():
    form = BlockEverywhereForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            target = block_everywhere(current_user, {
                "email": form.email.data, "duration": form.duration.data,
                "reason": form.reason.data or ""})
        except RuleError as error:
            db.session.rollback()
            refused(error)
            attach_error(form, error)
        else:
            flash(_("%(email)s is blocked in every network.", email=target.email)
                  if target.blocked_until else
                  _("%(email)s may take part again.", email=target.email), "success")
            return redirect(url_for(".blocks"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("console/blocks.html", form=form, blocked=blocked_accounts(),
                           may_manage=may_manage()), status
