"""Second read: the admin's wording saved by a double click (two requests at once, no
row yet) is one row and two answers, never a 500."""

from sqlalchemy import select

from tests.conftest import csrf_from, log_in
from tests.factories import make_member
from tests.threads import all_at_once
from upcampus.core.db import db
from upcampus.pages.models import LegalText
from upcampus.tenancy.context import tenant_scope

PAGE = "/pages/confidentialite/wording/fr"


def test_saving_the_wording_twice_at_once_keeps_one_row(client_for, sceaux):
    make_member(sceaux, "admin", email="admin@sceaux.example.org")
    clients = [client_for(sceaux) for _ in range(4)]
    for client in clients:
        log_in(client, "admin@sceaux.example.org")
    tokens = [csrf_from(client.get(PAGE).text) for client in clients]
    statuses = all_at_once([lambda c=client, t=token: c.post(PAGE, data={
        "csrf_token": t, "body": "Nos mots"}).status_code
        for client, token in zip(clients, tokens, strict=True)])
    assert statuses == [302] * 4
    with tenant_scope(sceaux):
        assert db.session.scalars(select(LegalText.body)).all() == ["Nos mots"]
