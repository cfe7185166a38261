"""/api/v1/ for projects: read the published ones (with their needs), comment, create and
edit, needs, help offers and their answers, support and follow. Thin views: each calls the
operation the pages call, with the payload loaded by the domain's own schema (api/schemas.py
adds only strictness and codes); the door (api/door.py) authenticates and answers problems."""

from __future__ import annotations

from flask import Response, g, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import false, select
from sqlalchemy.orm import selectinload

from upcampus.accounts.models import Membership
from upcampus.api import door, schemas
from upcampus.api.door import as_json, blueprint, reader_locale, require_feature
from upcampus.api.problems import Problem
from upcampus.core.db import db
from upcampus.core.rules import RuleError
from upcampus.projects import queries
from upcampus.projects.conversation import add_comment, set_follow, set_support
from upcampus.projects.models import HelpOffer, Holder, Need, Publication
from upcampus.projects.needs import add_need, answer_offer, offer_help
from upcampus.projects.operations import (
    can_see,
    create_publication,
    is_holder,
    publication_fields,
    update_publication,
)
from upcampus.taxonomy.models import Skill, Theme
from upcampus.taxonomy.operations import ids_of_codes


def project_data(publication: Publication, detail: bool = False) -> dict:
    locale = reader_locale()
    data = {"id": publication.id, "kind": publication.kind, "title": publication.title,
            "status": publication.status, "stage": publication.stage,
            "neighbourhood": publication.neighbourhood,
            "themes": [t.code for t in publication.themes],
            "supports_count": publication.supports_count,
            "open_needs_count": publication.open_needs_count,
            "published_at": publication.published_at,
            "url": url_for("projects.show", pub_id=publication.id, _external=True)}
    if detail:
        data["description"] = publication.description
        data["holders"] = [
            {"kind": "member", "id": h.membership_id, "name": h.membership.account.display_name}
            if h.membership_id else
            {"kind": "organisation", "id": h.organisation_id, "name": h.organisation.name}
            for h in publication.holders]
        data["needs"] = [need_data(n, locale) for n in publication.needs]
    return data


def need_data(need: Need, locale: str | None = None) -> dict:
    """A need, one shape in a project's detail and in its list of needs."""
    skill = need.skill
    return {"id": need.id, "kind": need.kind, "text": need.text, "state": need.state,
            "resource": need.resource, "skill": skill.label(locale or reader_locale()) if skill
            else None, "skill_code": skill.code if skill else None}


def visible_project(pub_id: int) -> Publication:
    publication = db.session.get(Publication, pub_id)
    if publication is None or not can_see(publication, g.api_membership, g.api_account):
        raise Problem("not-found")
    return publication


@blueprint.get("/projects")
def projects():
    require_feature("projects")
    filters = queries.list_filters(request.args)
    page = door.keyset_page(queries.publications(filters), Publication, "projects", project_data)
    return as_json(schemas.ProjectPage, page)


def loaded_project(pub_id: int) -> Publication:
    """A project this reader may see, with what its detail shows loaded at once."""
    publication = db.session.scalars(select(Publication).where(Publication.id == pub_id).options(
        selectinload(Publication.holders).joinedload(Holder.membership)
        .joinedload(Membership.account),
        selectinload(Publication.needs).joinedload(Need.skill),
        selectinload(Publication.theme_links))).first()
    if publication is None:
        raise Problem("not-found")
    return visible_project(publication.id)


@blueprint.get("/projects/<int:pub_id>")
def project(pub_id: int):
    require_feature("projects")
    return as_json(schemas.ProjectDetailSchema, project_data(loaded_project(pub_id), True))


@blueprint.post("/projects/<int:pub_id>/comments")
def add_project_comment(pub_id: int):
    def act(payload):
        publication = visible_project(pub_id)
        comment = add_comment(publication, g.api_membership, payload["body"],
                              payload["parent_id"])
        return as_json(schemas.CommentSchema, {
            "id": comment.id, "project_id": publication.id, "parent_id": comment.parent_id,
            "body": comment.body, "author": g.api_account.display_name,
            "created_at": comment.created_at}, status=201)

    return door.write(schemas.CommentIn(), act)


def _fields(payload: dict, current: dict | None = None) -> dict:
    """The operation's payload: the page's fields, themes named by code turned into ids."""
    fields = dict(current or {})
    fields.update({k: v for k, v in payload.items() if k not in ("themes", "status")})
    if "themes" in payload:
        fields["theme_ids"] = ids_of_codes(Theme, payload["themes"], "themes")
    return fields


def _detail(publication_id: int, status: int = 200) -> Response:
    response = as_json(schemas.ProjectDetailSchema,
                       project_data(loaded_project(publication_id), True), status)
    if status == 201:
        response.headers["Location"] = f"/api/v1/projects/{publication_id}"
    return response


