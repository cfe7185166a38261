"""The delete-account and leave pages ask only about content the person has, with answers
that fit plural kinds, and say that co-held projects stay."""

from datetime import timedelta

from tests.conftest import log_in
from tests.factories import make_member
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Holder, Publication
from upcampus.tenancy.context import tenant_scope

EMAIL = "ondine@example.org"


def _an_event_and_an_organisation_publication(city, member):
    with tenant_scope(city):
        organisation = Organisation(name="Amis du lavoir", slug="lavoir", kind="association")
        db.session.add(organisation)
        db.session.flush()
        publication = Publication(title="Le lavoir", slug="lavoir", description="Rénover",
                                  author_id=member.id, status="published", kind="project")
        publication.holders.append(Holder(organisation_id=organisation.id))
        db.session.add_all([publication, Event(
            title="Visite du lavoir", slug="visite", author_id=member.id,
            starts_at=utcnow() + timedelta(days=3),
            ends_at=utcnow() + timedelta(days=3, hours=2))])
        db.session.commit()


def test_only_the_choices_about_what_i_have_are_asked(client_for, sceaux, bourg):
    person = make_member(sceaux, email=EMAIL)
    elsewhere = make_member(bourg, account=person.account)
    client = client_for(sceaux)
    log_in(client, EMAIL)
    for path in ("/account/delete", "/account/leave"):
        page = client.get(path).text
        assert 'name="publications"' in page
        assert 'name="organisation_publications"' not in page and 'name="events"' not in page
        assert "Les garder" in page and "Les supprimer" in page and "Le supprimer" not in page
        assert "toujours gardé" in page  # a co-held project stays

    # In the other city they organised an event and published for an organisation: the
    # account's deletion asks about both, leaving this city still asks about neither.
    _an_event_and_an_organisation_publication(bourg, elsewhere)
    page = client.get("/account/delete").text
    assert 'name="organisation_publications"' in page and 'name="events"' in page
    page = client.get("/account/leave").text
    assert 'name="organisation_publications"' not in page and 'name="events"' not in page


def test_the_english_answers_are_plural_too(client_for, sceaux):
    make_member(sceaux, email=EMAIL)
    client = client_for(sceaux)
    log_in(client, EMAIL)
    page = client.get("/account/delete?lang=en").text
    assert "Keep them" in page and "Remove them" in page and "Remove it" not in page
    assert "always kept" in page
