"""On the demo, matching shows what it is for: a resident of UP Sceaux sees a project that
needs them, and its holders see that resident suggested with a reason."""

from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db
from upcampus.demo.operations import demo_loaders
from upcampus.matching.operations import needs_for, suggestions
from upcampus.tenancy.context import tenant_scope

from ..conftest import log_in


def test_a_demo_resident_sees_needs_that_fit_and_is_suggested_for_them(two_cities,
                                                                        client_for):
    sceaux, _bourg = two_cities
    for city in two_cities:
        with tenant_scope(city):
            for _name, load in demo_loaders():
                load(city)
    with tenant_scope(sceaux):
        fitting = {}
        for email in ("ines.moreau@sceaux.example", "lea.karim@sceaux.example"):
            member = db.session.scalar(select(Membership).join(Account).where(
                Account.email == email))
            found = needs_for(membership=member, limit=5)
            assert found, email
            fitting[email] = found[0].subject
            assert member.id in {m.id for m in suggestions(found[0].subject)
                                 if m.kind == "member"}, email
        assert fitting["ines.moreau@sceaux.example"].skill.code == "translation"
        assert fitting["lea.karim@sceaux.example"].skill.code == "plant-based-cooking"
    client = client_for(sceaux)
    log_in(client, "ines.moreau@sceaux.example", "upcampus-demo")
    home = client.get("/").text
    section = home[home.index("Des projets ont besoin de vous"):]
    assert "Traduire notre affiche" in section
    assert "« anglais »" in section and "« anglai »" not in section  # as typed, not a stem
