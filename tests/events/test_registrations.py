"""Registration: one click to register or cancel, a waitlist when full, a cancellation
that offers the freed seat to the first person waiting (by email), an offer that passes
on when not confirmed in time, and capacity never exceeded, even at the same moment."""

from datetime import timedelta

from sqlalchemy import func, select

from tests.conftest import csrf_from, log_in, outbox, post_form
from tests.events.helpers import (
    create,
    local,
    member_client,
    registrations_of,
    seats_taken,
    staff_client,
    the_event,
)
from tests.factories import make_member
from tests.threads import all_at_once
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event, Registration
from upcampus.events.tasks import city_tick
from upcampus.tenancy.context import tenant_scope


def an_event(client_for, city, **changes):
    _, staff = staff_client(client_for, city)
    create(staff, **changes)
    event = the_event(city)
    return event, f"/events/{event.id}-{event.slug}", staff


def click(client, event, action, page):
    return post_form(client, f"/events/{event.id}/{action}", {}, page=page)


def test_register_and_cancel_in_one_click_each(client_for, sceaux):
    event, page, _ = an_event(client_for, sceaux)
    _, lea = member_client(client_for, sceaux, "lea@example.org")
    assert "M’inscrire" in lea.get(page).text
    response = click(lea, event, "register", page)
    assert response.status_code == 302 and response.location == page
    shown = lea.get(page).text
    assert "Vous êtes inscrit·e. À bientôt !" in shown
    assert "49 places restantes sur 50" in shown
    assert registrations_of(sceaux, event.id) == {"lea@example.org": "confirmed"}
    click(lea, event, "unregister", page)
    assert registrations_of(sceaux, event.id) == {"lea@example.org": "cancelled"}
    assert seats_taken(sceaux, event.id) == 0
    click(lea, event, "register", page)  # back again: the same row, a seat again
    assert registrations_of(sceaux, event.id) == {"lea@example.org": "confirmed"}
    assert seats_taken(sceaux, event.id) == 1


def test_a_visitor_is_asked_to_log_in_and_a_stranger_to_join(client_for, sceaux, bourg):
    event, page, _ = an_event(client_for, sceaux)
    assert "Connectez-vous pour vous inscrire" in client_for(sceaux).get(page).text
    make_member(bourg, email="ailleurs@example.org")
    stranger = client_for(sceaux)
    log_in(stranger, "ailleurs@example.org")
    response = click(stranger, event, "register", page)
    assert response.status_code == 302 and response.location == "/join"
    assert registrations_of(sceaux, event.id) == {}


def test_twice_after_the_window_or_cancelled_gets_a_clear_message(client_for, sceaux):
    event, page, staff = an_event(client_for, sceaux)
    _, lea = member_client(client_for, sceaux, "lea@example.org")
    click(lea, event, "register", page)
    again = click(lea, event, "register", page)
    assert again.status_code == 302
    assert "Vous êtes déjà inscrit·e à cet événement." in lea.get(page).text
    assert seats_taken(sceaux, event.id) == 1
    with tenant_scope(sceaux):
        row = db.session.get(Event, event.id)
        row.registration_closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    _, paul = member_client(client_for, sceaux, "paul@example.org")
    click(paul, event, "register", page)
    assert "Les inscriptions sont closes." in paul.get(page).text
    with tenant_scope(sceaux):
        row = db.session.get(Event, event.id)
        row.registration_closes_at = None
        db.session.commit()
    post_form(staff, f"/events/{event.id}/cancel", {}, page=f"/events/{event.id}/edit")
    click(paul, event, "register", page)
    assert "Cet événement est annulé." in paul.get(page).text
    assert registrations_of(sceaux, event.id) == {"lea@example.org": "confirmed"}


