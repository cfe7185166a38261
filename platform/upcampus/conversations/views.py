"""Pages of conversations: my list, one conversation with its reply form, the first
message from a context, blocking. Thin: the rules are in operations.py."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from upcampus.accounts.models import Membership
from upcampus.accounts.web import current_membership
from upcampus.conversations import operations as ops
from upcampus.conversations.forms import MessageForm
from upcampus.conversations.models import Conversation
from upcampus.core.forms import EmptyForm
from upcampus.core.pagination import page_number, paginate
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, render_form
from upcampus.tenancy.web import city_only

blueprint = Blueprint("conversations", __name__, template_folder="templates")
PER_PAGE = 20
# Why there is no reply form (ops.reply_closed), said in place of it.
CLOSED_NOTES = {
    "left": _l("This person has left the network: you can no longer write to them here."),
    "recipient_gone": _l("This person can no longer receive messages."),
    "recipient_unavailable": _l("This person cannot take part in the city for now: you "
                                "cannot write to them."),
    "blocked": ops.REFUSALS["blocked"],
    "cannot_take_part": ops.REFUSALS["cannot_take_part"],
}


@blueprint.app_context_processor
def header_badges():
    return {"messages_unread": unread_in_header, "notification_bell": bell_in_header}


def _header_counts() -> tuple[int, int] | None:
    """The signed-in member's unread notifications and conversations in this city (None:
    no badges), read once a request in one bounded statement."""
    if not has_request_context() or g.get("city") is None or not current_user.is_authenticated:
        return None
    if "header_counts" not in g:
        membership = current_membership()
        g.header_counts = (ops.header_counts(membership.id)
                           if membership is not None else None)
    return g.header_counts


def bell_in_header() -> int | None:
    counts = _header_counts()
    return counts[0] if counts is not None else None


def unread_in_header() -> int | None:
    counts = _header_counts()
    return counts[1] if counts is not None else None


def _member():
    membership = current_membership()
    if membership is None:
        abort(403)
    return membership


def _mine(conversation_id: int):
    """One of my conversations of this city, and my side; anything else is not found."""
    membership = _member()
    conversation = ops.city_row(Conversation, conversation_id)
    side = ops.side_of(conversation, membership) if conversation is not None else None
    if side is None:
        abort(404)
    return membership, conversation, side


@blueprint.get("/messages")
@city_only
@login_required
def inbox():
    membership = _member()
    page = paginate(ops.list_statement(membership.id), page_number(), PER_PAGE)
    return render_template("conversations/inbox.html", page=page, me=membership,
                           is_unread=ops.is_unread)


@blueprint.route("/messages/<int:conversation_id>", methods=["GET", "POST"])
@city_only
@login_required
def show(conversation_id: int):
    membership, conversation, side = _mine(conversation_id)
    form = MessageForm()
    closed = ops.reply_closed(membership, conversation, side)
    if closed is None and form.validate_on_submit():
        try:
            ops.write(g.city, membership, conversation, form.body.data)
            return redirect(url_for(".show", conversation_id=conversation.id))
        except RuleError as error:
            attach_error(form, error)
    elif not form.is_submitted():
        ops.mark_read(conversation, side, membership.id)
    page = paginate(ops.messages_statement(conversation.id), page_number(), PER_PAGE)
    person = ops.blocked_person(conversation, side)
    response, status = render_form(
        "conversations/show.html", form, conversation=conversation, side=side, page=page,
        me=membership, person=person, has_blocked=ops.has_blocked(membership.id, person),
        action_form=EmptyForm(), closed=closed, closed_note=CLOSED_NOTES.get(closed),
        offer=ops.offer_of(conversation))
    # A reply sent anyway (an old page) is refused, with the note in place of the form.
    return response, 422 if closed is not None and form.is_submitted() else status


@blueprint.route("/messages/new/<any(member, offer, accompaniment, organisation):context>/"
                 "<int:about_id>", methods=["GET", "POST"])
@city_only
@login_required
def new(context: str, about_id: int):
    membership = _member()
    form = MessageForm()
    try:
        party = ops.party_for(membership, context, about_id)
    except RuleError as error:
        party = False
        attach_error(form, error)
    if party is None:
        abort(404)
    refused = None
    if party:
        existing = ops.find(party.pair_key)
        if existing is not None and not form.is_submitted():  # a message sent still counts
            return redirect(url_for(".show", conversation_id=existing.id))
        refused = None if existing is not None else ops.start_refusal(membership, party)
        if refused is None and form.validate_on_submit():
            try:
                conversation = ops.start(g.city, membership, context, about_id,
                                         form.body.data)
                return redirect(url_for(".show", conversation_id=conversation.id))
            except RuleError as error:
                attach_error(form, error)
    page, status = render_form(
        "conversations/new.html", form, party=party or None, refused=refused,
        recipient=ops.counterpart_name(party, membership) if party else "")
    return page, 422 if refused and form.is_submitted() else status


@blueprint.get("/messages/<int:conversation_id>/block")
@city_only
@login_required
def confirm_block(conversation_id: int):
    """Blocking says first what it does (it sat one tap after "Send")."""
    _membership, conversation, side = _mine(conversation_id)
    person = ops.city_row(Membership, ops.blocked_person(conversation, side) or 0)
    if person is None:  # an organisation's thread, or the person left: nobody to block
        abort(404)
    return render_template(
        "confirm.html", heading=_("Block %(name)s?", name=person.account.display_name),
        consequence=_("Neither of you will be able to write to the other, here or in any "
                      "other conversation. You can unblock them later on this page."),
        action=url_for(".block", conversation_id=conversation.id),
        confirm_label=_("Block this person"), form=EmptyForm(formdata=None),
        back=url_for(".show", conversation_id=conversation.id))


@blueprint.post("/messages/<int:conversation_id>/block")
@city_only
@login_required
def block(conversation_id: int):
    membership, conversation, side = _mine(conversation_id)
    if EmptyForm().validate_on_submit():
        try:
            ops.block(membership, ops.blocked_person(conversation, side))
            flash(_("Blocked: you will no longer write to each other."), "success")
        except RuleError as error:
            flash(str(error.message), "error")
    return redirect(url_for(".show", conversation_id=conversation.id))


@blueprint.post("/messages/<int:conversation_id>/unblock")
@city_only
@login_required
def unblock(conversation_id: int):
    membership, conversation, side = _mine(conversation_id)
    if EmptyForm().validate_on_submit():
        ops.unblock(membership, ops.blocked_person(conversation, side))
        flash(_("Unblocked."), "success")
    return redirect(url_for(".show", conversation_id=conversation.id))