@blueprint.post("/projects")
def create_project():
    require_feature("projects")

    def act(payload):
        publication = create_publication(g.api_account, g.api_membership, _fields(payload),
                                         publish=payload["status"] == "published")
        return _detail(publication.id, 201)

    return door.write(schemas.ProjectIn(), act)


@blueprint.patch("/projects/<int:pub_id>")
def update_project(pub_id: int):
    require_feature("projects")

    def act(payload):
        publication = visible_project(pub_id)
        fields = _fields(payload, publication_fields(publication, g.api_membership))
        status = payload.get("status")
        update_publication(publication, g.api_membership, fields,
                           None if status is None else status == "published")
        return _detail(publication.id)

    return door.write(schemas.ProjectIn(), act, partial=True)


# --- needs ---------------------------------------------------------------------------

@blueprint.get("/projects/<int:pub_id>/needs")
def project_needs(pub_id: int):
    require_feature("projects")
    publication = visible_project(pub_id)
    statement = select(Need).where(Need.publication_id == publication.id)
    return as_json(schemas.NeedPage, door.keyset_page(statement, Need, f"needs-{pub_id}",
                                                      need_data))


@blueprint.post("/projects/<int:pub_id>/needs")
def create_need(pub_id: int):
    require_feature("projects")

    def act(payload):
        publication = visible_project(pub_id)
        code = payload.get("skill_code")
        skill_id = ids_of_codes(Skill, [code], "skill_code")[0] if code else None
        try:
            need = add_need(publication, g.api_membership, kind=payload["kind"],
                            skill_id=skill_id, resource=payload["resource"],
                            text=payload["text"])
        except RuleError as error:  # the page's field is the API's skill_code
            field = "skill_code" if error.field == "skill_id" else error.field
            raise RuleError(field, error.message, error.code) from None
        return as_json(schemas.NeedSchema, need_data(need), 201)

    return door.write(schemas.NeedIn(), act)


# --- help offers ---------------------------------------------------------------------

def offer_data(offer: HelpOffer) -> dict:
    organisation = offer.organisation
    return {"id": offer.id, "need_id": offer.need_id, "project_id": offer.need.publication_id,
            "status": offer.status, "message": offer.message,
            "member": {"id": offer.membership_id,
                       "name": offer.membership.account.display_name},
            "organisation": {"id": organisation.id, "name": organisation.name}
            if organisation else None,
            "created_at": offer.created_at}


def visible_need(need_id: int) -> Need:
    need = db.session.get(Need, need_id)
    if need is None or not can_see(need.publication, g.api_membership, g.api_account):
        raise Problem("not-found")
    return need


@blueprint.post("/needs/<int:need_id>/offers")
def create_offer(need_id: int):
    require_feature("projects")

    def act(payload):
        offer = offer_help(visible_need(need_id), g.api_membership, city=g.city,
                           message=payload["message"],
                           organisation_id=payload["organisation_id"])
        return as_json(schemas.HelpOfferSchema, offer_data(offer), 201)

    return door.write(schemas.OfferIn(), act)


@blueprint.get("/projects/<int:pub_id>/offers")
def project_offers(pub_id: int):
    """The offers made on a project's needs, for its holders."""
    require_feature("projects")
    publication = visible_project(pub_id)
    if not is_holder(publication, g.api_membership):
        raise Problem("forbidden", _l("Only the holders of this publication can answer."))
    statement = select(HelpOffer).join(Need).where(Need.publication_id == publication.id)
    return as_json(schemas.HelpOfferPage, door.keyset_page(
        statement, HelpOffer, f"offers-{pub_id}", offer_data))


@blueprint.get("/me/offers")
def my_offers():
    """The help this reader offered in this city, and what became of it."""
    require_feature("projects")
    _account, membership = door.require_account()
    statement = select(HelpOffer).where(
        HelpOffer.membership_id == membership.id if membership else false())
    return as_json(schemas.HelpOfferPage, door.keyset_page(statement, HelpOffer, "my-offers",
                                                           offer_data))


@blueprint.post("/offers/<int:offer_id>/<any(accept, decline):answer>")
def answer_help_offer(offer_id: int, answer: str):
    require_feature("projects")

    def action():
        offer = db.session.get(HelpOffer, offer_id)
        if offer is None or not can_see(offer.need.publication, g.api_membership,
                                        g.api_account):
            raise Problem("not-found")
        answer_offer(offer, g.api_membership, answer == "accept", city=g.city)
        return as_json(schemas.HelpOfferSchema, offer_data(offer))

    return door.act(action)


# --- support and follow --------------------------------------------------------------

@blueprint.route("/projects/<int:pub_id>/<any(support, follow):action>",
                 methods=["PUT", "DELETE"])
def mark(pub_id: int, action: str):
    """Support or follow (PUT), or stop (DELETE): saying it twice changes nothing more."""
    require_feature("projects")
    setter = set_support if action == "support" else set_follow

    def change():
        setter(visible_project(pub_id), g.api_membership, on=request.method == "PUT")
        return Response(status=204)

    return door.act(change)
