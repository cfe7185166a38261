"""The organisers' tools: the attendee list, its CSV export (UTF-8 with a BOM, semicolons),
check-in at the door without JavaScript, and a message to everyone registered; nobody
else reaches them."""

import csv
import io

import pytest

from tests.conftest import outbox, post_form
from tests.events.helpers import create, member_client, staff_client, the_event
from tests.forms_as_shown import form_on


@pytest.fixture
def full_room(client_for, sceaux):
    _, staff = staff_client(client_for, sceaux)
    create(staff)
    event = the_event(sceaux)
    page = f"/events/{event.id}-{event.slug}"
    people = {}
    for name, email in (("Zoé Martin", "zoe@example.org"), ("Léa Karim", "lea@example.org"),
                        ("=HYPERLINK(1)", "formula@example.org")):
        member, client = member_client(client_for, sceaux, email)
        from upcampus.accounts.models import Account
        from upcampus.core.db import db

        db.session.get(Account, member.account_id).display_name = name
        db.session.commit()
        post_form(client, f"/events/{event.id}/register", {}, page=page)
        people[name] = client
    return staff, event, people


def test_the_attendee_list_and_its_csv(full_room):
    staff, event, _ = full_room
    listing = staff.get(f"/events/{event.id}/attendees")
    assert listing.status_code == 200
    assert listing.text.index("Léa Karim") < listing.text.index("Zoé Martin")
    response = staff.get(f"/events/{event.id}/attendees.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Nom", "Courriel"]
    names = [row[0] for row in rows[1:]]
    assert sorted(names) == sorted(["Zoé Martin", "Léa Karim", "'=HYPERLINK(1)"])
    assert "lea@example.org" in [row[1] for row in rows[1:]]


def test_check_in_one_tap_per_person_with_a_search_box(full_room):
    staff, event, _ = full_room
    page = staff.get(f"/events/{event.id}/check-in?q=léa")
    assert page.status_code == 200
    assert "Léa Karim" in page.text and "Zoé Martin" not in page.text
    assert "<script" not in page.text.split("<main", 1)[-1]  # works without JavaScript
    (registration_id,) = [line.split('id="person-')[1].split('"')[0]
                          for line in page.text.splitlines() if 'id="person-' in line]
    action = f"/events/{event.id}/check-in/{registration_id}"
    form = form_on(page.text, action, f"/events/{event.id}/check-in")
    assert form.find("button")
    response = post_form(staff, action, {"present": "1", "q": "léa"},
                         page=f"/events/{event.id}/check-in")
    assert response.status_code == 302
    assert response.location.endswith(f"#person-{registration_id}")
    after = staff.get(f"/events/{event.id}/check-in").text
    assert "Présent·es : 1 sur 3" in after
    listing = staff.get(f"/events/{event.id}/attendees.csv").data.decode("utf-8-sig")
    assert sum(1 for row in listing.splitlines()[1:] if row.split(";")[-1]) == 1
    post_form(staff, action, {"present": "0"}, page=f"/events/{event.id}/check-in")
    assert "Présent·es : 0 sur 3" in staff.get(f"/events/{event.id}/check-in").text


def test_a_message_to_everyone_registered_goes_through_the_outbox(full_room, sceaux):
    staff, event, _ = full_room
    response = post_form(staff, f"/events/{event.id}/message",
                         {"subject": "Changement de salle", "body": "Rendez-vous salle B."},
                         page=f"/events/{event.id}/attendees")
    assert response.status_code == 302
    sent = [e for e in outbox(sceaux) if e.subject == "Changement de salle"]
    assert sorted(e.to_address for e in sent) == ["formula@example.org", "lea@example.org",
                                                  "zoe@example.org"]
    assert all("Rendez-vous salle B." in e.body_text for e in sent)
    refused = post_form(staff, f"/events/{event.id}/message", {"subject": "x", "body": ""},
                        page=f"/events/{event.id}/attendees")
    assert refused.status_code == 422
    assert len([e for e in outbox(sceaux) if e.subject == "x"]) == 0


def test_nobody_else_reaches_the_organisers_tools(full_room, client_for, sceaux):
    _, event, people = full_room
    attendee = people["Léa Karim"]
    for path in (f"/events/{event.id}/attendees", f"/events/{event.id}/attendees.csv",
                 f"/events/{event.id}/check-in"):
        assert attendee.get(path).status_code == 403, path
        assert client_for(sceaux).get(path).status_code == 302  # to the login page
    assert post_form(attendee, f"/events/{event.id}/message",
                     {"subject": "Spam", "body": "Spam"}, page="/account").status_code == 403
