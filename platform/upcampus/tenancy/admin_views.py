"""A city's admins set its branding at /admin/branding, its key words at /admin/words and
its list of neighbourhoods at /admin/neighbourhoods."""

from flask import Blueprint, current_app, flash, g, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf.file import FileField
from wtforms import ColorField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Regexp

from upcampus.accounts.admin_views import require_permission
from upcampus.core.forms import BaseForm, choices
from upcampus.core.i18n import LANGUAGE_NAMES
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, render_form
from upcampus.tenancy.branding import KEY_TERMS, colour_problems
from upcampus.tenancy.neighbourhoods import listed
from upcampus.tenancy.operations import update_branding, update_neighbourhoods, update_terms
from upcampus.tenancy.schemas import COLOUR, COLOUR_MESSAGE
from upcampus.tenancy.web import city_only

blueprint = Blueprint("tenancy_admin", __name__, template_folder="templates")
FONT_LABELS = {"system": _l("The device's own font"), "humanist": _l("Humanist sans-serif"),
               "serif": _l("Serif")}


class BrandingForm(BaseForm):
    # Colour pickers in browsers; the same #rrggbb text when a browser has none.
    primary = ColorField(_l("Main colour"), validators=[
        DataRequired(), Regexp(COLOUR, message=COLOUR_MESSAGE)],
        description=_l("Header, buttons and links; white text must stay readable on it."))
    secondary = ColorField(_l("Accent colour"), validators=[
        DataRequired(), Regexp(COLOUR, message=COLOUR_MESSAGE)],
        description=_l("Focus outlines and highlights."))
    font = SelectField(_l("Font"), choices=choices(FONT_LABELS.items()))
    logo = FileField(_l("New logo (SVG, PNG, JPEG or WebP)"))


@blueprint.route("/admin/branding", methods=["GET", "POST"])
@city_only
@login_required
def branding():
    require_permission("branding.manage")
    form = BrandingForm(data=g.city.branding)
    preview = dict(g.city.branding)
    if "preview" in request.form:
        # "See the preview" without JavaScript: the colours as typed, nothing saved.
        if form.validate_on_submit():
            preview.update(primary=form.primary.data, secondary=form.secondary.data)
            for name, message in colour_problems(form.primary.data,
                                                 form.secondary.data).items():
                getattr(form, name).errors = [message]  # what saving would refuse
        return render_form("tenancy/branding.html", form, preview=preview,
                           max_logo=current_app.config["MAX_LOGO_BYTES"] // 1024)
    if form.validate_on_submit():
        upload = form.logo.data
        try:
            update_branding(g.city.id, {"primary": form.primary.data,
                                        "secondary": form.secondary.data,
                                        "font": form.font.data},
                            logo=upload.read() if upload else None)
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("The branding is saved."), "success")
            return redirect(url_for(".branding"))
    return render_form("tenancy/branding.html", form, preview=preview,
                       max_logo=current_app.config["MAX_LOGO_BYTES"] // 1024)


class WordsForm(BaseForm):
    """One text field per key term and enabled language, added at request time."""


def _field_name(locale: str, index: int) -> str:
    return f"{locale}-{index}"


def _word_now(locale: str, msgid: str) -> str:
    """The word this city's pages show now in `locale`: its own, else the usual one."""
    with force_locale(locale):
        return _(msgid)


@blueprint.route("/admin/words", methods=["GET", "POST"])
@city_only
@login_required
def words():
    require_permission("branding.manage")
    terms = list(KEY_TERMS)
    form = WordsForm()
    if form.validate_on_submit():
        chosen = {locale: {msgid: request.form.get(_field_name(locale, i), "")
                           for i, msgid in enumerate(terms)} for locale in g.city.locales}
        try:
            update_terms(g.city.id, chosen)
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("The words of this network are saved."), "success")
            return redirect(url_for(".words"))
    rows = [(msgid, KEY_TERMS[msgid], [(locale, LANGUAGE_NAMES.get(locale, locale),
                                        _field_name(locale, i),
                                        g.city.terms.get(locale, {}).get(msgid, ""),
                                        _word_now(locale, msgid))
                                       for locale in g.city.locales])
            for i, msgid in enumerate(terms)]
    return render_form("tenancy/words.html", form, rows=rows)


@blueprint.app_template_filter("listed")
def listed_filter(value):
    """{{ member.neighbourhood|listed }}: shown to others only if the city lists it."""
    return listed(value, g.city)


class NeighbourhoodsForm(BaseForm):
    names = TextAreaField(_l("Neighbourhoods, one per line"), description=_l(
        "Members and publications choose from this list, and the directories filter on "
        "it."), render_kw={"rows": 10})


@blueprint.route("/admin/neighbourhoods", methods=["GET", "POST"])
@city_only
@login_required
def neighbourhoods():
    require_permission("branding.manage")
    form = NeighbourhoodsForm(data={"names": "\n".join(g.city.neighbourhoods)})
    if form.validate_on_submit():
        try:
            update_neighbourhoods(g.city.id, (form.names.data or "").splitlines())
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("The neighbourhoods of this network are saved."), "success")
            return redirect(url_for(".neighbourhoods"))
    return render_form("tenancy/neighbourhoods.html", form)
