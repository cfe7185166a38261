"""/account/tokens on a city host: create (secret shown once), list, revoke."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired

from upcampus.api.operations import NAME_MAX, create_token, revoke_token, tokens_of
from upcampus.core.forms import BaseForm, EmptyForm, choices
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error
from upcampus.tenancy.web import city_only

blueprint = Blueprint("api_tokens", __name__, template_folder="templates")


class TokenForm(BaseForm):
    name = StringField(_l("Name"), validators=[InputRequired(_l("Give this token a name."))],
                       description=_l("What it is for, e.g. the city's website."),
                       render_kw={"maxlength": NAME_MAX})
    scope = RadioField(_l("Access"), default="read",
                       choices=choices([("read", _l("Read only")),
                                        ("write", _l("Read and write (comments)"))]))


def _page(form=None, secret=None, status=200):
    response = render_template("api/tokens.html", form=form or TokenForm(formdata=None),
                               tokens=tokens_of(current_user), secret=secret,
                               revoke_form=EmptyForm())
    # The secret is on this page only: no cache may keep it.
    return response, status, {"Cache-Control": "no-store"}


@blueprint.get("/account/tokens")
@city_only
@login_required
def tokens():
    return _page()


@blueprint.post("/account/tokens")
@city_only
@login_required
def create():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            _token, secret = create_token(current_user, form.name.data, form.scope.data)
        except RuleError as error:
            attach_error(form, error)
        else:
            return _page(secret=secret, status=201)
    return _page(form=form, status=422)


@blueprint.post("/account/tokens/<int:token_id>/revoke")
@city_only
@login_required
def revoke(token_id: int):
    if not EmptyForm().validate_on_submit():
        flash(_("The form expired or did not come from this site. Check it and send it "
                "again."), "error")
        return redirect(url_for("api_tokens.tokens"))
    try:
        revoke_token(current_user, token_id)
    except RuleError:
        abort(404)
    flash(_("The token is revoked: it opens nothing any more."), "success")
    return redirect(url_for("api_tokens.tokens"))
