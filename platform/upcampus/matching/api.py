"""/api/v1/ for matching: who could meet an open need (its holders only, as on the
project page) and the open needs that fit the reader ("projects that need you"), each
with its reasons in the reader's language. The same rules as the pages
(matching/reasons.py, matching/operations.py)."""

from __future__ import annotations

from flask import g, url_for
from flask_babel import lazy_gettext as _l

from upcampus.api import schemas
from upcampus.api.door import as_json, blueprint, reader_locale, require_account
from upcampus.api.problems import Problem
from upcampus.matching.operations import enabled
from upcampus.matching.reasons import explained_needs_for, explained_suggestions
from upcampus.projects.api import need_data, visible_need
from upcampus.projects.operations import is_holder

LIMIT = 10  # the best ones: a short list, no pages


def _on() -> None:
    if not enabled(g.city):
        raise Problem("not-found")


def suggestion_data(match) -> dict:
    subject = match.subject
    if match.kind == "member":
        name = subject.account.display_name
        url = url_for("directory.member", membership_id=subject.id, _external=True)
    else:
        name = subject.name
        url = url_for("organisations.show", org_id=subject.id, slug=subject.slug,
                      _external=True)
    return {"kind": match.kind, "id": match.id, "name": name, "reasons": match.reasons,
            "url": url}


@blueprint.get("/needs/<int:need_id>/suggestions")
def need_suggestions(need_id: int):
    _on()
    require_account()
    need = visible_need(need_id)
    if not is_holder(need.publication, g.api_membership):
        raise Problem("forbidden", _l("Only the holders of this publication can see who "
                                      "could help."))
    found = explained_suggestions(need, reader_locale(), limit=LIMIT)
    return as_json(schemas.SuggestionList, {
        "items": [suggestion_data(m) for m in found if m.subject is not None]})


@blueprint.get("/me/needs-for-me")
def needs_for_me():
    """Open needs of this city that fit the reader, best first (none for a reader who is
    not an active member here)."""
    _on()
    _account, membership = require_account()
    found = [] if membership is None or membership.status != "active" else (
        explained_needs_for(reader_locale(), membership=membership, limit=LIMIT))
    items = []
    for match in found:
        need, publication = match.subject, match.subject.publication
        items.append({"need": need_data(need), "project_id": publication.id,
                      "project_title": publication.title, "reasons": match.reasons,
                      "url": url_for("projects.show", pub_id=publication.id,
                                     _external=True) + f"#need-{need.id}"})
    return as_json(schemas.NeedForMeList, {"items": items})

