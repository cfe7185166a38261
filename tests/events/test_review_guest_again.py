"""Second read: a guest who cancelled may register again (their row is kept, cancelled,
and the address is unique per event)."""

from tests.conftest import link_in, outbox, post_form
from tests.events.helpers import registrations_of, seats_taken
from tests.events.test_guests import _cancel_path, _guest_registered, an_event


def test_a_guest_who_cancelled_registers_again(client_for, sceaux):
    event, page = an_event(client_for, sceaux)
    guest, mail = _guest_registered(client_for, sceaux, event, page, "Jeanne Dupuis",
                                    "jeanne@example.org")
    assert post_form(guest, _cancel_path(mail, event.id), {}).status_code == 302
    assert registrations_of(sceaux, event.id) == {"jeanne@example.org": "cancelled"}
    again = post_form(guest, f"/events/{event.id}/guest",
                      {"name": "Jeanne Dupuis", "email": "jeanne@example.org"}, page=page)
    assert again.status_code == 302
    assert registrations_of(sceaux, event.id) == {"jeanne@example.org": "pending"}
    latest = [e for e in outbox(sceaux) if e.to_address == "jeanne@example.org"][0]
    guest.get(link_in(latest, f"/events/{event.id}/guest/"))
    assert registrations_of(sceaux, event.id) == {"jeanne@example.org": "confirmed"}
    assert seats_taken(sceaux, event.id) == 1
