"""Guests of a city register with a name and an email address, confirmed by a signed link
emailed to them; an address already used, a forged or foreign link get a clear answer."""

from tests.conftest import link_in, outbox, post_form
from tests.events.helpers import create, registrations_of, seats_taken, staff_client, the_event


def an_event(client_for, city, **changes):
    _, staff = staff_client(client_for, city)
    create(staff, **changes)
    event = the_event(city)
    return event, f"/events/{event.id}-{event.slug}"


def test_a_guest_registers_and_confirms_by_email(client_for, sceaux):
    event, page = an_event(client_for, sceaux)
    guest = client_for(sceaux)
    assert "Ou inscrivez-vous comme invité·e" in guest.get(page).text
    response = post_form(guest, f"/events/{event.id}/guest",
                         {"name": "Jeanne Dupuis", "email": "Jeanne@Example.org"}, page=page)
    assert response.status_code == 302
    assert registrations_of(sceaux, event.id) == {"jeanne@example.org": "pending"}
    assert seats_taken(sceaux, event.id) == 0  # no seat before the address is confirmed
    (email,) = [e for e in outbox(sceaux) if e.to_address == "jeanne@example.org"]
    link = link_in(email, f"/events/{event.id}/guest/")
    assert guest.get(link).status_code == 302
    assert registrations_of(sceaux, event.id) == {"jeanne@example.org": "confirmed"}
    assert guest.get(link).status_code == 302  # opened twice: one seat
    assert seats_taken(sceaux, event.id) == 1
    again = post_form(guest, f"/events/{event.id}/guest",
                      {"name": "Jeanne", "email": "jeanne@example.org"}, page=page)
    assert again.status_code == 422
    assert "Cette adresse est déjà inscrite à cet événement." in again.text
    assert "Jeanne" in again.text


def test_bad_guest_input_and_forged_links(client_for, sceaux, bourg):
    event, page = an_event(client_for, sceaux)
    guest = client_for(sceaux)
    bad = post_form(guest, f"/events/{event.id}/guest", {"name": "J", "email": "nope"},
                    page=page)
    assert bad.status_code == 422 and "Indiquez votre nom" in bad.text
    assert registrations_of(sceaux, event.id) == {}
    forged = guest.get(f"/events/{event.id}/guest/not-a-token", follow_redirects=True)
    assert "Ce lien n’est pas valide" in forged.text
    other, other_page = an_event(client_for, bourg)
    post_form(client_for(bourg), f"/events/{other.id}/guest",
              {"name": "Paul", "email": "paul@example.org"}, page=other_page)
    (email,) = [e for e in outbox(bourg) if e.to_address == "paul@example.org"]
    token = link_in(email, f"/events/{other.id}/guest/").rsplit("/", 1)[1]
    # Bourg's link on Sceaux's host (with Sceaux's event id) confirms nothing.
    response = guest.get(f"/events/{event.id}/guest/{token}", follow_redirects=True)
    assert "Ce lien n’est pas valide" in response.text
    assert registrations_of(bourg, other.id) == {"paul@example.org": "pending"}
