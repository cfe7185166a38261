"""A project's history reads in the reader's language: steps, accompaniment states,
kinds of support, milestones, notes and the public timeline's switches are words, never
the codes the audit trail stores."""

import re
from datetime import date

from sqlalchemy import select

from upcampus.core.db import db
from upcampus.facilitation.models import Accompaniment
from upcampus.tenancy.context import tenant_scope

from ..conftest import post_form
from .world import QUALIFY, logged, make_world, move


def _history(client, pub_id: int) -> str:
    html = client.get(f"/facilitation/projects/{pub_id}").text
    section = html[html.index('id="history"'):]
    return re.sub(r"<[^>]+>", " ", section[:section.index("</section>")])


def test_the_history_says_in_words_what_happened(sceaux, client_for):
    world = make_world(sceaux)
    facilitator = logged(client_for, sceaux, world.facilitator)
    page = f"/facilitation/projects/{world.pub_id}"
    move(facilitator, world.pub_id, "spotted", "")
    move(facilitator, world.pub_id, "qualified", "spotted", **QUALIFY)
    post_form(facilitator, f"{page}/accompaniments", {
        "partner_id": str(world.partner_ids[0]), "kind": "city_service",
        "brief": "Un local."}, page=page)
    post_form(facilitator, f"{page}/notes", {"body": "Secret"}, page=page)
    post_form(facilitator, f"{page}/show", {}, page=page)
    with tenant_scope(sceaux):
        accompaniment_id = db.session.scalar(select(Accompaniment.id))
    partner = logged(client_for, sceaux, world.partner_admins[0])
    post_form(partner, f"/accompaniments/{accompaniment_id}/accept", {}, page="/account")
    post_form(partner, f"/accompaniments/{accompaniment_id}/milestones", {
        "happened_on": date.today().isoformat(), "text": "Visite"}, page="/account")
    post_form(partner, f"/accompaniments/{accompaniment_id}/close", {
        "status": "done", "outcome": "Trouvé"}, page="/account")

    history = _history(facilitator, world.pub_id)
    for code in ("requested", "active", "done:", "milestone", "written", "city:",
                 "city_service", "true"):
        assert code not in history, code
    name = "Service du développement économique"
    assert f"Sollicité, en attente de réponse : {name} (Un service de la ville)" in history
    assert f"En cours : {name}" in history and f"Terminé : {name}" in history
    assert f"Étape du {date.today().isoformat()} : {name}" in history
    assert "Écrite" in history and "La ville les montre" in history

