"""/api/v1/ writes of organisations: create one (its creator is its first admin) and
edit it (its admins), through the operations and the schema the pages use."""

from __future__ import annotations

from flask import Response, g

from upcampus.api import door, schemas
from upcampus.api.problems import Problem
from upcampus.api.views import as_json, blueprint, organisation_data, require_feature
from upcampus.core.db import db
from upcampus.organisations.models import Organisation
from upcampus.organisations.operations import (
    create_organisation,
    organisation_fields,
    update_organisation,
)
from upcampus.taxonomy.models import Skill, Theme
from upcampus.taxonomy.operations import ids_of_codes


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
