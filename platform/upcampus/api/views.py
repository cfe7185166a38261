"""/api/v1/ on each city host: read what the pages show, and comment with a write
token. Thin views: rules are the domains' operations, shapes are schemas.py."""

from __future__ import annotations

import json

from flask import Blueprint, Response, g, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from upcampus.accounts.models import Membership
from upcampus.accounts.policy import visible_visibilities
from upcampus.api import door, schemas
from upcampus.api.models import IdempotentAnswer
from upcampus.api.problems import Problem
from upcampus.core.db import db
from upcampus.core.rules import RuleError
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


def _json(schema, data, status: int = 200) -> Response:
    body = json.dumps(schema().dump(data), ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json")


def _feature(name: str) -> None:
    if not current_city.features.get(name, True):
        raise Problem("not-found")


def _locale() -> str:
    return str(get_locale())


# --- projects ------------------------------------------------------------------------

def _project(publication: Publication, detail: bool = False) -> dict:
    locale = _locale()
    data = {"id": publication.id, "kind": publication.kind, "title": publication.title,
            "stage": publication.stage, "neighbourhood": publication.neighbourhood,
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
        data["needs"] = [{"id": n.id, "kind": n.kind, "text": n.text, "state": n.state,
                          "resource": n.resource,
                          "skill": n.skill.label(locale) if n.skill else None}
                         for n in publication.needs]
    return data


def _visible_project(pub_id: int) -> Publication:
    publication = db.session.get(Publication, pub_id)
    if publication is None or not can_see(publication, g.api_membership, g.api_account):
        raise Problem("not-found")
    return publication


@blueprint.get("/projects")
def projects():
    _feature("projects")
    filters = queries.list_filters(request.args)
    page = door.keyset_page(queries.publications(filters), Publication, "projects", _project)
    return _json(schemas.ProjectPage, page)


@blueprint.get("/projects/<int:pub_id>")
def project(pub_id: int):
    _feature("projects")
    publication = db.session.scalars(select(Publication).where(Publication.id == pub_id).options(
        selectinload(Publication.holders).joinedload(Holder.membership)
        .joinedload(Membership.account),
        selectinload(Publication.needs).joinedload(Need.skill),
        selectinload(Publication.theme_links))).first()
    if publication is None:
        raise Problem("not-found")
    return _json(schemas.ProjectDetailSchema, _project(_visible_project(publication.id), True))


@blueprint.post("/projects/<int:pub_id>/comments")
def add_project_comment(pub_id: int):
    door.require_write()
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 200:
        raise Problem("validation", errors={"Idempotency-Key": _too_long_key()})
    payload, digest = door.json_body(schemas.CommentIn())
    if key:
        earlier = db.session.scalar(select(IdempotentAnswer).where(
            IdempotentAnswer.token_id == g.api_token.id, IdempotentAnswer.key == key))
        if earlier is not None:
            if earlier.request_hash != digest:
                raise Problem("idempotency-conflict")
            return Response(earlier.body, status=earlier.status, mimetype="application/json")
    publication = _visible_project(pub_id)
    try:
        comment = add_comment(publication, g.api_membership, payload["body"],
                              payload["parent_id"])
    except RuleError as error:
        if error.code == "forbidden":
            raise Problem("forbidden", error.message) from None
        if error.code == "missing":
            raise Problem("not-found", error.message) from None
        raise Problem("validation", errors={error.field: error.message}) from None
    response = _json(schemas.CommentSchema, {
        "id": comment.id, "project_id": publication.id, "parent_id": comment.parent_id,
        "body": comment.body, "author": g.api_account.display_name,
        "created_at": comment.created_at}, status=201)
    if key:
        _remember(key, digest, response)
    return response


def _too_long_key():
    return _l("Say it in %(count)d characters at most.", count=200)


def _remember(key: str, digest: str, response: Response) -> None:
    db.session.add(IdempotentAnswer(token_id=g.api_token.id, key=key, request_hash=digest,
                                    status=response.status_code,
                                    body=response.get_data(as_text=True)))
    try:
        db.session.commit()
    except IntegrityError:  # the same key sent twice at once: the first one is kept
        db.session.rollback()


# --- organisations and members -------------------------------------------------------

def _organisation(organisation: Organisation, detail: bool = False) -> dict:
    data = {"id": organisation.id, "name": organisation.name, "kind": organisation.kind,
            "neighbourhood": organisation.neighbourhood, "website": organisation.website,
            "url": url_for("organisations.show", org_id=organisation.id, _external=True)}
    if detail:
        locale = _locale()
        data.update(description=organisation.description, offers=list(organisation.offers or []),
                    themes=[t.code for t in organisation.themes],
                    skills=[s.label(locale) for s in organisation.skills])
    return data


@blueprint.get("/organisations")
def organisations():
    _feature("directory")
    page = door.keyset_page(select(Organisation), Organisation, "organisations", _organisation)
    return _json(schemas.OrganisationPage, page)


@blueprint.get("/organisations/<int:org_id>")
def organisation(org_id: int):
    _feature("directory")
    row = db.session.get(Organisation, org_id)
    if row is None:
        raise Problem("not-found")
    return _json(schemas.OrganisationDetailSchema, _organisation(row, True))


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
    _feature("directory")
    statement = select(Membership).join(Membership.account).where(
        Membership.status == "active",
        Membership.visibility.in_(visible_visibilities(g.api_membership))).options(
        selectinload(Membership.skill_links), selectinload(Membership.theme_links))
    return _json(schemas.MemberPage, door.keyset_page(statement, Membership, "members", _member))


# --- taxonomy, me, the spec ----------------------------------------------------------

@blueprint.get("/taxonomy")
def taxonomy():
    locale = _locale()
    return _json(schemas.TaxonomySchema, {
        "themes": [{"code": t.code, "label": t.label(locale)} for t in visible_themes()],
        "skills": [{"code": s.code, "label": s.label(locale),
                    "family": s.family.code if s.family else None} for s in visible_skills()]})


@blueprint.get("/me")
def me():
    account, membership = door.require_account()
    return _json(schemas.MeSchema, {
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