def test_full_event_waitlist_and_promotion_by_email(client_for, sceaux):
    event, page, _ = an_event(client_for, sceaux, capacity="1")
    _, lea = member_client(client_for, sceaux, "lea@example.org")
    _, paul = member_client(client_for, sceaux, "paul@example.org")
    _, zoe = member_client(client_for, sceaux, "zoe@example.org")
    click(lea, event, "register", page)
    assert "M’inscrire sur la liste d’attente" in paul.get(page).text
    click(paul, event, "register", page)
    assert "vous êtes sur la liste d’attente" in paul.get(page).text
    click(zoe, event, "register", page)
    assert registrations_of(sceaux, event.id) == {
        "lea@example.org": "confirmed", "paul@example.org": "waiting",
        "zoe@example.org": "waiting"}
    click(lea, event, "unregister", page)
    # Paul, first in line, is offered the seat (held for him) and told by email.
    assert registrations_of(sceaux, event.id)["paul@example.org"] == "offered"
    assert seats_taken(sceaux, event.id) == 1
    (email,) = [e for e in outbox(sceaux) if e.to_address == "paul@example.org"]
    assert "Une place se libère pour vous" in email.subject
    assert f"{page}" in email.body_text
    assert "Confirmer ma place" in paul.get(page).text
    click(paul, event, "confirm", page)
    assert registrations_of(sceaux, event.id)["paul@example.org"] == "confirmed"
    assert "Vous êtes inscrit·e." in paul.get(page).text


def test_an_offer_not_confirmed_in_time_passes_to_the_next(client_for, sceaux):
    event, page, _ = an_event(client_for, sceaux, capacity="1")
    people = [member_client(client_for, sceaux, f"{n}@example.org")[1]
              for n in ("lea", "paul", "zoe")]
    for person in people:
        click(person, event, "register", page)
    click(people[0], event, "unregister", page)
    assert city_tick(sceaux.id)["promoted"] == 0  # still in time
    result = city_tick(sceaux.id, now=utcnow() + timedelta(hours=49))
    assert result["promoted"] == 1
    assert registrations_of(sceaux, event.id) == {
        "lea@example.org": "cancelled", "paul@example.org": "cancelled",
        "zoe@example.org": "offered"}
    assert seats_taken(sceaux, event.id) == 1
    assert any(e.to_address == "zoe@example.org" for e in outbox(sceaux))


def test_twenty_at_once_for_the_last_three_seats(client_for, sceaux):
    event, page, _ = an_event(client_for, sceaux, capacity="10")
    with tenant_scope(sceaux):  # seven seats taken already
        for i in range(7):
            member = make_member(sceaux, email=f"early{i}@example.org")
            db.session.add(Registration(event_id=event.id, membership_id=member.id,
                                        state="confirmed"))
        db.session.get(Event, event.id).seats_taken = 7
        db.session.commit()
    clients = [member_client(client_for, sceaux, f"late{i}@example.org")[1]
               for i in range(20)]
    tokens = [csrf_from(c.get(page).text) for c in clients]
    codes = all_at_once([
        lambda c=c, t=t: c.post(f"/events/{event.id}/register",
                                data={"csrf_token": t}).status_code
        for c, t in zip(clients, tokens, strict=True)])
    assert codes == [302] * 20
    states = registrations_of(sceaux, event.id)
    late = [state for email, state in states.items() if email.startswith("late")]
    assert late.count("confirmed") == 3 and late.count("waiting") == 17
    assert seats_taken(sceaux, event.id) == 10
    with tenant_scope(sceaux):
        assert db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.state == "confirmed")) == 10


def test_the_same_person_clicking_register_many_times_at_once_registers_once(
        client_for, sceaux):
    event, page, _ = an_event(client_for, sceaux)
    make_member(sceaux, email="lea@example.org")
    clients = [client_for(sceaux) for _ in range(6)]
    for c in clients:
        log_in(c, "lea@example.org")
    tokens = [csrf_from(c.get(page).text) for c in clients]
    codes = all_at_once([
        lambda c=c, t=t: c.post(f"/events/{event.id}/register",
                                data={"csrf_token": t}).status_code
        for c, t in zip(clients, tokens, strict=True)])
    assert codes == [302] * 6
    assert registrations_of(sceaux, event.id) == {"lea@example.org": "confirmed"}
    assert seats_taken(sceaux, event.id) == 1


def test_an_event_over_refuses_registration(client_for, sceaux):
    event, page, _ = an_event(client_for, sceaux, starts_at=local(1, 9), ends_at=local(1, 10))
    with tenant_scope(sceaux):
        row = db.session.get(Event, event.id)
        row.starts_at = utcnow() - timedelta(hours=3)
        row.ends_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    _, lea = member_client(client_for, sceaux, "lea@example.org")
    assert "Cet événement est terminé." in lea.get(page).text
    click(lea, event, "register", page)
    assert registrations_of(sceaux, event.id) == {}
