"""The index follows every change: inline without Redis, through a real rq worker with it."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, log_in, post_form
from tests.matching.helpers import accounting_city, person, skill_id
from upcampus.core.db import db
from upcampus.matching.models import MatchTerm
from upcampus.matching.operations import suggestions
from upcampus.projects.models import Need
from upcampus.tenancy.context import tenant_scope


def suggested(city, need_id):
    with tenant_scope(city):
        db.session.expire_all()
        return [(m.kind, m.id) for m in suggestions(db.session.get(Need, need_id), limit=10)]


def test_a_closed_need_leaves_the_index_and_a_new_skill_enters_it(sceaux, bourg, client_for):
    ids = accounting_city(sceaux)
    newcomer = person(sceaux, "new@example.org", "Newcomer")
    assert ("member", newcomer) not in suggested(sceaux, ids["need"])
    client = client_for(sceaux)
    log_in(client, "new@example.org")
    post_form(client, "/account/profile", {"bio": "", "visibility": "members",
                                           "skills": [skill_id("accounting")],
                                           "suggestable": "y"}, page="/account")
    assert ("member", newcomer) in suggested(sceaux, ids["need"])
    holder = client_for(sceaux)
    log_in(holder, "holder@example.org")
    post_form(holder, f"/projects/{ids['pub_id']}/needs/{ids['need']}/state",
              {"state": "filled"}, page=ids["page"])
    with tenant_scope(sceaux):
        assert db.session.scalars(select(MatchTerm).where(
            MatchTerm.need_id == ids["need"])).all() == []
    assert suggested(sceaux, ids["need"]) == []


def test_a_real_rq_worker_refreshes_what_a_request_changed(make_app, sceaux, bourg, redis_url,
                                                           database_url):
    from redis import Redis

    ids = accounting_city(sceaux)
    newcomer = person(sceaux, "new@example.org", "Newcomer")
    queue_name = f"upcampus-matching-{os.getpid()}"
    app = make_app(REDIS_URL=redis_url, JOBS_QUEUE=queue_name)
    client = app.test_client()
    client.host = f"{sceaux.subdomain}.{BASE_DOMAIN}"
    log_in(client, "new@example.org")
    post_form(client, "/account/profile", {"bio": "", "visibility": "members",
                                           "skills": [skill_id("accounting")],
                                           "suggestable": "y"}, page="/account")
    assert ("member", newcomer) not in suggested(sceaux, ids["need"])  # waiting in Redis
    env = {**os.environ, "UPCAMPUS_ENV": "test", "UPCAMPUS_DATABASE_URL": database_url,
           "UPCAMPUS_REDIS_URL": redis_url, "UPCAMPUS_JOBS_QUEUE": queue_name,
           "UPCAMPUS_BASE_DOMAIN": BASE_DOMAIN, "UPCAMPUS_SECRET_KEY": app.config["SECRET_KEY"]}
    command = Path(sys.executable).with_name("upcampus")
    worker = subprocess.run(  # noqa: S603 - our own command, the venv's
        [str(command), "jobs", "worker", "--burst"], env=env, capture_output=True, text=True,
        timeout=120)
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert ("member", newcomer) in suggested(sceaux, ids["need"])
    Redis.from_url(redis_url).delete(f"rq:queue:{queue_name}")
