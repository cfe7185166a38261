"""Sign-up, login, logout, email verification, password reset and joining a city."""

import secrets
import time

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from upcampus.accounts import consent
from upcampus.accounts.devices import read_device, remember_device
from upcampus.accounts.forms import LoginForm, ResetForm, ResetRequestForm, SignupForm
from upcampus.accounts.operations import (
    AccountError,
    authenticate,
    check_reset_token,
    join_city,
    request_password_reset,
    reset_password,
    send_verification,
    sign_up,
    verify_email,
)
from upcampus.accounts.sessions import end_sessions, open_session, sessions_left
from upcampus.accounts.tokens import TokenError
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm
from upcampus.core.views import safe_next
from upcampus.core.web import attach_error, render_form
from upcampus.tenancy.web import city_only, this_base_url

blueprint = Blueprint("accounts", __name__, template_folder="templates")

TOKEN_MESSAGES = {
    "expired": lambda: _("This link has expired. Ask for a new one."),
    "other_city": lambda: _("This link was sent by another network: open it on the site "
                            "of the network that sent you the email."),
    "invalid": lambda: _("This link is not valid. Check that you copied it whole."),
    "used": lambda: _("This link has already been used. Ask for a new one if needed."),
}


SIGNUP_NONCE = "signup"
AFTER_SIGNUP = "after_signup"  # where a visitor was going when they signed up (a path here)


def start_session(account, remember: bool = False) -> None:
    """Log in with a fresh session: nothing of the anonymous session carries over, and a
    server-side record that logging out ends."""
    session.clear()
    open_session(account)
    login_user(account, remember=remember)
    consent.note_in_session(session, account.id)
    g.pop("membership", None)


def city_id() -> int | None:
    return g.city.id if g.get("city") is not None else None


@blueprint.route("/signup", methods=["GET", "POST"])
@city_only
def signup():
    if current_user.is_authenticated:
        wanted = request.args.get("next")
        return redirect(url_for(".join", next=safe_next(wanted) if wanted else None))
    form = SignupForm()
    if form.validate_on_submit():
        # This browser's mark: the email's link signs in here only. Set whether the
        # address is new or not, so the (readable) session cookie tells nothing.
        session[SIGNUP_NONCE] = secrets.token_urlsafe(16)
        if request.args.get("next"):
            session[AFTER_SIGNUP] = safe_next(request.args.get("next"))
        try:
            sign_up(g.city, form.fields_dict(), locale=str(get_locale()),
                    base_url=this_base_url(), nonce=session[SIGNUP_NONCE])
        except AccountError as error:
            attach_error(form, error)
        else:
            # The same page whether the address was new or had an account already.
            return redirect(url_for(".signup_sent"))
    return render_form("accounts/signup.html", form)


@blueprint.get("/signup/sent")
@city_only
def signup_sent():
    return render_template("accounts/signup_sent.html")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        device = read_device(request.cookies)
        try:
            account = authenticate(form.email.data, form.password.data, request.remote_addr,
                                   device)
        except AccountError as error:
            attach_error(form, error)
        else:
            start_session(account, remember=form.remember.data)
            if g.get("city") is not None and current_membership() is None:
                wanted = request.args.get("next")
                target = url_for(".join", next=safe_next(wanted) if wanted else None)
            else:
                target = safe_next(request.args.get("next"))
            return remember_device(redirect(target), device, account.id)
    return render_form("accounts/login.html", form)


def end_this_session() -> None:
    if current_user.is_authenticated:
        end_sessions(current_user.id, only=current_user._session_token)
        db.session.commit()
    logout_user()
    session.clear()
    g.pop("membership", None)  # read with the account; nobody is signed in now


SIGNED_OUT = "signed_out_of"
OFFER_SECONDS = 600


@blueprint.post("/logout")
def logout():
    """Log out here. Every network keeps its own login: when the account is still signed
    in elsewhere, the next page offers to end those too."""
    if EmptyForm().validate_on_submit():
        account_id = current_user.id if current_user.is_authenticated else None
        end_this_session()
        flash(_("You are logged out."), "info")
        if account_id is not None and sessions_left(account_id):
            # The browser that just logged out may end the others for a while: its
            # (signed) session says whose they are.
            session[SIGNED_OUT] = {"a": account_id, "at": int(time.time())}
            return redirect(url_for(".logged_out"))
    return redirect(url_for("tenancy.home"))


