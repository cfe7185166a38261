"""Events of a city: created and edited by its team and by the administrators of the
organising organisation, listed upcoming first with a past tab and filters, shown in the
city's time zone; bad input gets a clear message."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.events.helpers import (
    create,
    event_fields,
    events_of,
    local,
    member_client,
    staff_client,
    the_event,
)
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.events.models import Event
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import tenant_scope


def theme_id(code):
    return db.session.scalar(select(Theme.id).where(Theme.code == code))


def make_organisation(city, name, admin=None):
    with tenant_scope(city):
        organisation = Organisation(name=name, slug=name.lower().replace(" ", "-"),
                                    kind="association")
        if admin is not None:
            organisation.members.append(OrganisationMember(membership_id=admin.id,
                                                           role="admin"))
        db.session.add(organisation)
        db.session.commit()
        return organisation.id


def test_a_facilitator_creates_an_event_shown_in_the_citys_time_zone(client_for, sceaux):
    _, client = staff_client(client_for, sceaux)
    response = create(client, themes=[theme_id("ecology")])
    event = the_event(sceaux)
    assert response.status_code == 302
    assert response.location == f"/events/{event.id}-{event.slug}"
    # 18:30 in Paris is stored as UTC (16:30 or 17:30 depending on the season).
    starts = event.starts_at.replace(tzinfo=UTC) if event.starts_at.tzinfo is None else (
        event.starts_at)
    assert starts.astimezone(UTC).hour in (16, 17)
    page = client_for(sceaux).get(response.location)
    assert page.status_code == 200
    assert "18:30" in page.text and "20:00" in page.text
    assert "Conférence : la transition écologique" in page.text
    assert "<strong>Edgar</strong>" in page.text
    assert ("https://www.openstreetmap.org/search?query=49%20avenue%20Georges%20Clemenceau"
            in page.text)
    assert "Accès de plain-pied" in page.text
    assert "50 places restantes sur 50" in page.text


def test_the_agenda_lists_upcoming_first_past_on_their_tab_and_filters(client_for, sceaux):
    _, client = staff_client(client_for, sceaux)
    create(client, title="Plus tard", starts_at=local(20), ends_at=local(20, 21))
    create(client, title="Bientôt", kind="workshop", starts_at=local(2), ends_at=local(2, 21),
           themes=[theme_id("ecology")])
    with tenant_scope(sceaux):  # an event of last month, written as it was then
        db.session.add(Event(title="Autrefois", slug="autrefois", kind="visit",
                             starts_at=datetime(2020, 1, 1, 10, tzinfo=UTC),
                             ends_at=datetime(2020, 1, 1, 12, tzinfo=UTC)))
        db.session.commit()
    visitor = client_for(sceaux)
    upcoming = visitor.get("/events").text
    assert upcoming.index("Bientôt") < upcoming.index("Plus tard")
    assert "Autrefois" not in upcoming
    past = visitor.get("/events?when=past").text
    assert "Autrefois" in past and "Bientôt" not in past
    assert "Plus tard" not in visitor.get("/events?kind=workshop").text
    assert "Bientôt" in visitor.get("/events?kind=workshop").text
    themed = visitor.get("/events?theme=ecology").text
    assert "Bientôt" in themed and "Plus tard" not in themed
    assert visitor.get("/events?kind=nonsense&theme=%00&page=x").status_code == 200


def test_the_agenda_and_an_event_page_keep_a_fixed_query_count(client_for, sceaux,
                                                               count_queries):
    _, client = staff_client(client_for, sceaux)
    create(client, title="Premier", themes=[theme_id("ecology")])
    visitor = client_for(sceaux)
    event = the_event(sceaux)
    visitor.get("/events")  # warm caches (the city, the templates)
    with count_queries() as few:
        visitor.get("/events")
    with count_queries() as page_few:
        visitor.get(f"/events/{event.id}-{event.slug}")
    for i in range(12):
        create(client, title=f"Événement {i}", themes=[theme_id("ecology"),
                                                       theme_id("culture")])
    with count_queries() as many:
        visitor.get("/events")
    with count_queries() as page_many:
        visitor.get(f"/events/{event.id}-{event.slug}")
    assert many.count == few.count
    assert page_many.count == page_few.count


def test_the_city_home_shows_the_next_events(client_for, sceaux, bourg):
    _, client = staff_client(client_for, sceaux)
    create(client, title="Rencontre mensuelle", kind="meetup")
    assert "Rencontre mensuelle" in client_for(sceaux).get("/").text
    assert "Rencontre mensuelle" not in client_for(bourg).get("/").text


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"ends_at": local(10, 17)}, "ends_at", "L’événement doit finir après avoir commencé."),
    ({"starts_at": local(-3), "ends_at": local(-3, 21)}, "starts_at",
     "Un nouvel événement ne peut pas commencer dans le passé."),
    ({"starts_at": "demain soir"}, "starts_at", "Indiquez une date et une heure"),
    ({"capacity": "-4"}, "capacity", "Indiquez un nombre de places"),
    ({"online_url": "javascript:alert(1)"}, "online_url", "Indiquez une adresse web"),
    ({"title": "x"}, "title", "Donnez un titre de 3 à 160 caractères."),
])
def test_bad_input_is_refused_with_a_clear_message_and_kept(client_for, sceaux, changes,
                                                            field, message):
    _, client = staff_client(client_for, sceaux)
    response = create(client, **changes)
    assert response.status_code == 422
    assert message in response.text
    assert "Les Gémeaux" in response.text  # what was typed is kept
    assert events_of(sceaux) == []


def test_capacity_cannot_go_below_the_seats_taken(client_for, sceaux):
    _, client = staff_client(client_for, sceaux)
    create(client, capacity="3")
    event = the_event(sceaux)
    for i in range(2):
        _, person = member_client(client_for, sceaux, f"p{i}@example.org")
        post_form(person, f"/events/{event.id}/register", {},
                  page=f"/events/{event.id}-{event.slug}")
    response = post_form(client, f"/events/{event.id}/edit", event_fields(capacity="1"))
    assert response.status_code == 422
    assert "2 places sont déjà prises" in response.text
    assert the_event(sceaux).capacity == 3
    assert post_form(client, f"/events/{event.id}/edit",
                     event_fields(capacity="2")).status_code == 302


def test_an_organisations_admin_edits_its_events_and_no_other(client_for, sceaux):
    admin, client = member_client(client_for, sceaux, "asso@example.org")
    other_admin, other = member_client(client_for, sceaux, "autre@example.org")
    ours = make_organisation(sceaux, "Les Amis du Parc", admin)
    make_organisation(sceaux, "Autre Asso", other_admin)
    plain, plain_client = member_client(client_for, sceaux, "plain@example.org")
    assert plain_client.get("/events/new").status_code == 403
    # An organisation's admin must name their organisation, and only theirs.
    refused = create(client)
    assert refused.status_code == 422 and "Indiquez l’organisation" in refused.text
    assert create(client, organisations=[ours]).status_code == 302
    event = the_event(sceaux)
    assert other.get(f"/events/{event.id}/edit").status_code == 403
    assert post_form(other, f"/events/{event.id}/edit", event_fields(title="Piraté"),
                     page="/events/new").status_code == 403
    assert the_event(sceaux).title != "Piraté"
    assert post_form(client, f"/events/{event.id}/edit",
                     event_fields(title="Conférence au parc", organisations=[ours])
                     ).status_code == 302
    _, staff = staff_client(client_for, sceaux, "admin")
    assert staff.get(f"/events/{event.id}/edit").status_code == 200
    assert the_event(sceaux).title == "Conférence au parc"


def test_another_citys_event_is_not_found_and_cannot_be_changed(client_for, sceaux, bourg):
    _, client = staff_client(client_for, bourg)
    create(client, title="SECRET-OF-BOURG")
    event = the_event(bourg)
    admin = make_member(sceaux, "admin", email="admin@sceaux.example.org")
    make_member(bourg, "member", account=admin.account)
    intruder = client_for(sceaux)
    log_in(intruder, "admin@sceaux.example.org")
    for path in (f"/events/{event.id}-{event.slug}", f"/events/{event.id}/edit",
                 f"/events/{event.id}.ics", f"/events/{event.id}/attendees",
                 f"/events/{event.id}/attendees.csv", f"/events/{event.id}/check-in"):
        assert intruder.get(path).status_code == 404, path
    assert "SECRET-OF-BOURG" not in intruder.get("/events").text
    assert "SECRET-OF-BOURG" not in intruder.get("/events.ics").text
    response = post_form(intruder, f"/events/{event.id}/edit", event_fields(title="Piraté"),
                         page="/events/new")
    assert response.status_code == 404
    assert the_event(bourg).title == "SECRET-OF-BOURG"


def test_a_city_without_events_switched_on_answers_404(client_for, sceaux):
    from upcampus.tenancy.models import Tenant

    tenant = db.session.get(Tenant, sceaux.id)
    tenant.features = {**tenant.features, "events": False}
    db.session.commit()
    assert client_for(sceaux).get("/events").status_code == 404
    assert "/events" not in client_for(sceaux).get("/").text
