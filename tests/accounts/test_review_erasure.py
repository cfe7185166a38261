"""Second read: deleting an account scrubs the person's own name and address, not the
words of other cities' records that happen to match a name anyone may choose."""

from sqlalchemy import select

from tests.factories import make_account, make_member
from upcampus.accounts.erasure import delete_account
from upcampus.console.models import AuditEntry
from upcampus.core.db import db


def test_a_chosen_display_name_does_not_rewrite_other_cities_audit_log(sceaux, bourg):
    admin = make_account("platform@example.org", is_platform_admin=True)
    db.session.add(AuditEntry(actor_id=admin.id, actor_email=admin.email,
                              action="city.status", city_id=bourg.id,
                              city_slug=bourg.slug, subject="bourg-la-reine",
                              before={"status": "active"}, after={"status": "suspended"}))
    db.session.commit()
    # A member of Sceaux only names themselves after the admin's address, then leaves.
    vandal = make_account("vandal@example.org", name="platform@example.org")
    make_member(sceaux, account=vandal)
    assert delete_account(vandal.id)
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.actor_email == "platform@example.org"
    assert entry.subject == "bourg-la-reine"
