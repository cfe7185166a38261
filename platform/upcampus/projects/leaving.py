"""When the last person carrying a publication leaves the city (or deletes their account),
its open needs are withdrawn: the page stays, under "A former member", but nobody is left
to answer an offer of help (accounts/erasure.py runs this before the rows change)."""

from __future__ import annotations

from sqlalchemy import and_, exists, or_, select, update

from upcampus.accounts.erasure import hands_over_on_leaving
from upcampus.core.db import db
from upcampus.projects.models import Holder, Need, Publication
from upcampus.tenancy.context import tenant_scope


@hands_over_on_leaving
def withdraw_needs_nobody_answers(tenant_id: int, membership_ids: list[int]) -> list:
    with tenant_scope(tenant_id):
        someone_else = exists(select(Holder.id).where(
            Holder.publication_id == Publication.id,
            or_(Holder.organisation_id.is_not(None),
                and_(Holder.membership_id.is_not(None),
                     Holder.membership_id.not_in(membership_ids)))))
        left_alone = list(db.session.scalars(select(Publication.id).where(
            Publication.id.in_(select(Holder.publication_id).where(
                Holder.membership_id.in_(membership_ids))), ~someone_else)))
        if left_alone:
            db.session.execute(update(Need).where(
                Need.publication_id.in_(left_alone), Need.state == "open")
                .values(state="withdrawn").execution_options(synchronize_session=False))
            db.session.execute(update(Publication).where(Publication.id.in_(left_alone))
                               .values(open_needs_count=0)
                               .execution_options(synchronize_session=False))
    return []
