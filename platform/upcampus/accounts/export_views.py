"""Download my data: ask from /account, download behind one's own session."""

import io

from flask import Blueprint, abort, flash, g, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from upcampus.accounts.export import archive_name, request_export, usable
from upcampus.accounts.models import DataExport
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm
from upcampus.core.rules import RuleError
from upcampus.tenancy.context import across_tenants

blueprint = Blueprint("account_export", __name__)


@blueprint.post("/account/export")
@login_required
def ask():
    if EmptyForm().validate_on_submit():
        try:
            request_export(current_user, g.get("city"))
        except RuleError as error:
            flash(str(error.message), "info")
        else:
            flash(_("Your archive is being prepared: you will get an email with the link "
                    "when it is ready."), "success")
    return redirect(url_for("accounts_profile.account") + "#export-title")


@blueprint.get("/account/export/<int:export_id>")
@login_required
def download(export_id: int):
    with across_tenants():
        export = db.session.get(DataExport, export_id)
        if not usable(export, current_user):
            abort(404)
        data = export.archive
    return send_file(io.BytesIO(data), mimetype="application/zip",
                     as_attachment=True, download_name=archive_name(current_user))
