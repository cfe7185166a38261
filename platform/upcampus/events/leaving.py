"""Someone who leaves a city (or deletes their account) gives back their seats: the event
counts one seat fewer taken and the first person waiting is offered it, as if they had
cancelled (accounts/erasure.py deletes the registrations themselves)."""

from __future__ import annotations

from functools import partial

from sqlalchemy import select

from upcampus.accounts.erasure import hands_over_on_leaving
from upcampus.core.db import db, utcnow
from upcampus.core.jobs import enqueue
from upcampus.events import mail
from upcampus.events.models import HOLDING, Registration
from upcampus.events.registrations import locked_event, promote_next
from upcampus.tenancy.context import tenant_scope


@hands_over_on_leaving
def give_back_seats(tenant_id: int, membership_ids: list[int]) -> list:
    """In the erasure's transaction; returns the emails to send once it is committed."""
    now, promoted = utcnow(), []
    with tenant_scope(tenant_id):
        held = db.session.scalars(select(Registration).where(
            Registration.membership_id.in_(membership_ids),
            Registration.state.in_(HOLDING)).order_by(Registration.event_id)).all()
        for registration in held:  # in event order: two erasures lock events alike
            event = locked_event(registration.event_id)
            registration.state = "cancelled"
            event.seats_taken -= 1
            if (next_one := promote_next(event, now)) is not None:
                promoted.append(next_one.id)
        db.session.flush()
    return [partial(enqueue, mail.tell_promoted, tenant_id, registration_id)
            for registration_id in promoted]
