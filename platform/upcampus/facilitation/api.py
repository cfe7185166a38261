"""/api/v1/facilitation/ for the city's team (facilitation.run): the board's data, a
project's track, history and accompaniments, and the move of its track. The private notes
of the team are never served here (the page shows them; the history says a note was
written, never what it says). Each route calls what the pages call."""

from __future__ import annotations

from flask import g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from upcampus.accounts.models import Membership
from upcampus.accounts.policy import can
from upcampus.api import door, schemas
from upcampus.api.door import as_json, blueprint
from upcampus.api.problems import Problem
from upcampus.core.db import db, utcnow
from upcampus.facilitation import queries
from upcampus.facilitation.accompaniments import accompaniments_of
from upcampus.facilitation.models import Track
from upcampus.facilitation.operations import history_of
from upcampus.facilitation.pipeline import move, track_of
from upcampus.projects.api import project_data
from upcampus.projects.models import Publication


def _team_only() -> None:
    """Staff of this city only: no token 401 (another city's token is 401 at the door),
    anyone else 403."""
    account, membership = door.require_account()
    if not can(account, "facilitation.run", membership):
        raise Problem("forbidden", _l("Only the city's team can do this."))


def _ref(membership: Membership | None) -> dict | None:
    if membership is None:
        return None
    return {"id": membership.id, "name": membership.account.display_name}


def card_data(track: Track) -> dict:
    publication = track.publication
    return {"project_id": publication.id, "title": publication.title, "step": track.step,
            "step_since": track.step_since, "days_in_step": queries.days_since(
                track.step_since), "referent": _ref(track.referent),
            "neighbourhood": publication.neighbourhood,
            "themes": [link.theme.code for link in publication.theme_links],
            "open_needs_count": publication.open_needs_count}


@blueprint.get("/facilitation/projects")
def facilitation_board():
    """The board's projects with the board's filters (theme, neighbourhood, referent,
    age, needs, step), newest track first."""
    _team_only()
    filters = queries.board_filters(request.args)
    statement = queries.tracks(filters, g.api_membership, utcnow()).options(
        joinedload(Track.publication).selectinload(Publication.theme_links),
        joinedload(Track.referent).joinedload(Membership.account))
    return as_json(schemas.FacilitationPage, door.keyset_page(
        statement, Track, "facilitation-projects", card_data))


def _publication(pub_id: int) -> Publication:
    publication = db.session.get(Publication, pub_id)  # another city's id: None
    if publication is None:
        raise Problem("not-found")
    return publication


def track_data(track: Track | None) -> dict | None:
    if track is None:
        return None
    return {"step": track.step, "step_since": track.step_since,
            "days_in_step": queries.days_since(track.step_since),
            "referent": _ref(track.referent), "interest": track.interest,
            "local_need": track.local_need, "aside_reason": track.aside_reason,
            "spotted_at": track.spotted_at, "realised_at": track.realised_at,
            "city_shows": track.city_shows, "holder_shows": track.holder_shows}


def detail_data(publication: Publication) -> dict:
    account, membership = g.api_account, g.api_membership
    return {
        "project": project_data(publication),
        "track": track_data(track_of(publication.id)),
        "history": [{"id": e.id, "action": e.action, "before": e.before, "after": e.after,
                     "reason": e.reason, "actor": e.actor.account.display_name
                     if e.actor else None, "created_at": e.created_at}
                    for e in history_of(publication, account, membership)],
        "accompaniments": [{
            "id": a.id, "partner": {"id": a.partner.id, "name": a.partner.organisation.name},
            "kind": a.kind, "status": a.status, "brief": a.brief, "answer": a.answer,
            "outcome": a.outcome, "started_on": a.started_on, "ended_on": a.ended_on,
            "milestones": [{"happened_on": m.happened_on, "text": m.text}
                           for m in a.milestones]} for a in accompaniments_of(publication)]}


@blueprint.get("/facilitation/projects/<int:pub_id>")
def facilitation_project(pub_id: int):
    _team_only()
    return as_json(schemas.FacilitationDetailSchema, detail_data(_publication(pub_id)))


@blueprint.post("/facilitation/projects/<int:pub_id>/step")
def facilitation_move(pub_id: int):
    """The page's move: `expected` is the step the mover saw; if someone moved the
    project meanwhile, 409 and nothing changes."""
    _team_only()

    def act(payload):
        publication = _publication(pub_id)
        move(publication, g.api_account, g.api_membership, payload)
        return as_json(schemas.FacilitationDetailSchema, detail_data(publication))

    return door.write(schemas.MoveIn(), act)
