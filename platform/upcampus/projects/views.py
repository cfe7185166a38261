"""Publications: the list, a publication's page, writing and editing one."""

from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from upcampus.accounts.policy import can, can_take_part, is_active_member
from upcampus.accounts.web import current_membership
from upcampus.core.db import db
from upcampus.core.forms import EmptyForm, choices
from upcampus.core.images import ImageError
from upcampus.core.pagination import page_number, paginate
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, refuse, render_form
from upcampus.moderation.operations import BLOCKED_MESSAGE, is_held
from upcampus.organisations.models import Organisation
from upcampus.projects import queries
from upcampus.projects.conversation import can_edit_comment
from upcampus.projects.forms import (
    KIND_LABELS,
    NEED_STATE_LABELS,
    RESOURCE_LABELS,
    STAGE_LABELS,
    CoHolderForm,
    CommentForm,
    ImageForm,
    NeedForm,
    NeedStateForm,
    OfferForm,
    PublicationForm,
    UpdateForm,
)
from upcampus.projects.models import Publication, PublicationImage
from upcampus.projects.operations import (
    add_co_holder,
    add_image,
    can_see,
    create_publication,
    holder_organisation_ids,
    is_holder,
    remove_image,
    set_featured,
    update_publication,
)
from upcampus.projects.parts import parts_of
from upcampus.taxonomy.choices import skill_choices, theme_choices
from upcampus.taxonomy.operations import visible_themes
from upcampus.tenancy.neighbourhoods import filter_options, neighbourhood_choices
from upcampus.tenancy.web import city_only, requires_feature

blueprint = Blueprint("projects", __name__, template_folder="templates")
blueprint.before_request(requires_feature("projects"))


@blueprint.app_context_processor
def labels():
    return {"kind_labels": KIND_LABELS, "stage_labels": STAGE_LABELS,
            "resource_labels": RESOURCE_LABELS, "need_state_labels": NEED_STATE_LABELS,
            "kind_and_stage": kind_and_stage}


def kind_and_stage(publication) -> str:
    """"Project · In progress"; an idea or a wish still at the idea stage is just "Idea" or
    "Wish" (not "Idea · Idea stage")."""
    kind = str(KIND_LABELS[publication.kind])
    if publication.kind in ("idea", "wish") and publication.stage == "idea":
        return kind
    return f"{kind} · {STAGE_LABELS[publication.stage]}"


def publication_or_404(pub_id: int) -> Publication:
    publication = db.session.get(Publication, pub_id)
    if publication is None or not can_see(publication, current_membership(),
                                          current_user if current_user.is_authenticated
                                          else None):
        abort(404)
    return publication


def _with_choices(form: PublicationForm) -> PublicationForm:
    locale = str(get_locale())
    form.themes.choices = theme_choices(locale)
    membership = current_membership()
    ids = holder_organisation_ids(membership) if membership else set()
    organisations = db.session.scalars(select(Organisation).where(
        Organisation.id.in_(ids)).order_by(Organisation.name)).all() if ids else []
    form.organisations.choices = choices((o.id, o.name) for o in organisations)
    form.neighbourhood.choices = neighbourhood_choices(g.city, form.neighbourhood.object_data)
    return form


@blueprint.get("/projects")
@city_only
def index():
    filters = queries.list_filters(request.args)
    return render_template("projects/index.html", filters=filters,
                           page=paginate(queries.publications(filters, g.city), page_number()),
                           themes=visible_themes(), neighbourhoods=filter_options(g.city))


@blueprint.route("/projects/new", methods=["GET", "POST"])
@city_only
def create():
    if not current_user.is_authenticated:
        # Visitors are told what publishing is and offered to sign up or sign in, then
        # come straight back here.
        return render_template("projects/publish_signed_out.html")
    membership = current_membership()
    if not is_active_member(membership):
        flash(_("Join this network to publish."), "info")
        return redirect(url_for("accounts.join", next=url_for(".create")))
    form = _with_choices(PublicationForm())
    if form.validate_on_submit():
        try:
            publication = create_publication(current_user, membership, form.fields_dict(),
                                             publish="publish" in request.form)
        except RuleError as error:
            attach_error(form, error)
        else:
            if "continue" in request.form:  # the guided flow: a saved draft, then its image
                return redirect(url_for("project_publish.step", pub_id=publication.id,
                                        step="image"))
            flash(_("Your publication is published.") if publication.published
                  else _("Your publication waits for the moderators' review.")
                  if is_held("publication", publication.id) else _("Your draft is saved."),
                  "success")
            return redirect(url_for(".show", pub_id=publication.id, slug=publication.slug))
    return render_form("projects/edit.html", form, publication=None)


@blueprint.get("/projects/<int:pub_id>")
@blueprint.get("/projects/<int:pub_id>-<slug>")
@city_only
def show(pub_id: int, slug: str | None = None):
    publication = publication_or_404(pub_id)
    if slug != publication.slug:
        # The query (?lang=en and the like) carries over, encoded afresh; never through
        # url_for's keywords, where a name such as _scheme would mean something.
        query = urlencode(list(request.args.items(multi=True)))
        return redirect(url_for(".show", pub_id=pub_id, slug=publication.slug)
                        + (f"?{query}" if query else ""), 301)
    membership = current_membership()
    parts = parts_of(publication)
    # Visitors who are not signed in see no form: none is built, so no CSRF token and no
    # session cookie is made, and the page can be kept for everyone (core/page_cache.py).
    holder = is_holder(publication, membership)
    data = queries.page_data(publication, membership)
    # The offer form shows on the open needs of a published project, to members who do
    # not hold it: its "on behalf of" choices are read only then.
    offers_shown = not holder and publication.published and any(
        need.state == "open" for need in data["needs"])
    forms = _page_forms(membership, holder, offers_shown) if (
        current_user.is_authenticated) else dict.fromkeys(PAGE_FORMS)
    return render_template(
        "projects/show.html", publication=publication, parts=parts,
        holder=holder, member=can_take_part(membership),
        blocked_note=BLOCKED_MESSAGE if (
            is_active_member(membership) and not can_take_part(membership)) else None,
        my_id=membership.id if membership is not None else None,
        facilitator=can(current_user, "projects.facilitate", membership),
        moderator=can(current_user, "content.moderate", membership),
        **forms, **data, editable=lambda comment: can_edit_comment(comment, membership))


