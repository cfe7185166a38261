"""/api/v1/ for organisations: read them, create one (its creator is its first admin) and
edit it (its admins), through the operations and the schema the pages use."""

from __future__ import annotations

from flask import Response, g, url_for
from sqlalchemy import select

from upcampus.api import door, schemas
from upcampus.api.door import as_json, blueprint, reader_locale, require_feature
from upcampus.api.problems import Problem
from upcampus.core.db import db
from upcampus.organisations.models import Organisation
from upcampus.organisations.operations import (
    create_organisation,
    organisation_fields,
    update_organisation,
)
from upcampus.taxonomy.models import Skill, Theme
from upcampus.taxonomy.operations import ids_of_codes


def organisation_data(organisation: Organisation, detail: bool = False) -> dict:
    data = {"id": organisation.id, "name": organisation.name, "kind": organisation.kind,
            "neighbourhood": organisation.neighbourhood, "website": organisation.website,
            "url": url_for("organisations.show", org_id=organisation.id, _external=True)}
    if detail:
        locale = reader_locale()
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


def _fields(payload: dict, current: dict | None = None) -> dict:
    """The operation's payload: skills and themes named by code turned into ids."""
    fields = dict(current or {})
    fields.update({k: v for k, v in payload.items() if k not in ("themes", "skills")})
    if "themes" in payload:
        fields["theme_ids"] = ids_of_codes(Theme, payload["themes"], "themes")
    if "skills" in payload:
        fields["skill_ids"] = ids_of_codes(Skill, payload["skills"], "skills")
    return fields


def _detail(organisation_id: int, status: int = 200) -> Response:
    response = as_json(schemas.OrganisationDetailSchema,
                       organisation_data(db.session.get(Organisation, organisation_id), True),
                       status)
    if status == 201:
        response.headers["Location"] = f"/api/v1/organisations/{organisation_id}"
    return response


@blueprint.post("/organisations")
def new_organisation():
    require_feature("directory")

    def act(payload):
        organisation = create_organisation(g.api_account, g.api_membership, _fields(payload))
        return _detail(organisation.id, 201)

    return door.write(schemas.OrganisationIn(), act)


@blueprint.patch("/organisations/<int:org_id>")
def change_organisation(org_id: int):
    require_feature("directory")

    def act(payload):
        organisation = db.session.get(Organisation, org_id)
        if organisation is None:
            raise Problem("not-found")
        fields = _fields(payload, organisation_fields(organisation))
        update_organisation(g.api_account, g.api_membership, organisation, fields)
        return _detail(organisation.id)

    return door.write(schemas.OrganisationIn(), act, partial=True)
