"""What every signed-in request costs the database: the account and its membership of the
city in one statement, and (PostgreSQL) the city told to the transaction once."""

import uuid

from sqlalchemy import event

from tests.conftest import BASE_DOMAIN, log_in
from tests.factories import make_member
from upcampus.core.db import db


def _statements(app, client, path):
    seen = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_the_account_and_its_membership_come_in_one_statement(app, client_for, sceaux,
                                                               bourg):
    lea = make_member(sceaux, email="lea@example.org", bio="Jardinière à Sceaux")
    make_member(bourg, account=lea.account, bio="Cycliste à Bourg")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    seen = _statements(app, client, "/notifications")
    accounts = [s for s in seen if s.startswith("SELECT accounts.")]
    assert len(accounts) == 1 and "JOIN memberships" in accounts[0]
    assert not [s for s in seen if s.startswith("SELECT memberships.")]
    # And it is Sceaux's membership, not the one she has in Bourg.
    page = client.get("/account").text
    assert "Jardinière à Sceaux" in page and "Cycliste à Bourg" not in page


def test_a_page_tells_postgresql_its_city_once(make_app, redis_url, sceaux, postgres_only):
    """With Redis (production), which tells each process its hosts are current: nothing is
    read before the city is known, and the request's transaction ends with it (without
    Redis the host check reads the hosts' generation first, under no city: twice)."""
    make_member(sceaux, email="lea@example.org")
    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=f"test-{uuid.uuid4().hex[:8]}")
    client = app.test_client()
    client.host = f"{sceaux.subdomain}.{BASE_DOMAIN}"
    log_in(client, "lea@example.org")
    try:
        seen = _statements(app, client, "/notifications")
        assert len([s for s in seen if "set_config('upcampus.tenant_id'" in s]) == 1
    finally:
        app.extensions["upcampus_page_cache"].clear()
