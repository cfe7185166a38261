"""Someone who leaves the city or deletes their account gives their seat back: the first
person waiting is offered it and told, as after a cancellation."""

import pytest

from tests.conftest import outbox, post_form
from tests.events.helpers import member_client, registrations_of, seats_taken
from tests.events.test_registrations import an_event, click
from upcampus.accounts.erasure import delete_account, leave_city


@pytest.mark.parametrize("how", ["delete", "leave"])
def test_the_seat_of_someone_who_goes_is_offered_to_the_next(client_for, sceaux, how):
    event, page, _ = an_event(client_for, sceaux, capacity="1")
    lea_member, lea = member_client(client_for, sceaux, "lea@example.org")
    _, paul = member_client(client_for, sceaux, "paul@example.org")
    _, zoe = member_client(client_for, sceaux, "zoe@example.org")
    click(lea, event, "register", page)
    click(paul, event, "register", page)
    click(zoe, event, "register", page)
    if how == "delete":
        assert delete_account(lea_member.account_id)
    else:
        assert leave_city(lea_member.account_id, sceaux.id)
    assert registrations_of(sceaux, event.id) == {
        "paul@example.org": "offered", "zoe@example.org": "waiting"}
    assert seats_taken(sceaux, event.id) == 1
    (email,) = [e for e in outbox(sceaux) if e.to_address == "paul@example.org"]
    assert "Une place se libère pour vous" in email.subject
    post_form(paul, f"/events/{event.id}/confirm", {}, page=page)
    assert registrations_of(sceaux, event.id)["paul@example.org"] == "confirmed"


def test_a_waiting_place_given_back_moves_no_seat(client_for, sceaux):
    event, page, _ = an_event(client_for, sceaux, capacity="1")
    _, lea = member_client(client_for, sceaux, "lea@example.org")
    paul_member, paul = member_client(client_for, sceaux, "paul@example.org")
    click(lea, event, "register", page)
    click(paul, event, "register", page)
    assert delete_account(paul_member.account_id)
    assert registrations_of(sceaux, event.id) == {"lea@example.org": "confirmed"}
    assert seats_taken(sceaux, event.id) == 1
