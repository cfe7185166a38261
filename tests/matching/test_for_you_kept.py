"""With Redis, the ranking of "Projects that need you" is kept until a write of the city
moves its generation (core/memo.py): a second view asks nothing of the index, and a
changed profile shows at once."""

import uuid

from sqlalchemy import event

from tests.conftest import BASE_DOMAIN, log_in, post_form
from tests.matching.helpers import accounting_city
from upcampus.core.db import db


def test_the_ranking_is_kept_until_the_city_writes(make_app, redis_url, sceaux, bourg):
    accounting_city(sceaux)  # indexed inline, by the suite's app without Redis
    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=f"test-{uuid.uuid4().hex[:8]}")
    accountant = app.test_client()
    accountant.host = f"{sceaux.subdomain}.{BASE_DOMAIN}"
    log_in(accountant, "ana@example.org")
    statements = []
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    try:
        assert "Le club des Blagis" in accountant.get("/account").text
        event.listen(engine, "before_cursor_execute", record)
        assert "Le club des Blagis" in accountant.get("/account").text
        ranking = [s for s in statements if "match_terms" in s and (
            "sum(match_terms.weight" in s or "count(*)" in s)]
        assert statements and not ranking  # kept: neither the scores nor the frequencies
        # Ana no longer says she keeps books: her profile is a row of the city.
        post_form(accountant, "/account/profile", {"bio": "", "visibility": "members",
                                                   "skills": [], "suggestable": "y"},
                  page="/account")
        assert "Le club des Blagis" not in accountant.get("/account").text
    finally:
        event.remove(engine, "before_cursor_execute", record)
        app.extensions["upcampus_page_cache"].clear()
