"""The three steps of a hand-off (handoff.py): /sso/start on the host one arrives at,
/sso/issue on the host one is signed in on, /sso/arrive back on the first."""

from urllib.parse import urlencode

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from upcampus.accounts.handoff import issue_ticket, new_state, redeem_ticket
from upcampus.accounts.sessions import host_key
from upcampus.accounts.tokens import TokenError
from upcampus.accounts.views import start_session
from upcampus.accounts.web import current_membership
from upcampus.core.links import base_url_of_host, request_scheme
from upcampus.core.views import safe_next
from upcampus.tenancy.resolver import BadHost, parse_host
from upcampus.tenancy.web import resolver

blueprint = Blueprint("handoff", __name__, template_folder="templates")

STATE = "handoff_state"
MESSAGES = {
    "expired": lambda: _("This sign-in link has expired (it lasts one minute). Start again "
                         "from the site you are signed in on."),
    "invalid": lambda: _("This sign-in link is not valid."),
    "used": lambda: _("This sign-in link has already been used: each one works once."),
    "other_host": lambda: _("This sign-in link was made for another site of the platform."),
    "other_session": lambda: _("This sign-in link was asked for by another browser or "
                               "another visit: start again from this site."),
    "unknown_host": lambda: _("This address is not a site of the platform."),
}


def _refuse(reason: str):
    return render_template("accounts/handoff_error.html", message=MESSAGES[reason]()), 400


def _known(host_param: str | None):
    """(host, resolution) of a host of the platform, or None: never a redirect elsewhere."""
    try:
        host = parse_host(host_param)
    except BadHost:
        return None
    resolution = resolver().resolve(host)
    return None if resolution.kind == "unknown" else (host, resolution)


def _national_host() -> str:
    return resolver().base_domain


def _key_of(resolution) -> str:
    return f"c{resolution.city.id}" if resolution.city is not None else "n"


def _to(host: str, path: str, **params) -> str:
    return base_url_of_host(host, request_scheme()) + path + "?" + urlencode(
        {k: v for k, v in params.items() if v})


@blueprint.get("/sso/start")
def start():
    """Arriving here without a login: ask the issuing host for one. A city asks the
    national host; the national host asks the city named in `from`."""
    next_path = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path)
    if g.get("city") is not None:
        issuer, origin = _national_host(), request.args.get("from")
    else:
        known = _known(request.args.get("from"))
        if known is None or known[1].kind != "city":
            return redirect(url_for("accounts.login", next=next_path))
        issuer, origin = known[0], None
    session[STATE] = state = new_state()
    return redirect(_to(issuer, "/sso/issue", to=request.host.split(":")[0], state=state,
                        next=next_path, **{"from": origin}))


@blueprint.get("/sso/issue")
def issue():
    """A ticket for the host `to`, for the session whose state is `state`."""
    known = _known(request.args.get("to"))
    state = request.args.get("state") or ""
    if known is None or not 16 <= len(state) <= 64:
        return _refuse("unknown_host")
    host, resolution = known
    # Cities hand over to the national host only; the national host to cities only.
    if (g.get("city") is None) == (resolution.kind == "national"):
        return _refuse("unknown_host")
    if not current_user.is_authenticated:
        here = request.full_path
        origin = _known(request.args.get("from"))
        if g.get("city") is None and origin is not None and origin[1].kind == "city":
            # Signed in on the city one comes from, not here: that city hands over first.
            return redirect(url_for(".start", **{"from": origin[0]}, next=here))
        return redirect(url_for("accounts.login", next=here))
    token = issue_ticket(current_user, _key_of(resolution), state)
    return redirect(_to(host, "/sso/arrive", token=token,
                        next=safe_next(request.args.get("next"))))


@blueprint.get("/sso/arrive")
def arrive():
    state = session.pop(STATE, None)
    try:
        account = redeem_ticket(request.args.get("token") or "", host_key(), state)
    except TokenError as error:
        return _refuse(error.reason)
    start_session(account)
    if g.get("city") is not None and current_membership() is None and not (
            account.is_platform_admin):
        return redirect(url_for("accounts.join"))
    return redirect(safe_next(request.args.get("next")))
