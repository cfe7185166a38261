"""Needs and help offers, comments, support, following and news of a publication: each a
small POST that returns to the publication's page."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from upcampus.accounts.policy import is_active_member
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm, choices
from upcampus.core.rules import RuleError
from upcampus.core.web import refuse, valid_id
from upcampus.organisations.models import Organisation
from upcampus.projects.conversation import (
    add_comment,
    edit_comment,
    post_update,
    remove_comment,
    set_follow,
    set_support,
)
from upcampus.projects.forms import (
    CommentEditForm,
    CommentForm,
    NeedForm,
    NeedStateForm,
    OfferForm,
    UpdateForm,
)
from upcampus.projects.models import Comment, HelpOffer, Need
from upcampus.projects.needs import add_need, answer_offer, offer_help, set_need_state
from upcampus.projects.operations import holder_organisation_ids, is_holder
from upcampus.projects.views import publication_or_404
from upcampus.tenancy.web import city_only, requires_feature

blueprint = Blueprint("project_activity", __name__)
blueprint.before_request(requires_feature("projects"))


def back(publication, anchor: str = ""):
    return redirect(url_for("projects.show", pub_id=publication.id, slug=publication.slug)
                    + anchor)


def sent(form) -> bool:
    """Validate a small form; its problems become messages on the page it returns to."""
    if form.validate_on_submit():
        return True
    for errors in form.errors.values():
        flash(" ".join(str(e) for e in errors), "error")
    return False


def attempt(action, success: str | None = None) -> bool:
    try:
        action()
    except RuleError as error:
        refuse(error)
        return False
    if success:
        flash(success, "success")
    return True


def child_or_404(model, item_id: int, publication):
    item = db.session.get(model, item_id)
    parent = item.need.publication_id if isinstance(item, HelpOffer) else getattr(
        item, "publication_id", None)
    if item is None or parent != publication.id:
        abort(404)
    return item


@blueprint.post("/projects/<int:pub_id>/needs")
@city_only
@login_required
def new_need(pub_id: int):
    publication = publication_or_404(pub_id)
    form = NeedForm()
    form.skill_id.choices = []
    if sent(form):
        attempt(lambda: add_need(publication, current_membership(), kind=form.kind.data,
                                 skill_id=form.skill_id.data, resource=form.resource.data,
                                 text=form.text.data or ""), _("The need is added."))
    return back(publication, "#needs")


@blueprint.post("/projects/<int:pub_id>/needs/<int:need_id>/state")
@city_only
@login_required
def need_state(pub_id: int, need_id: int):
    publication = publication_or_404(pub_id)
    need = child_or_404(Need, need_id, publication)
    form = NeedStateForm()
    if sent(form):
        attempt(lambda: set_need_state(need, current_membership(), form.state.data),
                _("The need is updated."))
    return back(publication, "#needs")


@blueprint.get("/projects/<int:pub_id>/needs/<int:need_id>/help")
@city_only
def help_page(pub_id: int, need_id: int):
    """"I can help" for anyone: visitors are offered to sign up or sign in and come back
    here; people not yet in this network join first; members get the offer form."""
    publication = publication_or_404(pub_id)
    need = child_or_404(Need, need_id, publication)
    here = url_for(".help_page", pub_id=pub_id, need_id=need_id)
    if not current_user.is_authenticated:
        return render_template("projects/help_signed_out.html", publication=publication,
                               need=need, here=here)
    membership = current_membership()
    if membership is None:
        return redirect(url_for("accounts.join", next=here))
    form = OfferForm(formdata=None)
    ids = holder_organisation_ids(membership) if is_active_member(membership) else set()
    form.organisation_id.choices = choices([(0, _("Myself"))] + [
        (o.id, o.name) for o in db.session.scalars(select(Organisation).where(
            Organisation.id.in_(ids)))]) if ids else []
    return render_template("projects/help.html", publication=publication, need=need,
                           form=form, member=is_active_member(membership),
                           offered=db.session.scalar(select(HelpOffer.id).where(
                               HelpOffer.need_id == need.id,
                               HelpOffer.membership_id == membership.id)) is not None)


@blueprint.post("/projects/<int:pub_id>/needs/<int:need_id>/help")
@city_only
@login_required
def help_need(pub_id: int, need_id: int):
    publication = publication_or_404(pub_id)
    need = child_or_404(Need, need_id, publication)
    form = OfferForm()
    if sent(form):
        attempt(lambda: offer_help(need, current_membership(), city=g.city,
                                   message=form.message.data or "",
                                   organisation_id=form.organisation_id.data or None),
                _("Thank you! The holders are told of your offer."))
    return back(publication, "#needs")


@blueprint.get("/projects/<int:pub_id>/offers/<int:offer_id>/decline")
@city_only
@login_required
def confirm_decline(pub_id: int, offer_id: int):
    """Declining an offer of help says first what will happen."""
    publication = publication_or_404(pub_id)
    offer = child_or_404(HelpOffer, offer_id, publication)
    if not is_holder(publication, current_membership()):
        abort(403)  # offers, and who made them, are shown to the holders only
    return render_template(
        "confirm.html", heading=_("Decline the help of %(name)s?",
                                  name=offer.membership.account.display_name),
        consequence=_("%(name)s will be told that you decline their offer. The need stays "
                      "open to other offers.", name=offer.membership.account.display_name),
        action=url_for(".answer", pub_id=pub_id, offer_id=offer_id, answer="decline"),
        confirm_label=_("Decline the offer"), form=EmptyForm(formdata=None),
        back=url_for("projects.show", pub_id=pub_id, slug=publication.slug) + "#needs")


@blueprint.post("/projects/<int:pub_id>/offers/<int:offer_id>/<any(accept, decline):answer>")
@city_only
@login_required
def answer(pub_id: int, offer_id: int, answer: str):
    publication = publication_or_404(pub_id)
    offer = child_or_404(HelpOffer, offer_id, publication)
    if sent(EmptyForm()):
        attempt(lambda: answer_offer(offer, current_membership(), answer == "accept",
                                     city=g.city),
                _("The offer is accepted.") if answer == "accept" else _("The offer is "
                                                                         "declined."))
    return back(publication, "#needs")


@blueprint.post("/projects/<int:pub_id>/comments")
@city_only
@login_required
def comment(pub_id: int):
    publication = publication_or_404(pub_id)
    form = CommentForm()
    if sent(form):
        parent = form.parent_id.data
        comments = []
        attempt(lambda: comments.append(add_comment(
            publication, current_membership(), form.body.data, valid_id(parent))))
        if comments and comments[0].removed:
            flash(_("Your comment waits for the moderators' review."), "info")
    return back(publication, "#comments")


@blueprint.get("/projects/<int:pub_id>/comments/<int:comment_id>/remove")
@city_only
@login_required
def confirm_remove_comment(pub_id: int, comment_id: int):
    """Removing a comment says first what will happen."""
    publication = publication_or_404(pub_id)
    child_or_404(Comment, comment_id, publication)
    return render_template(
        "confirm.html", heading=_("Remove this comment?"),
        consequence=_("The comment will be replaced by “This comment was removed.” for "
                      "everyone. The replies to it stay."),
        action=url_for(".change_comment", pub_id=pub_id, comment_id=comment_id,
                       action="remove"),
        confirm_label=_("Remove the comment"), form=EmptyForm(formdata=None),
        back=url_for("projects.show", pub_id=pub_id, slug=publication.slug) + "#comments")


@blueprint.post("/projects/<int:pub_id>/comments/<int:comment_id>/<any(edit, remove):action>")
@city_only
@login_required
def change_comment(pub_id: int, comment_id: int, action: str):
    publication = publication_or_404(pub_id)
    item = child_or_404(Comment, comment_id, publication)
    if action == "edit":
        form = CommentEditForm()
        if sent(form):
            attempt(lambda: edit_comment(item, current_membership(), form.body.data),
                    _("Your comment is updated."))
    elif sent(EmptyForm()):
        attempt(lambda: remove_comment(item, current_membership(), current_user),
                _("The comment is removed."))
    return back(publication, "#comments")


@blueprint.post("/projects/<int:pub_id>/"
                "<any(support, unsupport, follow, unfollow):action>")
@city_only
@login_required
def mark(pub_id: int, action: str):
    publication = publication_or_404(pub_id)
    if sent(EmptyForm()):
        setter = set_support if action.endswith("support") else set_follow
        attempt(lambda: setter(publication, current_membership(),
                               on=not action.startswith("un")))
    return back(publication)


@blueprint.post("/projects/<int:pub_id>/updates")
@city_only
@login_required
def news(pub_id: int):
    publication = publication_or_404(pub_id)
    form = UpdateForm()
    if sent(form):
        attempt(lambda: post_update(publication, current_membership(), form.body.data),
                _("Your news is posted."))
    return back(publication, "#news")
