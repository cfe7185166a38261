"""Guests of a city register with a name and an email address, confirmed by a signed link
emailed to them; an address already used, a forged or foreign link get a clear answer."""

import re

from tests.conftest import csrf_from, link_in, outbox, post_form
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


def _guest_registered(client_for, city, event, page, name, email):
    guest = client_for(city)
    post_form(guest, f"/events/{event.id}/guest", {"name": name, "email": email}, page=page)
    (mail,) = [e for e in outbox(city) if e.to_address == email]
    guest.get(link_in(mail, f"/events/{event.id}/guest/"))
    return guest, mail


def _cancel_path(email, event_id) -> str:
    match = re.search(rf"https?://[^\s/]+(/events/{event_id}/guest/[^\s]+/cancel)",
                      email.body_text)
    assert match, email.body_text
    return match.group(1)


def test_a_guest_cancels_by_their_link_and_the_next_guest_takes_the_seat(client_for, sceaux):
    event, page = an_event(client_for, sceaux, capacity="1")
    first, mail = _guest_registered(client_for, sceaux, event, page, "Jeanne Dupuis",
                                    "jeanne@example.org")
    _guest_registered(client_for, sceaux, event, page, "Paul Martin", "paul@example.org")
    assert registrations_of(sceaux, event.id) == {"jeanne@example.org": "confirmed",
                                                  "paul@example.org": "waiting"}
    cancel = _cancel_path(mail, event.id)
    asked = first.get(cancel)  # opening the link (or a mail scanner) only asks
    assert asked.status_code == 200 and "Annuler mon inscription" in asked.text
    assert registrations_of(sceaux, event.id)["jeanne@example.org"] == "confirmed"
    assert post_form(first, cancel, {}).status_code == 302
    assert registrations_of(sceaux, event.id) == {"jeanne@example.org": "cancelled",
                                                  "paul@example.org": "offered"}
    again = first.get(cancel, follow_redirects=True)  # replayed: nothing more happens
    assert "Votre inscription est annulée." in again.text
    assert seats_taken(sceaux, event.id) == 1
    # Paul, a guest, takes the offered seat through the link in his email.
    offer = [e for e in outbox(sceaux) if e.to_address == "paul@example.org"][0]
    assert "Une place se libère" in offer.subject
    client_for(sceaux).get(link_in(offer, f"/events/{event.id}/guest/"))
    assert registrations_of(sceaux, event.id)["paul@example.org"] == "confirmed"
    assert _cancel_path(offer, event.id)  # and can give it back too


def test_forged_or_foreign_cancel_links_change_nothing(client_for, sceaux, bourg):
    event, page = an_event(client_for, sceaux)
    _, mail = _guest_registered(client_for, sceaux, event, page, "Jeanne Dupuis",
                                "jeanne@example.org")
    other, other_page = an_event(client_for, bourg)
    _, other_mail = _guest_registered(client_for, bourg, other, other_page, "Paul Martin",
                                      "paul@example.org")
    visitor = client_for(sceaux)
    forged = visitor.get(f"/events/{event.id}/guest/not-a-token/cancel",
                         follow_redirects=True)
    assert "Ce lien n’est pas valide" in forged.text
    # Bourg's link on Sceaux's host, with Sceaux's event id: refused, Bourg untouched.
    token = _cancel_path(other_mail, other.id).split("/")[-2]
    foreign = visitor.post(f"/events/{event.id}/guest/{token}/cancel",
                           data={"csrf_token": csrf_from(visitor.get(page).text)},
                           follow_redirects=True)
    assert "Ce lien n’est pas valide" in foreign.text
    assert registrations_of(bourg, other.id) == {"paul@example.org": "confirmed"}
    # A confirmation token is not a cancel token.
    confirm = link_in(mail, f"/events/{event.id}/guest/")
    assert "Ce lien n’est pas valide" in visitor.get(
        confirm + "/cancel", follow_redirects=True).text
    assert registrations_of(sceaux, event.id) == {"jeanne@example.org": "confirmed"}


def test_an_old_confirmation_link_after_cancelling_says_so(client_for, sceaux):
    event, page = an_event(client_for, sceaux)
    guest, mail = _guest_registered(client_for, sceaux, event, page, "Jeanne Dupuis",
                                    "jeanne@example.org")
    post_form(guest, _cancel_path(mail, event.id), {})
    again = guest.get(link_in(mail, f"/events/{event.id}/guest/"), follow_redirects=True)
    assert "Cette inscription a été annulée" in again.text
    assert "liste d’attente" not in again.text
    assert registrations_of(sceaux, event.id) == {"jeanne@example.org": "cancelled"}
