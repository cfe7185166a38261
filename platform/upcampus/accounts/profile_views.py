"""A person's own settings: name, language, password, picture, and profile in this city."""

from urllib.parse import urlencode

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from upcampus.accounts.forms import (
    ROLE_LABELS,
    AccountForm,
    AvatarForm,
    PasswordChangeForm,
    ProfileForm,
)
from upcampus.accounts.handoff import cities_of
from upcampus.accounts.operations import (
    AccountError,
    change_password,
    set_avatar,
    sign_out_everywhere,
    update_account,
    update_profile,
)
from upcampus.accounts.web import current_membership
from upcampus.core.forms import EmptyForm
from upcampus.core.i18n import remember_language
from upcampus.core.images import ImageError
from upcampus.core.links import base_url_of_host, city_host, request_scheme
from upcampus.core.web import attach_error
from upcampus.taxonomy.choices import skill_choices, theme_choices
from upcampus.tenancy.neighbourhoods import neighbourhood_choices

blueprint = Blueprint("accounts_profile", __name__, template_folder="templates")


def _forms(**sent):
    """Every form of the page; the one that was sent keeps what was typed."""
    locale = str(get_locale())
    membership = current_membership()
    forms = {
        "account_form": sent.get("account_form") or AccountForm(
            formdata=None, display_name=current_user.display_name,
            locale=current_user.locale or ""),
        "password_form": sent.get("password_form") or PasswordChangeForm(formdata=None),
        "avatar_form": sent.get("avatar_form") or AvatarForm(formdata=None),
        "verify_form": EmptyForm(formdata=None),
        "sessions_form": EmptyForm(formdata=None),
        "profile_form": None,
    }
    if membership is not None:
        form = sent.get("profile_form") or ProfileForm(
            formdata=None, obj=membership, skills=[s.id for s in membership.skills],
            themes=[t.id for t in membership.themes])
        form.skills.choices = skill_choices(locale)
        form.themes.choices = theme_choices(locale)
        form.neighbourhood.choices = neighbourhood_choices(g.city, membership.neighbourhood)
        forms["profile_form"] = form
    return forms


def _page(status=200, **sent):
    forms = _forms(**sent)
    from upcampus.moderation.operations import has_cases

    membership = current_membership()
    return render_template("accounts/account.html", membership=membership,
                           my_cities=_my_cities(), moderated=has_cases(membership),
                           **forms), status


def _my_cities() -> list[dict]:
    """Every city of the account, with the link that enters it without a password."""
    here = request.host.split(":")[0]
    cities = []
    for tenant, role, status in cities_of(current_user.id):
        host = city_host(tenant)
        if host == here:
            url = "/"
        else:
            url = base_url_of_host(host, request_scheme()) + "/sso/start?" + urlencode(
                {"from": here} if g.get("city") is not None else {})
        cities.append({"name": tenant.name, "role_label": ROLE_LABELS[role], "status": status,
                       "suspended": tenant.status != "active", "url": url.rstrip("?")})
    return cities


@blueprint.get("/account")
@login_required
def account():
    return _page()


@blueprint.post("/account/settings")
@login_required
def save_settings():
    form = AccountForm()
    if form.validate_on_submit():
        try:
            update_account(current_user, form.fields_dict())
        except AccountError as error:
            attach_error(form, error)
        else:
            flash(_("Your settings are saved."), "success")
            # This device follows the new choice at once ("Automatic" forgets it).
            return remember_language(redirect(url_for(".account")),
                                     form.locale.data or None)
    return _page(422, account_form=form)


@blueprint.post("/account/profile")
@login_required
def save_profile():
    membership = current_membership()
    if membership is None:
        return redirect(url_for("accounts.join"))
    form = ProfileForm()  # its choices are set for display; the rule checks the ids
    form.neighbourhood.choices = neighbourhood_choices(g.city, membership.neighbourhood)
    if form.validate_on_submit():
        try:
            update_profile(membership, form.fields_dict())
        except AccountError as error:
            attach_error(form, error)
        else:
            flash(_("Your profile in %(network)s is saved.", network=g.city.name), "success")
            return redirect(url_for(".account"))
    return _page(422, profile_form=form)


@blueprint.post("/account/password")
@login_required
def save_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            # This device's session goes on; every other one ends.
            change_password(current_user, form.fields_dict(),
                            keep_session=current_user._session_token)
        except AccountError as error:
            attach_error(form, error)
        else:
            flash(_("Your new password is saved."), "success")
            return redirect(url_for(".account"))
    return _page(422, password_form=form)


@blueprint.post("/account/avatar")
@login_required
def save_avatar():
    form = AvatarForm()
    if form.validate_on_submit():
        try:
            set_avatar(current_user, form.avatar.data.read())
        except ImageError as error:
            form.avatar.errors = [str(error)]
        else:
            flash(_("Your picture is saved."), "success")
            return redirect(url_for(".account"))
    return _page(422, avatar_form=form)


@blueprint.post("/account/sessions/end")
@login_required
def end_all_sessions():
    """"Sign out of every device": this one included."""
    if EmptyForm().validate_on_submit():
        sign_out_everywhere(current_user._get_current_object())
        logout_user()
        session.clear()
        flash(_("You are signed out of every device."), "info")
        return redirect(url_for("tenancy.home"))
    return redirect(url_for(".account"))
