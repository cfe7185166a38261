"""A city's own pages, and its legal pages (privacy, legal notice, accessibility)."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from upcampus.accounts.policy import can
from upcampus.accounts.web import current_membership
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, refuse, render_form
from upcampus.pages import legal
from upcampus.pages.forms import LegalTextForm
from upcampus.pages.operations import page_for
from upcampus.tenancy.web import city_only, current_city

blueprint = Blueprint("pages", __name__, template_folder="templates")


def may_edit_legal() -> bool:
    return can(current_user, "pages.legal", current_membership())


@blueprint.get("/pages/<slug>")
def show(slug: str):
    """The city's own page; else the shared national page of that name (charter, legal
    notice...), which every city shows beside its own. On the base domain: national.
    A city's legal pages are its own, generated from its settings or worded by its admin."""
    from upcampus.national.views import national_page

    if g.get("city") is None:
        return national_page(slug)
    locale = str(get_locale())
    if slug in legal.LEGAL_SLUGS:
        locale = request.args.get("lang") or locale
        page = legal.legal_page(slug, current_city, locale)
        return render_template("pages/show.html", page=page, legal=True,
                               may_edit=may_edit_legal())
    page = page_for(slug, locale, current_city.default_locale)
    if page is None:
        return national_page(slug)
    return render_template("pages/show.html", page=page)


@blueprint.route("/pages/<slug>/wording/<any(fr, en):lang>", methods=["GET", "POST"])
@city_only
@login_required
def legal_edit(slug: str, lang: str):
    if slug not in legal.LEGAL_SLUGS:
        abort(404)
    if not may_edit_legal():
        abort(403)
    row = legal.own_words(slug, lang)
    form = LegalTextForm(data={"body": row.body if row else ""})
    if form.validate_on_submit():
        try:
            legal.save_own_words(may_edit_legal(), slug, lang, {"body": form.body.data or ""})
        except RuleError as error:
            if error.code:
                refuse(error)
            attach_error(form, error)
        else:
            flash(_("The page is saved."), "success")
            return redirect(url_for(".show", slug=slug, lang=lang))
    return render_form("pages/legal_edit.html", form, slug=slug, lang=lang,
                       generated=legal.generated(slug, current_city, lang))
