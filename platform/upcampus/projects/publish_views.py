"""Publishing in one guided flow: describe (what, why, themes) -> image -> needs ->
preview -> publish. The first step saves a draft on the server, so nothing typed is lost:
a refused field re-shows what was typed, an upload error or "back" returns to a saved
draft. Each step calls the same operations as the edit page and the API."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from upcampus.accounts.web import current_membership
from upcampus.core.forms import EmptyForm
from upcampus.core.images import ImageError
from upcampus.core.rules import RuleError
from upcampus.core.web import attach_error, refuse
from upcampus.moderation.operations import is_held
from upcampus.projects.forms import ImageForm, NeedForm
from upcampus.projects.needs import add_need
from upcampus.projects.operations import (
    add_image,
    is_holder,
    publication_fields,
    remove_image,
    replace_image,
    update_publication,
)
from upcampus.projects.views import publication_or_404
from upcampus.taxonomy.choices import skill_choices
from upcampus.tenancy.web import city_only, requires_feature

blueprint = Blueprint("project_publish", __name__, template_folder="templates")
blueprint.before_request(requires_feature("projects"))

# The steps in order: (name, label). "describe" is the new/edit page itself.
STEPS = (("describe", _l("What and why")), ("image", _l("Image")), ("needs", _l("Needs")),
         ("preview", _l("Preview and publish")))


def step_url(publication, step: str) -> str:
    if step == "describe":
        return (url_for("projects.edit", pub_id=publication.id) if publication is not None
                else url_for("projects.create"))
    return url_for("project_publish.step", pub_id=publication.id, step=step)


@blueprint.app_context_processor
def publish_steps():
    return {"publish_steps": STEPS, "publish_step_url": step_url}


def _own_draft_or_404(pub_id: int):
    publication = publication_or_404(pub_id)
    if not is_holder(publication, current_membership()):
        abort(403)
    return publication


@blueprint.route("/projects/<int:pub_id>/publish/<any(image, needs, preview):step>",
                 methods=["GET", "POST"])
@city_only
@login_required
def step(pub_id: int, step: str):
    publication = _own_draft_or_404(pub_id)
    membership = current_membership()
    image_form, need_form = ImageForm(formdata=None), NeedForm(formdata=None)
    if step == "image" and request.method == "POST":
        image_form = ImageForm()
        if image_form.validate_on_submit():
            try:
                add_image(publication, membership, image_form.image.data.read(),
                          image_form.alt.data or "")
            except ImageError as error:
                image_form.image.errors = [str(error)]
            except RuleError as error:
                attach_error(image_form, error)
            else:
                flash(_("The image is added."), "success")
                return redirect(step_url(publication, "image"))
    elif step == "needs":
        need_form = NeedForm() if request.method == "POST" else need_form
        need_form.skill_id.choices = skill_choices(str(get_locale()))
        if request.method == "POST" and need_form.validate_on_submit():
            try:
                add_need(publication, membership, kind=need_form.kind.data,
                         skill_id=need_form.skill_id.data, resource=need_form.resource.data,
                         text=need_form.text.data or "")
            except RuleError as error:
                attach_error(need_form, error)
            else:
                flash(_("The need is added."), "success")
                return redirect(step_url(publication, "needs"))
    elif step == "preview" and request.method == "POST":
        if not EmptyForm().validate_on_submit():
            abort(400)
        try:
            update_publication(publication, membership,
                               publication_fields(publication, membership), publish=True)
        except RuleError as error:
            refuse(error)
            return redirect(step_url(publication, "preview"))
        flash(_("Your publication waits for the moderators' review.")
              if is_held("publication", publication.id)
              else _("Your publication is published."), "success")
        return redirect(url_for("projects.show", pub_id=publication.id,
                                slug=publication.slug))
    status = 422 if request.method == "POST" else 200  # sent and refused: nothing saved
    return _page(publication, step, status, image_form=image_form, need_form=need_form)


def _page(publication, step: str, status: int, **forms):
    """The step's page; each image there has its own "replace" form (prefixed by its id,
    so that its fields are told apart), filled with what it shows."""
    forms.setdefault("image_form", ImageForm(formdata=None))
    forms.setdefault("need_form", NeedForm(formdata=None))
    replace_forms = {image.id: ImageForm(formdata=None, prefix=f"image-{image.id}",
                                         alt=image.alt) for image in publication.images}
    replace_forms.update(forms.pop("replace_forms", {}))
    return render_template("projects/publish_step.html", publication=publication, step=step,
                           replace_forms=replace_forms, action_form=EmptyForm(formdata=None),
                           signed_in=current_user.is_authenticated, **forms), status


@blueprint.post("/projects/<int:pub_id>/publish/image/<int:image_id>")
@city_only
@login_required
def replace(pub_id: int, image_id: int):
    """Another picture in place of this one; a refusal shows the step with the reason."""
    publication = _own_draft_or_404(pub_id)
    form = ImageForm(prefix=f"image-{image_id}")
    if form.validate_on_submit():
        try:
            replace_image(publication, current_membership(), image_id,
                          form.image.data.read(), form.alt.data or "")
        except ImageError as error:
            form.image.errors = [str(error)]
        except RuleError as error:
            if error.code:  # not theirs, or gone meanwhile
                refuse(error)
            attach_error(form, error)
        else:
            flash(_("The image is replaced."), "success")
            return redirect(step_url(publication, "image"))
    return _page(publication, "image", 422, replace_forms={image_id: form})


@blueprint.post("/projects/<int:pub_id>/publish/image/<int:image_id>/remove")
@city_only
@login_required
def remove(pub_id: int, image_id: int):
    publication = _own_draft_or_404(pub_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        remove_image(publication, current_membership(), image_id)
    except RuleError as error:
        refuse(error)
    else:
        flash(_("The image is removed."), "success")
    return redirect(step_url(publication, "image"))
