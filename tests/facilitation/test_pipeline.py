"""The city's track of a project: forward one step at a time, back only with a reason,
set aside kindly and reopened; the holders' stage stays theirs; two facilitators at
once; another city's ids; people who are not the city's team."""

import pytest
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.facilitation.models import TrackEvent
from upcampus.facilitation.pipeline import move as move_operation
from upcampus.notifications.digest import city_digests
from upcampus.projects.models import Publication
from upcampus.tenancy.context import tenant_scope

from ..conftest import outbox, post_form
from ..forms_as_shown import form_on, values_of
from ..threads import all_at_once
from .world import QUALIFY, logged, make_world, move, track


def submit_as_shown_html(client, html, pub_id):
    action = f"/facilitation/projects/{pub_id}/step"
    data: dict = {}
    for key, value in values_of(form_on(html, action, action)):
        data.setdefault(key, []).append(value)
    return client.post(action, data=data)


@pytest.fixture
def world(sceaux):
    return make_world(sceaux)


def test_a_project_goes_through_every_step_and_its_holders_hear_of_it(world, client_for):
    client = logged(client_for, world.city, world.facilitator)
    assert move(client, world.pub_id, "spotted", "").status_code == 302
    response = move(client, world.pub_id, "qualified", "spotted", **QUALIFY,
                    referent_id=str(world.admin.id))
    assert response.status_code == 302, response.text
    row = track(world.city, world.pub_id)
    assert (row.step, row.interest, row.referent_id) == (
        "qualified", QUALIFY["interest"], world.admin.id)
    assert move(client, world.pub_id, "accompanied", "qualified").status_code == 302
    assert move(client, world.pub_id, "realised", "accompanied").status_code == 302
    row = track(world.city, world.pub_id)
    assert row.step == "realised" and row.realised_at is not None
    # Steps are notified; by default they reach the holders in their weekly digest.
    assert [e for e in outbox(world.city) if e.to_address == world.holder.account.email] == []
    assert city_digests(world.city.id, force=True) == 1
    [digest] = [e for e in outbox(world.city) if e.to_address == world.holder.account.email]
    lines = [line for line in digest.body_text.splitlines() if line.startswith("- ")]
    assert len(lines) == 3 and "intérêt collectif" in lines[0] and "réalisé" in lines[2]
    with tenant_scope(world.city):  # the holders' own stage is theirs
        assert db.session.get(Publication, world.pub_id).stage == "in_progress"
    page = client_for(world.city).get(f"/projects/{world.pub_id}-projet").text
    assert "Réalisé" in page and 'aria-current="step"' in page


@pytest.mark.parametrize(("steps", "target", "expected", "fields", "message"), [
    ([], "qualified", "", {}, "les étapes ne se sautent pas"),
    (["spotted"], "accompanied", "spotted", {}, "Les étapes ne se sautent pas"),
    (["spotted"], "qualified", "spotted", {"interest": "Oui"}, "besoin local"),
    (["spotted", "qualified"], "spotted", "qualified", {}, "Dites pourquoi le projet recule"),
    (["spotted"], "set_aside", "spotted", {"reason": "Non."}, "Dites avec bienveillance"),
    (["spotted"], "spotted", "spotted", {}, "déjà à cette étape"),
    (["spotted"], "nowhere", "spotted", {}, "Choisissez une étape"),
])
def test_bad_moves_are_refused_with_a_clear_message(world, client_for, steps, target,
                                                    expected, fields, message):
    client = logged(client_for, world.city, world.facilitator)
    previous = ""
    for step in steps:
        extra = QUALIFY if step == "qualified" else {}
        assert move(client, world.pub_id, step, previous, **extra).status_code == 302
        previous = step
    response = move(client, world.pub_id, target, expected, **fields)
    assert response.status_code == 422
    assert message in response.text
    assert fields.get("interest", "") in response.text  # what was typed is kept
    assert (track(world.city, world.pub_id) or None) is None or track(
        world.city, world.pub_id).step == (steps[-1] if steps else None)


def test_going_back_with_a_reason_and_set_aside_kindly_then_reopened(world, client_for):
    client = logged(client_for, world.city, world.facilitator)
    move(client, world.pub_id, "spotted", "")
    move(client, world.pub_id, "qualified", "spotted", **QUALIFY)
    assert move(client, world.pub_id, "spotted", "qualified",
                reason="Le local n'est plus disponible.").status_code == 302
    kind = "Le projet est très beau, mais un commerce similaire ouvre déjà rue Houdan."
    assert move(client, world.pub_id, "set_aside", "spotted", reason=kind).status_code == 302
    holder = logged(client_for, world.city, world.holder)
    assert kind in holder.get(f"/projects/{world.pub_id}-projet").text
    # Visitors and other members do not read the set-aside reason.
    assert kind not in client_for(world.city).get(f"/projects/{world.pub_id}-projet").text
    member = logged(client_for, world.city, world.member)
    assert kind not in member.get(f"/projects/{world.pub_id}-projet").text
    # Reopened at the step it was at (not further).
    assert move(client, world.pub_id, "qualified", "set_aside").status_code == 422
    assert move(client, world.pub_id, "spotted", "set_aside").status_code == 302
    row = track(world.city, world.pub_id)
    assert (row.step, row.aside_reason) == ("spotted", "")
    with tenant_scope(world.city):
        moves = db.session.execute(select(
            TrackEvent.before, TrackEvent.after, TrackEvent.reason).where(
            TrackEvent.action == "step").order_by(TrackEvent.id)).all()
    assert [(b, a) for b, a, _ in moves] == [
        ("", "spotted"), ("spotted", "qualified"), ("qualified", "spotted"),
        ("spotted", "set_aside"), ("set_aside", "spotted")]
    assert moves[2].reason == "Le local n'est plus disponible." and moves[3].reason == kind