PAGE_FORMS = ("need_form", "offer_form", "state_form", "comment_form", "update_form",
              "action_form")


def _page_forms(membership, holder: bool, offers_shown: bool) -> dict:
    """The forms of a project page, for a signed-in person: only those the page shows
    (the need, state and news forms to holders; the offer form, and its organisations,
    where it shows)."""
    forms = dict.fromkeys(PAGE_FORMS)
    forms["comment_form"], forms["action_form"] = CommentForm(formdata=None), EmptyForm(
        formdata=None)
    if holder:
        forms["need_form"] = NeedForm(formdata=None)
        forms["need_form"].skill_id.choices = skill_choices(str(get_locale()))
        forms["state_form"], forms["update_form"] = NeedStateForm(formdata=None), UpdateForm(
            formdata=None)
    if offers_shown:
        offer_form = forms["offer_form"] = OfferForm(formdata=None)
        ids = holder_organisation_ids(membership) if is_active_member(membership) else set()
        offer_form.organisation_id.choices = choices(
            [(0, _("Myself"))] + [(o.id, o.name) for o in db.session.scalars(
                select(Organisation).where(Organisation.id.in_(ids)))] if ids else [(0, "")])
    return forms


@blueprint.route("/projects/<int:pub_id>/edit", methods=["GET", "POST"])
@city_only
@login_required
def edit(pub_id: int):
    publication = publication_or_404(pub_id)
    membership = current_membership()
    if not is_holder(publication, membership):
        abort(403)
    form = _with_choices(PublicationForm(
        obj=publication, themes=[t.id for t in publication.themes],
        organisations=[h.organisation_id for h in publication.holders if h.organisation_id]))
    if form.validate_on_submit():
        publish = True if "publish" in request.form else (
            False if "unpublish" in request.form else None)
        try:
            update_publication(publication, membership, form.fields_dict(), publish)
        except RuleError as error:
            attach_error(form, error)
        else:
            if "continue" in request.form and not publication.published:
                return redirect(url_for("project_publish.step", pub_id=pub_id, step="image"))
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".show", pub_id=pub_id, slug=publication.slug))
    return render_form("projects/edit.html", form, publication=publication,
                       image_form=ImageForm(formdata=None),
                       holder_form=CoHolderForm(formdata=None),
                       action_form=EmptyForm(formdata=None))


@blueprint.post("/projects/<int:pub_id>/images")
@city_only
@login_required
def upload_image(pub_id: int):
    publication = publication_or_404(pub_id)
    form = ImageForm()
    if form.validate_on_submit():
        try:
            add_image(publication, current_membership(), form.image.data.read(),
                      form.alt.data or "")
        except ImageError as error:
            flash(str(error), "error")
        except RuleError as error:
            refuse(error)
        else:
            flash(_("The image is added."), "success")
    else:
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
    return redirect(url_for(".edit", pub_id=pub_id))


@blueprint.post("/projects/<int:pub_id>/images/<int:image_id>/remove")
@city_only
@login_required
def remove_image_of(pub_id: int, image_id: int):
    """A holder takes an image off a project (a published one too: the guided flow's own
    remove is for drafts). Replacing one is removing it and adding another."""
    publication = publication_or_404(pub_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        remove_image(publication, current_membership(), image_id)
    except RuleError as error:
        refuse(error)
    else:
        flash(_("The image is removed."), "success")
    return redirect(url_for(".edit", pub_id=pub_id))


@blueprint.get("/projects/<int:pub_id>/images/<int:image_id>")
@city_only
def image(pub_id: int, image_id: int):
    publication_or_404(pub_id)
    row = db.session.get(PublicationImage, image_id)
    if row is None or row.publication_id != pub_id:
        abort(404)
    response = Response(row.data, mimetype="image/webp")
    response.set_etag(row.digest)
    response.cache_control.private = True  # a draft's images are its holders' only
    response.cache_control.max_age = 3600
    return response.make_conditional(request)


@blueprint.post("/projects/<int:pub_id>/holders")
@city_only
@login_required
def co_holder(pub_id: int):
    publication = publication_or_404(pub_id)
    form = CoHolderForm()
    if form.validate_on_submit():
        try:
            other = add_co_holder(publication, current_membership(), form.email.data)
        except RuleError as error:
            refuse(error)
        else:
            flash(_("%(name)s now carries it too.", name=other.account.display_name),
                  "success")
    else:
        flash(_("Enter a valid email address."), "error")
    return redirect(url_for(".edit", pub_id=pub_id))


@blueprint.post("/projects/<int:pub_id>/<any(feature, unfeature):action>")
@city_only
@login_required
def feature(pub_id: int, action: str):
    publication = publication_or_404(pub_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        set_featured(publication, current_user, current_membership(), action == "feature")
    except RuleError as error:
        refuse(error)
    else:
        flash(_("“%(name)s” is featured on the home page.", name=publication.title)
              if action == "feature" else
              _("“%(name)s” is no longer featured.", name=publication.title), "success")
    return redirect(url_for(".show", pub_id=pub_id, slug=publication.slug))