def _offer() -> int | None:
    offer = session.get(SIGNED_OUT)
    if not isinstance(offer, dict) or time.time() - offer.get("at", 0) > OFFER_SECONDS:
        return None
    return offer.get("a")


@blueprint.get("/logged-out")
def logged_out():
    account_id = _offer()
    if account_id is None or current_user.is_authenticated:
        return redirect(url_for("tenancy.home"))
    return render_template("accounts/logged_out.html", form=EmptyForm(),
                           count=sessions_left(account_id))


@blueprint.post("/logout/everywhere")
def logout_everywhere():
    account_id = _offer()
    if EmptyForm().validate_on_submit() and account_id is not None:
        end_sessions(account_id)
        db.session.commit()
        session.pop(SIGNED_OUT, None)
        flash(_("You are signed out of every network and every device."), "info")
    return redirect(url_for("tenancy.home"))


@blueprint.route("/join", methods=["GET", "POST"])
@city_only
@login_required
def join():
    membership = current_membership()
    form = EmptyForm()
    if membership is not None and membership.status == "suspended":
        return render_template("accounts/join.html", form=form, membership=membership), 403
    if membership is not None and request.args.get("next"):
        return redirect(safe_next(request.args["next"]))  # a member already: on they go
    if membership is None and form.validate_on_submit():
        try:
            join_city(current_user)
        except AccountError as error:
            attach_error(form, error)
        else:
            flash(_("Welcome to %(network)s!", network=g.city.name), "success")
            return redirect(safe_next(request.args["next"]) if request.args.get("next")
                            else url_for("accounts_profile.account"))
    return render_form("accounts/join.html", form, membership=membership)


@blueprint.get("/verify/<token>", endpoint="verify_email")
def verify_email_link(token: str):
    device = read_device(request.cookies)
    nonce = None if current_user.is_authenticated else session.get(SIGNUP_NONCE)
    try:
        account, newly, signs_in = verify_email(token, city_id(), nonce,
                                                device.nonce if device else None)
    except TokenError as error:
        return render_template("accounts/token_error.html",
                               message=TOKEN_MESSAGES[error.reason]()), 400
    if signs_in:
        # Opened in the browser that signed up: it finishes signing up. Anywhere else
        # the link only confirms the address (someone else may have signed up with it).
        target = session.pop(AFTER_SIGNUP, None)  # before the fresh session drops it
        start_session(account)
        flash(_("Your email address is confirmed. Welcome!"), "success")
        return remember_device(redirect(safe_next(target) if target
                                        else url_for("accounts_profile.account")),
                               device, account.id)
    if newly and not current_user.is_authenticated:
        flash(_("Your email address is confirmed. Log in with the password chosen when "
                "signing up. If you did not sign up, choose a new password: it ends "
                "every session opened with the old one."), "success")
        return redirect(url_for(".login"))
    flash(_("Your email address is confirmed.") if newly
          else _("Your email address was already confirmed."), "success")
    return redirect(url_for("tenancy.home"))


@blueprint.post("/account/verify")
@login_required
def resend_verification():
    if EmptyForm().validate_on_submit() and not current_user.email_verified:
        send_verification(current_user, g.city, locale=str(get_locale()),
                          base_url=this_base_url())
        flash(_("We sent you a new confirmation email."), "info")
    return redirect(url_for("accounts_profile.account"))


@blueprint.route("/password/reset", methods=["GET", "POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data, g.city, locale=str(get_locale()),
                               base_url=this_base_url())
        flash(_("If an account uses this address, we sent it a link to choose a new "
                "password. It is valid for one hour."), "info")
        return redirect(url_for(".login"))
    return render_form("accounts/reset_request.html", form)


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"], endpoint="reset_password")
def reset_password_link(token: str):
    try:
        check_reset_token(token, city_id())
    except TokenError as error:
        return render_template("accounts/token_error.html",
                               message=TOKEN_MESSAGES[error.reason]()), 400
    form = ResetForm()
    if form.validate_on_submit():
        device = read_device(request.cookies)
        try:
            account = reset_password(token, form.password.data, city_id(),
                                     device.nonce if device else None)
        except AccountError as error:
            attach_error(form, error)
        except TokenError as error:
            return render_template("accounts/token_error.html",
                                   message=TOKEN_MESSAGES[error.reason]()), 400
        else:
            start_session(account)
            flash(_("Your new password is saved."), "success")
            # This browser proved the inbox: it is trusted by the login throttle now.
            return remember_device(redirect(url_for("tenancy.home")), device, account.id)
    return render_form("accounts/reset.html", form)