def test_a_move_made_meanwhile_by_someone_else_is_not_overwritten(world, client_for):
    first = logged(client_for, world.city, world.facilitator)
    second = logged(client_for, world.city, world.admin)
    page = second.get(f"/facilitation/projects/{world.pub_id}").text  # sees it unspotted
    assert move(first, world.pub_id, "spotted", "").status_code == 302
    response = move(second, world.pub_id, "set_aside", "",
                    reason="Pas pour la ville, mais bravo pour l'idée.")
    assert response.status_code == 409
    assert "Quelqu’un d’autre a déplacé ce projet" in response.text or (
        "Quelqu'un d'autre a déplacé ce projet" in response.text)
    assert "bravo pour l" in response.text and page
    assert track(world.city, world.pub_id).step == "spotted"
    # Sent again as the page now shows it (from today's step), the move is made.
    retry = submit_as_shown_html(second, response.text, world.pub_id)
    assert retry.status_code == 200 and 'name="confirmed"' in retry.text  # asked first
    assert submit_as_shown_html(second, retry.text, world.pub_id).status_code == 302
    assert track(world.city, world.pub_id).step == "set_aside"


def test_two_facilitators_moving_at_once_one_wins(world, app):
    """Two clicks at the same moment, from the same step: one move, one refusal."""
    def attempt(membership_email, payload):
        def run():
            with app.app_context(), tenant_scope(world.city):
                from upcampus.accounts.models import Account, Membership

                membership = db.session.scalar(select(Membership).join(Account).where(
                    Account.email == membership_email))
                publication = db.session.get(Publication, world.pub_id)
                try:
                    move_operation(publication, membership.account, membership, payload)
                    return "moved"
                except Exception as error:  # noqa: BLE001 - the refusal is the result
                    db.session.rollback()
                    return getattr(error, "code", type(error).__name__)
                finally:
                    db.session.remove()
        return run
    results = all_at_once([
        attempt(world.facilitator.account.email, {"step": "spotted", "expected": ""}),
        attempt(world.admin.account.email, {"step": "set_aside", "expected": "",
                                            "reason": "Merci, mais pas pour la ville."})])
    assert sorted(results) == ["conflict", "moved"], results
    with tenant_scope(world.city):
        assert db.session.scalar(select(db.func.count()).select_from(TrackEvent).where(
            TrackEvent.action == "step")) == 1


def test_people_outside_the_team_and_other_cities_get_nothing(world, client_for, bourg):
    assert move(logged(client_for, world.city, world.facilitator), world.pub_id,
                "spotted", "").status_code == 302
    for membership in (world.member, world.holder, world.moderator, world.partner_admins[0]):
        client = logged(client_for, world.city, membership)
        for path in ("/facilitation", f"/facilitation/projects/{world.pub_id}",
                     "/facilitation/partners", "/facilitation/report",
                     "/facilitation/report.csv", "/facilitation/partners/new"):
            assert client.get(path).status_code == 403, (membership.role, path)
        response = client.post(f"/facilitation/projects/{world.pub_id}/step",
                               data={"step": "qualified"})
        assert response.status_code in (400, 403)
    assert client_for(world.city).get("/facilitation").status_code == 302  # log in first
    other = make_world(bourg, "bourg")
    bourg_facilitator = logged(client_for, bourg, other.facilitator)
    assert bourg_facilitator.get(f"/facilitation/projects/{world.pub_id}").status_code == 404
    token_page = f"/facilitation/projects/{other.pub_id}"
    response = post_form(bourg_facilitator, f"/facilitation/projects/{world.pub_id}/step",
                         {"step": "qualified", "expected": "spotted", **QUALIFY},
                         page=token_page)
    assert response.status_code == 404
    assert track(world.city, world.pub_id).step == "spotted"


def test_a_referent_is_named_and_finds_the_project_in_my_projects(world, client_for):
    client = logged(client_for, world.city, world.facilitator)
    move(client, world.pub_id, "spotted", "")
    move(client, world.pub_id, "qualified", "spotted", **QUALIFY)
    assert track(world.city, world.pub_id).referent_id == world.facilitator.id
    mine = client.get("/facilitation?referent=me").text
    assert "Le Comptoir Végétal" in mine
    response = post_form(client, f"/facilitation/projects/{world.pub_id}/referent",
                         {"referent_id": str(world.admin.id)},
                         page=f"/facilitation/projects/{world.pub_id}")
    assert response.status_code == 302
    assert "Le Comptoir Végétal" not in client.get("/facilitation?referent=me").text
    admin = logged(client_for, world.city, world.admin)
    assert "Le Comptoir Végétal" in admin.get("/facilitation/mine",
                                              follow_redirects=True).text
    # A plain member cannot be a referent.
    response = post_form(client, f"/facilitation/projects/{world.pub_id}/referent",
                         {"referent_id": str(world.member.id)},
                         page=f"/facilitation/projects/{world.pub_id}")
    assert track(world.city, world.pub_id).referent_id == world.admin.id
    assert response.status_code == 302
