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


def test_removing_my_publications_spares_those_a_co_holder_still_carries(sceaux):
    from upcampus.accounts.erasure import leave_city
    from upcampus.core.db import utcnow
    from upcampus.projects.models import Holder, Publication, PublicationImage
    from upcampus.tenancy.context import tenant_scope

    leaving = make_member(sceaux, email="leaving@example.org")
    staying = make_member(sceaux, email="staying@example.org")
    with tenant_scope(sceaux):
        shared = Publication(kind="project", title="Notre jardin", slug="jardin",
                             description="", status="published", stage="idea",
                             author_id=leaving.id, published_at=utcnow())
        shared.holders.extend([Holder(membership_id=leaving.id),
                               Holder(membership_id=staying.id)])
        alone = Publication(kind="project", title="Mon carnet", slug="carnet",
                            description="", status="published", stage="idea",
                            author_id=leaving.id, published_at=utcnow())
        alone.holders.append(Holder(membership_id=leaving.id))
        shared.images.append(PublicationImage(data=b"x", digest="d" * 64, alt="Staying's"))
        db.session.add_all([shared, alone])
        db.session.commit()
    assert leave_city(leaving.account_id, sceaux.id, {"publications": "remove"})
    with tenant_scope(sceaux):
        titles = db.session.scalars(select(Publication.title)).all()
        assert titles == ["Notre jardin"]  # theirs goes; the one Staying carries stays
        holders = db.session.scalars(select(Holder.membership_id).join(
            Publication, Publication.id == Holder.publication_id)).all()
        assert staying.id in holders
        assert db.session.scalars(select(PublicationImage.alt)).all() == ["Staying's"]
