"""After the event: its organisers record what came out of it; a project says where it
was born; the facilitation report counts the events held and the projects born at them."""

from datetime import timedelta

from tests.conftest import post_form
from tests.events.helpers import create, events_of, member_client, staff_client, the_event
from tests.events.test_events import make_organisation
from tests.national.helpers import a_publication
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event
from upcampus.tenancy.context import tenant_scope


def held(city, event_id, days_ago=2):
    """Moves an event into the past, as if it had taken place."""
    with tenant_scope(city):
        event = db.session.get(Event, event_id)
        event.starts_at = utcnow() - timedelta(days=days_ago, hours=2)
        event.ends_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()


def test_organisers_record_outcomes_shown_on_the_event_project_and_report(
        client_for, two_cities):
    sceaux, bourg = two_cities
    facilitator, staff = staff_client(client_for, sceaux)
    assert create(staff, title="Conférence fondatrice").status_code == 302
    event = the_event(sceaux)
    born = a_publication(sceaux, facilitator, "Le restaurant solidaire", stage="idea")
    joined = a_publication(sceaux, facilitator, "Jardin partagé", stage="idea")
    organisation = make_organisation(sceaux, "Les Amis du Jardin")
    path = f"/events/{event.id}/outcomes"
    early = post_form(staff, path, {"attendance": "80", "born": [born]})
    assert early.status_code == 422  # not yet held
    held(sceaux, event.id)
    bad = post_form(staff, path, {"attendance": "-3", "born": [born]})
    assert bad.status_code == 422
    done = post_form(staff, path, {"attendance": "80", "born": [born], "joined": [joined],
                                   "met": [organisation]})
    assert done.status_code == 302
    page = client_for(sceaux).get(f"/events/{event.id}-{event.slug}").text
    assert "80" in page and "Le restaurant solidaire" in page and "Les Amis du Jardin" in page
    project = client_for(sceaux).get(f"/projects/{born}", follow_redirects=True).text
    assert "Né lors de" in project and "Conférence fondatrice" in project
    other = client_for(sceaux).get(f"/projects/{joined}", follow_redirects=True).text
    assert "Conférence fondatrice" not in other  # joined there, not born there
    report = staff.get("/facilitation/report").text
    assert "1 événement tenu" in report and "1 projet né lors de ces événements" in report
    csv = staff.get("/facilitation/report.csv").data.decode("utf-8-sig")
    assert "Projets nés lors de ces événements;1" in csv
    # Saved again without the born project: the project no longer says so.
    post_form(staff, path, {"attendance": "80", "joined": [joined]})
    assert "Conférence fondatrice" not in client_for(sceaux).get(
        f"/projects/{born}", follow_redirects=True).text


def test_outcomes_are_the_organisers_and_the_citys_own(client_for, two_cities):
    sceaux, bourg = two_cities
    facilitator, staff = staff_client(client_for, sceaux)
    create(staff)
    event = the_event(sceaux)
    held(sceaux, event.id)
    _, other = staff_client(client_for, bourg)
    assert other.get(f"/events/{event.id}/outcomes").status_code == 404
    _, member = member_client(client_for, sceaux, "m@sceaux.example.org")
    assert member.get(f"/events/{event.id}/outcomes").status_code == 403
    # Another city's project cannot be named.
    bourg_staff = staff_client(client_for, bourg, "admin")[0]
    foreign = a_publication(bourg, bourg_staff, "Projet de Bourg")
    refused = post_form(staff, f"/events/{event.id}/outcomes", {"born": [foreign]})
    assert refused.status_code == 422
    with tenant_scope(sceaux):
        assert db.session.get(Event, event.id).outcomes == []


def test_the_report_counts_events_held_and_projects_born_in_the_period(client_for, sceaux):
    from upcampus.events.outcomes import report_figures

    facilitator, staff = staff_client(client_for, sceaux)
    create(staff, title="Première")
    create(staff, title="Seconde")
    create(staff, title="À venir")
    first, second, _coming = (e.id for e in events_of(sceaux))
    held(sceaux, first, days_ago=3)
    held(sceaux, second, days_ago=400)  # outside the last twelve months
    born = a_publication(sceaux, facilitator, "Né ici", stage="idea")
    assert post_form(staff, f"/events/{first}/outcomes",
                     {"born": [born], "attendance": "12"}).status_code == 302
    with tenant_scope(sceaux):
        figures = report_figures(utcnow() - timedelta(days=365), utcnow())
    assert figures == {"events_held": 1, "projects_born": 1, "attendance": 12}
