"""Speakers: the national directory on the national site (national editors keep it), a
city's list (national speakers and its own, kept by its team), a speaker's page with
their public talks across cities, and their photo."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from upcampus.accounts.policy import can_edit_national_content, can_keep_local_speakers
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import choices
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, render_form
from upcampus.events.forms import SpeakerForm
from upcampus.events.models import Speaker
from upcampus.events.speakers import directory, save_speaker, talks_of
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.web import requires_feature

blueprint = Blueprint("speakers", __name__, template_folder="templates")
blueprint.before_request(requires_feature("events"))


def _national() -> bool:
    return g.get("city") is None


def _may_keep() -> bool:
    account = current_user if current_user.is_authenticated else None
    if _national():
        return can_edit_national_content(account)
    return can_keep_local_speakers(account, current_membership())


def speaker_or_404(speaker_id: int) -> Speaker:
    speaker = db.session.get(Speaker, speaker_id)  # scoped: national ones and the city's
    if speaker is None:
        abort(404)
    return speaker


def _themes() -> dict[str, str]:
    locale = str(get_locale())
    return {t.code: t.label(locale) for t in db.session.scalars(
        select(Theme).where(Theme.tenant_id.is_(None), Theme.retired.is_(False))
        .order_by(Theme.code))}


@blueprint.get("/speakers")
def index():
    return render_template("events/speakers.html", speakers=directory(_national()),
                           themes=_themes(), may_keep=_may_keep())


@blueprint.get("/speakers/<int:speaker_id>")
def show(speaker_id: int):
    speaker = speaker_or_404(speaker_id)
    talks = talks_of(speaker)
    if not _national():  # a city's page of a speaker lists its own talks beside the rest
        talks = [t for t in talks if speaker.national or t.city.id == g.city.id]
    return render_template("events/speaker.html", speaker=speaker, talks=talks,
                           themes=_themes(), editable=_may_keep() and (
                               speaker.national == _national()))


@blueprint.get("/speakers/<int:speaker_id>/photo")
def photo(speaker_id: int):
    speaker = speaker_or_404(speaker_id)
    if speaker.photo_hash is None:
        abort(404)
    response = Response(speaker.photo, mimetype="image/webp")
    response.set_etag(speaker.photo_hash)
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response.make_conditional(request)


@blueprint.route("/speakers/new", methods=["GET", "POST"])
@blueprint.route("/speakers/<int:speaker_id>/edit", methods=["GET", "POST"])
@login_required
def edit(speaker_id: int | None = None):
    speaker = speaker_or_404(speaker_id) if speaker_id is not None else None
    if not _may_keep() or (speaker is not None and speaker.national != _national()):
        abort(403)
    form = SpeakerForm(data=None if speaker is None else {
        "name": speaker.name, "bio_fr": (speaker.bio or {}).get("fr", ""),
        "bio_en": (speaker.bio or {}).get("en", ""), "topics": list(speaker.topics or [])})
    form.topics.choices = choices(_themes().items())
    if form.validate_on_submit():
        upload = form.photo.data
        try:
            speaker = save_speaker(current_user, current_membership(), form.fields_dict(),
                                   speaker, upload.read() if upload else None,
                                   national=_national())
        except RuleError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".show", speaker_id=speaker.id))
    return render_form("events/speaker_edit.html", form, speaker=speaker)
