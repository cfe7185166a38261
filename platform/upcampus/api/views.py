"""/api/v1/ on each city host: read what the pages show, and comment with a write
token. Thin views: rules are the domains' operations, shapes are schemas.py. The other
writes are in project_views.py and organisation_views.py, on this same blueprint."""

from __future__ import annotations

import json

from flask import Blueprint, Response, g, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from upcampus.accounts.models import Membership
from upcampus.accounts.policy import visible_visibilities
from upcampus.api import door, schemas
from upcampus.api.problems import Problem
from upcampus.core.db import db
from upcampus.organisations.models import Organisation
from upcampus.projects import queries
from upcampus.projects.conversation import add_comment
from upcampus.projects.models import Holder, Need, Publication
from upcampus.projects.operations import can_see
from upcampus.taxonomy.operations import visible_skills, visible_themes
from upcampus.tenancy.web import current_city

blueprint = Blueprint("api", __name__, url_prefix="/api/v1", template_folder="templates")
blueprint.before_request(door.authenticate)
blueprint.after_request(door.conditional)


def as_json(schema, data, status: int = 200) -> Response:
    body = json.dumps(schema().dump(data), ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json")


def require_feature(name: str) -> None:
    if not current_city.features.get(name, True):
        raise Problem("not-found")


def _locale() -> str:
    return str(get_locale())


# --- projects ------------------------------------------------------------------------

def project_data(publication: Publication, detail: bool = False) -> dict:
    locale = _locale()
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
            "resource": need.resource, "skill": skill.label(locale or _locale()) if skill
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


# --- organisations and members -------------------------------------------------------

def organisation_data(organisation: Organisation, detail: bool = False) -> dict:
    data = {"id": organisation.id, "name": organisation.name, "kind": organisation.kind,
            "neighbourhood": organisation.neighbourhood, "website": organisation.website,
            "url": url_for("organisations.show", org_id=organisation.id, _external=True)}
    if detail:
        locale = _locale()
        data.update(description=organisation.description, offers=list(organisation.offers or []),
                    themes=[t.code for t in organisation.themes],
                    skills=[s.label(locale) for s in organisation.skills],
                    skill_codes=[s.code for s in organisation.skills])
    return data


@blueprint.get("/organisations")
def organisations():
    require_feature("directory")
    page = door.keyset_page(select(Organisation), Organisation, "organisations", organisation_data)
    return as_json(schemas.OrganisationPage, page)


@blueprint.get("/organisations/<int:org_id>")
def organisation(org_id: int):
    require_feature("directory")
    row = db.session.get(Organisation, org_id)
    if row is None:
        raise Problem("not-found")
    return as_json(schemas.OrganisationDetailSchema, organisation_data(row, True))


def _member(membership: Membership) -> dict:
    locale = _locale()
    return {"id": membership.id, "name": membership.account.display_name,
            "neighbourhood": membership.neighbourhood,
            "skills": [s.label(locale) for s in membership.skills],
            "themes": [t.code for t in membership.themes],
            "url": url_for("directory.member", membership_id=membership.id, _external=True)}


@blueprint.get("/members")
def members():
    """Public profiles to anyone, members-only ones to members of this city, hidden never."""
    require_feature("directory")
    statement = select(Membership).join(Membership.account).where(
        Membership.status == "active",
        Membership.visibility.in_(visible_visibilities(g.api_membership))).options(
        selectinload(Membership.skill_links), selectinload(Membership.theme_links))
    return as_json(schemas.MemberPage, door.keyset_page(statement, Membership, "members", _member))


# --- taxonomy, me, the spec ----------------------------------------------------------

@blueprint.get("/taxonomy")
def taxonomy():
    locale = _locale()
    return as_json(schemas.TaxonomySchema, {
        "themes": [{"code": t.code, "label": t.label(locale)} for t in visible_themes()],
        "skills": [{"code": s.code, "label": s.label(locale),
                    "family": s.family.code if s.family else None} for s in visible_skills()]})


@blueprint.get("/me")
def me():
    account, membership = door.require_account()
    return as_json(schemas.MeSchema, {
        "account_id": account.id, "name": account.display_name,
        "membership_id": membership.id if membership else None,
        "role": membership.role if membership else None,
        "visibility": membership.visibility if membership else None,
        "token_scope": g.api_token.scope if g.api_token else None})


@blueprint.get("/openapi.json")
def openapi():
    from upcampus.api.spec import openapi_document

    return Response(json.dumps(openapi_document(), ensure_ascii=False),
                    mimetype="application/json")


@blueprint.get("/docs")
def docs():
    from upcampus.api.problems import TITLES
    from upcampus.api.spec import openapi_document

    body = render_template("api/docs.html", spec=openapi_document(), problems=TITLES)
    return Response(body, mimetype="text/html")



# The writes of projects and organisations add their routes to this blueprint: imported
# here so that whoever registers it gets every route.
from upcampus.api import organisation_views, project_views  # noqa: E402, F401
