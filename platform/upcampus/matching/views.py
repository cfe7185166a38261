"""Pages of matching: "projects that need you", inviting a suggested person, answering an
invitation; and the helpers the project page and the homes call (suggestions, needs)."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.rules import RuleError
from upcampus.core.web import refuse
from upcampus.matching import operations
from upcampus.matching.forms import AnswerForm, InviteForm
from upcampus.matching.models import Invitation
from upcampus.matching.reasons import explained_needs_for, explained_suggestions
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.forms import RESOURCE_LABELS
from upcampus.projects.models import Need
from upcampus.tenancy.web import city_only, requires_feature

blueprint = Blueprint("matching", __name__, template_folder="templates")
blueprint.before_request(requires_feature(operations.FEATURE))


@blueprint.app_context_processor
def matching_helpers():
    return {"need_suggestions": need_suggestions, "needs_for_me": needs_for_me,
            "invited_on": invited_on, "resource_labels_of": resource_label,
            "need_label": need_label, "reasons_besides": reasons_besides}


def need_label(need: Need) -> str:
    """What a need asks for: its skill, or the resource."""
    return need.skill.label(str(get_locale())) if need.skill else resource_label(need.resource)


def reasons_besides(reasons: list[str], label: str) -> list[str]:
    """The reasons a need fits, without the one that only repeats what it asks for
    ("Gardening · gardening")."""
    return [r for r in reasons if r.casefold() != label.casefold()]


def resource_label(resource: str | None) -> str:
    return str(RESOURCE_LABELS.get(resource, resource or ""))


def _on() -> bool:
    return operations.enabled(g.get("city"))


def need_suggestions(need: Need, limit: int = 5) -> list:
    """For the holders' view of a project: who fits this open need, with reasons."""
    if not _on():
        return []
    return explained_suggestions(need, str(get_locale()), limit=limit)


def invited_on(need: Need) -> list[Invitation]:
    return operations.invited_on([need.id]).get(need.id, []) if _on() else []


def needs_for_me(limit: int = 3, organisation: Organisation | None = None) -> list:
    """"Projects that need you", for the signed-in member (or one of their
    organisations)."""
    membership = current_membership()
    if not _on() or membership is None or membership.status != "active":
        return []
    return explained_needs_for(str(get_locale()), membership=membership,
                               organisation=organisation, limit=limit)


@blueprint.get("/matching")
@city_only
@login_required
def for_you():
    membership = current_membership()
    if membership is None:
        return redirect(url_for("accounts.join"))
    run = list(db.session.scalars(select(Organisation).join(OrganisationMember).where(
        OrganisationMember.membership_id == membership.id,
        OrganisationMember.role == "admin").order_by(Organisation.name).limit(10)))
    return render_template(
        "matching/for_you.html", mine=needs_for_me(limit=10),
        organisations=[(o, needs_for_me(limit=5, organisation=o)) for o in run],
        invitations=operations.invitations_for(membership))


def _need_or_404(need_id: int) -> Need:
    need = db.session.get(Need, need_id)  # another city's id: None
    if need is None:
        abort(404)
    return need


@blueprint.post("/matching/needs/<int:need_id>/invite")
@city_only
@login_required
def invite(need_id: int):
    need = _need_or_404(need_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            operations.invite(need, current_membership(), kind=form.kind.data,
                              target_id=form.target_id.data, city=g.city)
        except RuleError as error:
            refuse(error)
        else:
            flash(_("The invitation is sent."), "success")
    else:
        flash(_("The form expired: try again."), "error")
    publication = need.publication
    return redirect(url_for("projects.show", pub_id=publication.id, slug=publication.slug,
                            _anchor=f"need-{need.id}"))


def _invitation_or_404(invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not operations.may_answer(invitation, current_membership(),
                                                       current_user):
        abort(404)  # someone else's invitation is none of this person's business
    return invitation


@blueprint.get("/matching/invitations/<int:invitation_id>")
@city_only
@login_required
def invitation(invitation_id: int):
    found = _invitation_or_404(invitation_id)
    return render_template("matching/invitation.html", invitation=found,
                           form=AnswerForm(formdata=None))


@blueprint.post("/matching/invitations/<int:invitation_id>/<any(help, decline):choice>")
@city_only
@login_required
def answer(invitation_id: int, choice: str):
    found = _invitation_or_404(invitation_id)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            operations.answer(found, current_membership(), current_user, helps=choice == "help",
                              message=form.message.data or "", city=g.city)
        except RuleError as error:
            refuse(error)
        else:
            flash(_("Thank you! The holders are told of your offer.") if choice == "help"
                  else _("Noted. We will not suggest this need to you again."), "success")
            return redirect(url_for(".for_you"))
        return redirect(url_for(".invitation", invitation_id=found.id))
    return render_template("matching/invitation.html", invitation=found, form=form), 422
