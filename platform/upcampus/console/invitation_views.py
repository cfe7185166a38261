"""/invitation/<token> on the city's own host: the first administrator accepts."""

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from upcampus.accounts.forms import NEW_PASSWORD_HINT
from upcampus.accounts.operations import account_by_email
from upcampus.accounts.tokens import TokenError
from upcampus.accounts.views import TOKEN_MESSAGES, start_session
from upcampus.console.invitations import accept_invitation, read_invitation
from upcampus.console.schemas import NewAdminSchema
from upcampus.core.forms import BaseForm
from upcampus.core.rules import RuleError, length_of
from upcampus.core.web import attach_error
from upcampus.tenancy.web import city_only

blueprint = Blueprint("invitations", __name__, template_folder="templates")


class NewAdminForm(BaseForm):
    display_name = StringField(_l("Your name"), validators=[
        DataRequired(), length_of(NewAdminSchema, "display_name")],
        render_kw={"autocomplete": "name"})
    password = PasswordField(_l("Password"), validators=[
        DataRequired(), length_of(NewAdminSchema, "password")], description=NEW_PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"})


@blueprint.route("/invitation/<token>", methods=["GET", "POST"])
@city_only
def accept(token: str):
    try:
        email = read_invitation(token, g.city.id)
    except TokenError as error:
        return render_template("accounts/token_error.html",
                               message=TOKEN_MESSAGES[error.reason]()), 400
    existing = account_by_email(email)
    form = NewAdminForm()
    signed_in_as_invited = current_user.is_authenticated and existing is not None and (
        current_user.id == existing.id)
    if existing is not None and not signed_in_as_invited:
        # The account exists: its owner logs in first (and comes back here).
        return render_template("console/invitation.html", email=email, form=form,
                               log_in_first=True, token=token)
    if form.is_submitted() and (signed_in_as_invited or form.validate()):
        try:
            account = accept_invitation(
                token, g.city.id, account=current_user if signed_in_as_invited else None,
                display_name=form.display_name.data or "", password=form.password.data or "")
        except RuleError as error:
            attach_error(form, error)
        except TokenError as error:
            return render_template("accounts/token_error.html",
                                   message=TOKEN_MESSAGES[error.reason]()), 400
        else:
            if not signed_in_as_invited:
                start_session(account)
            flash(_("Welcome! You are an administrator of %(network)s.", network=g.city.name),
                  "success")
            return redirect(url_for("tenancy.home"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("console/invitation.html", email=email, form=form,
                           log_in_first=False, signed_in=signed_in_as_invited,
                           token=token), status
