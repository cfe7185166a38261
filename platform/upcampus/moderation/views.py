"""The report button's page, the city's moderation queue (/moderation), a case with its
decision, appeals, the author's own decisions, and the city's moderation settings."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from upcampus.accounts.models import Membership
from upcampus.accounts.policy import can
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.pagination import page_number, paginate
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, refuse, render_form
from upcampus.moderation import operations, targets
from upcampus.moderation.forms import (
    HISTORY_LABELS,
    KIND_LABELS,
    REASON_LABELS,
    STATE_LABELS,
    AppealForm,
    DecisionForm,
    ReportForm,
    ReviewForm,
    SettingsForm,
)
from upcampus.moderation.models import Case
from upcampus.tenancy.web import city_only

blueprint = Blueprint("moderation", __name__, template_folder="templates")
LABELS = {"kinds": KIND_LABELS, "reasons": REASON_LABELS, "states": STATE_LABELS,
          "actions": HISTORY_LABELS}


def _moderator() -> Membership | None:
    membership = current_membership()
    if not can(current_user, "content.moderate", membership):
        abort(403)
    return membership


def _case_or_404(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        abort(404)
    return case


@blueprint.route("/report/<any(publication, comment, organisation, profile, message, event):kind>/"
                 "<int:target_id>", methods=["GET", "POST"])
@city_only
@login_required
def report(kind: str, target_id: int):
    item = targets.load(kind, target_id)
    if item is None or not targets.visible_to(kind, item, current_membership()):
        abort(404)
    back = targets.path(kind, target_id, item) or "/"
    form = ReportForm()
    if form.validate_on_submit():
        try:
            operations.report(current_membership(), kind, target_id,
                              {"reason": form.reason.data, "note": form.note.data or ""})
        except RuleError as error:
            if error.code:
                refuse(error)
            attach_error(form, error)
        else:
            flash(_("Thank you: the moderators of the network will look at it."), "success")
            return redirect(back)
    return render_form("moderation/report.html", form, kind=kind, back=back, **LABELS)


@blueprint.get("/moderation")
@city_only
@login_required
def queue():
    _moderator()
    decided = request.args.get("state") == "decided"
    page = paginate(operations.queue("decided" if decided else "open"), page_number(), 30)
    appeals = db.session.scalars(db.select(Case).where(Case.appeal_state == "pending")
                                 .order_by(Case.id)).all()
    return render_template("moderation/queue.html", page=page, decided=decided,
                           appeals=appeals, **LABELS)


@blueprint.get("/moderation/cases/<int:case_id>")
@city_only
@login_required
def case(case_id: int):
    membership = _moderator()
    case = _case_or_404(case_id)
    item = targets.load(case.kind, case.target_id)
    author = db.session.get(Membership, case.author_id) if case.author_id else None
    return render_template("moderation/case.html", case=case, author=author,
                           link=targets.path(case.kind, case.target_id, item),
                           form=DecisionForm(formdata=None), review_form=ReviewForm(
                               formdata=None),
                           decision_refusal=operations.decision_refusal(
                               current_user, membership, case),
                           review_refusal=operations.review_refusal(
                               current_user, membership, case), **LABELS)


def _refused_on_case(error: RuleError) -> None:
    """A moderator refused on this case (their own content or report, a page opened before
    that): the reason is said on the case's page, not a bare 403."""
    if error.code == "forbidden":
        flash(str(error.message), "error")
        return
    refuse(error)


@blueprint.post("/moderation/cases/<int:case_id>/decide")
@city_only
@login_required
def decide(case_id: int):
    membership = _moderator()
    case = _case_or_404(case_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            operations.decide(g.city, current_user, membership, case, {
                "action": form.action.data, "reason": form.reason.data or "",
                "days": form.days.data or 0})
        except RuleError as error:
            _refused_on_case(error)
        else:
            flash(_("The decision is recorded and told to the author and the reporters."),
                  "success")
            return redirect(url_for(".queue"))
    for errors in form.errors.values():
        flash(" ".join(str(e) for e in errors), "error")
    return redirect(url_for(".case", case_id=case_id))


@blueprint.post("/moderation/cases/<int:case_id>/appeal/<any(uphold, overturn):answer>")
@city_only
@login_required
def review(case_id: int, answer: str):
    membership = _moderator()
    case = _case_or_404(case_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            operations.review_appeal(g.city, current_user, membership, case,
                                     answer == "overturn", form.reason.data or "")
        except RuleError as error:
            _refused_on_case(error)
        else:
            flash(_("The appeal is reviewed and the author told."), "success")
    return redirect(url_for(".case", case_id=case_id))


@blueprint.get("/moderation/mine")
@city_only
@login_required
def mine():
    membership = current_membership()
    cases = operations.cases_of(membership) if membership is not None else []
    return render_template("moderation/mine.html", cases=cases,
                           form=AppealForm(formdata=None), **LABELS)


@blueprint.post("/moderation/mine/<int:case_id>/appeal")
@city_only
@login_required
def appeal(case_id: int):
    case = _case_or_404(case_id)
    form = AppealForm()
    if form.validate_on_submit():
        try:
            operations.appeal(g.city, current_membership(), case, {"note": form.note.data})
        except RuleError as error:
            refuse(error)
        else:
            flash(_("Your appeal is sent: another moderator will review it."), "success")
    for errors in form.errors.values():
        flash(" ".join(str(e) for e in errors), "error")
    return redirect(url_for(".mine"))


@blueprint.route("/moderation/settings", methods=["GET", "POST"])
@city_only
@login_required
def settings():
    membership = _moderator()
    current = operations.settings_of()
    form = SettingsForm(data={"hide_after": current.hide_after,
                              "watch_words": "\n".join(current.watch_words or [])})
    if form.validate_on_submit():
        try:
            operations.save_settings(current_user, membership, {
                "hide_after": form.hide_after.data, "watch_words": form.watch_words.data})
        except RuleError as error:
            attach_error(form, error)
        else:
            flash(_("The moderation settings are saved."), "success")
            return redirect(url_for(".settings"))
    return render_form("moderation/settings.html", form)

