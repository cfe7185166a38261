"""Setting a project aside is heavy: once it would be accepted, a step page says what
will happen (the holders read the reason) and carries what was typed; nothing moves
until it is confirmed. A refused reason is said at once, without the step page."""

import pytest

from .world import logged, make_world, move, track

KIND = "Le projet est très beau, mais un commerce similaire ouvre déjà rue Houdan."


@pytest.fixture
def world(sceaux):
    return make_world(sceaux)


def test_setting_aside_asks_first_and_carries_the_reason(world, client_for):
    client = logged(client_for, world.city, world.facilitator)
    move(client, world.pub_id, "spotted", "")
    step = move(client, world.pub_id, "set_aside", "spotted", confirmed=False, reason=KIND)
    assert step.status_code == 200 and "Mettre le projet de côté" in step.text
    assert KIND in step.text and 'name="confirmed"' in step.text
    assert 'name="reason" value="' in step.text
    assert track(world.city, world.pub_id).step == "spotted"  # nothing moved yet
    assert move(client, world.pub_id, "set_aside", "spotted",
                reason=KIND).status_code == 302
    assert track(world.city, world.pub_id).step == "set_aside"


def test_a_missing_reason_is_refused_before_the_step_page(world, client_for):
    client = logged(client_for, world.city, world.facilitator)
    move(client, world.pub_id, "spotted", "")
    refused = move(client, world.pub_id, "set_aside", "spotted", confirmed=False)
    assert refused.status_code == 422 and 'name="confirmed"' not in refused.text
    assert track(world.city, world.pub_id).step == "spotted"
