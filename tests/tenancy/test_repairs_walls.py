"""Issue 8, the walls between cities: the session forgets every other city's rows, bulk
statements are checked by the ORM itself, a scope never outlives its request, jobs keep
to their own context, emails have both walls, and production refuses a weak setup."""

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from tests.conftest import BASE_DOMAIN
from upcampus.core.db import db
from upcampus.pages.models import Page
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import (
    NO_SCOPE,
    Scope,
    across_tenants,
    current_scope,
    enter_scope,
    leave_scope,
    tenant_scope,
)
from upcampus.tenancy.scoping import TenantScopeError


def all_pages():
    with across_tenants():
        rows = [(p.tenant_id, p.title) for p in db.session.scalars(select(Page))]
    db.session.rollback()
    return rows


# --- 1. SharedOrLocal rows leave the session with their scope ---------------------------

def test_a_city_local_theme_is_forgotten_when_the_scope_changes(two_cities):
    sceaux, bourg = two_cities
    with tenant_scope(bourg):
        local = Theme(code="fete-de-bourg", label_fr="Fête de Bourg", label_en="Bourg fair")
        db.session.add(local)
        db.session.flush()
        local_id = local.id
        assert db.session.get(Theme, local_id) is local
    with tenant_scope(sceaux):
        # The identity map would answer without SQL; Bourg's entry must not be there.
        assert db.session.get(Theme, local_id) is None
        assert db.session.scalar(select(Theme).where(Theme.code == "fete-de-bourg")) is None
    with tenant_scope(bourg):
        assert db.session.get(Theme, local_id).code == "fete-de-bourg"


def test_shared_themes_stay_visible_after_a_scope_change(two_cities):
    sceaux, bourg = two_cities
    with tenant_scope(bourg):
        shared = db.session.scalar(select(Theme).where(Theme.code == "ecology"))
    with tenant_scope(sceaux):
        assert db.session.get(Theme, shared.id).code == "ecology"


# --- 2. bulk statements are scoped by the ORM itself (SQLite's only wall) ---------------

def page_row(tenant_id=None, slug="bulk"):
    row = {"slug": slug, "locale": "fr", "title": f"BULK-{slug}", "body": ""}
    if tenant_id is not None:
        row["tenant_id"] = tenant_id
    return row


def test_bulk_insert_naming_another_city_is_refused(two_cities):
    sceaux, bourg = two_cities
    with pytest.raises(TenantScopeError, match="another city"), tenant_scope(sceaux):
        db.session.execute(insert(Page), [page_row(bourg.id)])
    db.session.rollback()
    assert not [t for t in all_pages() if t[1].startswith("BULK")]


def test_insert_values_naming_another_city_is_refused(two_cities):
    sceaux, bourg = two_cities
    with pytest.raises(TenantScopeError, match="another city"), tenant_scope(sceaux):
        db.session.execute(insert(Page).values(**page_row(bourg.id)))
    db.session.rollback()
    with pytest.raises(TenantScopeError, match="another city"), tenant_scope(sceaux):
        db.session.execute(insert(Page).values([page_row(sceaux.id, "a"),
                                                page_row(bourg.id, "b")]))
    db.session.rollback()
    assert not [t for t in all_pages() if t[1].startswith("BULK")]


def test_bulk_insert_without_a_city_is_stamped_with_the_current_one(two_cities):
    sceaux, _ = two_cities
    with tenant_scope(sceaux):
        db.session.execute(insert(Page), [page_row(slug="one"), page_row(slug="two")])
        db.session.execute(insert(Page).values(**page_row(slug="three")))
        db.session.commit()
    assert sorted(t for t in all_pages() if t[1].startswith("BULK")) == [
        (sceaux.id, "BULK-one"), (sceaux.id, "BULK-three"), (sceaux.id, "BULK-two")]


def test_bulk_insert_with_no_city_in_scope_is_refused(two_cities):
    with pytest.raises(TenantScopeError):
        db.session.execute(insert(Page), [page_row()])
    db.session.rollback()


def test_bulk_update_by_primary_key_is_refused_in_a_city(two_cities):
    sceaux, bourg = two_cities
    secret_id = next(i for i, t in ((p.id, p.title) for p in _pages_of(bourg)))
    with pytest.raises(TenantScopeError, match="by primary key"), tenant_scope(sceaux):
        db.session.execute(update(Page), [{"id": secret_id, "title": "hijacked"}])
    db.session.rollback()
    assert "hijacked" not in [t for _, t in all_pages()]


def test_update_cannot_move_rows_to_another_city(two_cities):
    sceaux, bourg = two_cities
    with pytest.raises(TenantScopeError, match="never changes city"), tenant_scope(sceaux):
        db.session.execute(update(Page).values(tenant_id=bourg.id))
    db.session.rollback()
    assert sorted(tid for tid, _ in all_pages()).count(bourg.id) == 1


def test_core_statements_on_a_city_table_are_refused_outside_across(two_cities):
    sceaux, bourg = two_cities
    with pytest.raises(TenantScopeError, match="Core INSERT"), tenant_scope(sceaux):
        db.session.execute(insert(Page.__table__).values(**page_row(bourg.id)))
    db.session.rollback()
    with pytest.raises(TenantScopeError, match="Core UPDATE"), tenant_scope(sceaux):
        db.session.execute(update(Page.__table__).values(title="hijacked"))
    db.session.rollback()
    assert "hijacked" not in [t for _, t in all_pages()]


def test_bulk_save_objects_is_checked(two_cities):
    sceaux, bourg = two_cities
    with pytest.raises(TenantScopeError, match="another city"), tenant_scope(sceaux):
        db.session.bulk_save_objects([Page(**page_row(bourg.id))])
    db.session.rollback()
    with pytest.raises(TenantScopeError, match="another city"), tenant_scope(sceaux):
        db.session.bulk_insert_mappings(Page, [page_row(bourg.id)])
    db.session.rollback()
    secret = _pages_of(bourg)[0]
    with pytest.raises(TenantScopeError, match="bulk update"), tenant_scope(sceaux):
        db.session.bulk_update_mappings(Page, [{"id": secret.id, "title": "hijacked"}])
    db.session.rollback()
    with tenant_scope(sceaux):
        db.session.bulk_save_objects([Page(**page_row(slug="mine"))])
        db.session.commit()
    assert (sceaux.id, "BULK-mine") in all_pages()
    assert "hijacked" not in [t for _, t in all_pages()]
    assert not [t for t in all_pages() if t[0] == bourg.id and t[1].startswith("BULK")]


def test_across_tenants_may_still_bulk_insert_for_a_named_city(two_cities):
    _, bourg = two_cities
    with across_tenants():
        db.session.execute(insert(Page), [page_row(bourg.id, "national")])
        db.session.commit()
    assert (bourg.id, "BULK-national") in all_pages()


def _pages_of(city):
    with across_tenants():
        pages = list(db.session.scalars(select(Page).where(Page.tenant_id == city.id)))
    return pages


# --- 3. a scope never outlives its request ------------------------------------------------

def test_a_scope_is_left_even_when_its_flush_fails(two_cities):
    sceaux, _ = two_cities
    token = enter_scope(Scope(tenant_id=sceaux.id))
    db.session.add(Page(slug="a-propos", locale="fr", title="Doublon"))  # unique clash
    with pytest.raises(IntegrityError):
        leave_scope(token)
    assert current_scope() == NO_SCOPE
    db.session.rollback()


def plain_client(app, host):
    """Requests served in the test's own context, as a worker thread serves one after
    another (HostClient gives each its own)."""
    client = FlaskClient(app, app.response_class, use_cookies=True)
    return lambda path: FlaskClient.open(client, path, base_url=f"http://{host}")


@pytest.fixture
def failing_app(make_app):
    app = make_app()

    @app.route("/_test/fail")
    def fail():
        with across_tenants():
            bourg_id = db.session.scalar(select(Page.tenant_id).where(
                Page.slug == "secret-de-bourg"))
        # A pending row of another city: flushing it at teardown raises.
        db.session.add(Page(slug="leak", locale="fr", title="leak", tenant_id=bourg_id))
        raise RuntimeError("the view failed")

    seen = []

    @app.route("/_test/scope")
    def scope():
        return str(current_scope().tenant_id)

    @app.before_request
    def record():
        seen.append(current_scope())

    app.seen_scopes = seen
    return app


def test_a_failed_request_is_not_flushed_and_leaves_no_scope(failing_app, two_cities):
    sceaux, _ = two_cities
    get = plain_client(failing_app, f"sceaux.{BASE_DOMAIN}")
    assert get("/_test/fail").status_code == 500
    assert current_scope() == NO_SCOPE  # this thread's next request starts clean
    assert "leak" not in [t for _, t in all_pages()]


def test_every_request_starts_with_no_city(failing_app, two_cities):
    sceaux, bourg = two_cities
    token = enter_scope(Scope(tenant_id=bourg.id))  # as if a request left it behind
    try:
        get = plain_client(failing_app, f"unknown.{BASE_DOMAIN}")
        assert get("/healthz").status_code == 200
        assert failing_app.seen_scopes[-1] == NO_SCOPE
        national = plain_client(failing_app, BASE_DOMAIN)
        assert national("/_test/scope").text == "None"
    finally:
        if current_scope() != NO_SCOPE:
            leave_scope(token)


# --- 4. a job run inline keeps to a context of its own ---------------------------------

seen_by_job = {}


def job_counting_pages(tenant_id: int) -> None:
    """A job: what it sees on entering, and then in the scope of the city it names."""
    seen_by_job["scope"] = current_scope()
    seen_by_job["city"] = g.get("city")
    seen_by_job["session"] = db.session()
    with tenant_scope(tenant_id):
        seen_by_job["pages"] = db.session.scalar(select(func.count()).select_from(Page))


def test_a_job_run_inline_leaves_the_callers_city_alone(app, two_cities):
    """Without Redis a job runs at once, inside the request that enqueued it: it still
    starts as in a worker (no city, its own g and session), and the caller goes on."""
    from upcampus.core.jobs import enqueue
    from upcampus.tenancy.resolver import CityInfo

    sceaux, bourg = two_cities
    caller_city = CityInfo.from_row(sceaux)
    assert not app.config["REDIS_URL"]
    with app.test_request_context("/", base_url=f"http://sceaux.{BASE_DOMAIN}"):
        g.city = caller_city
        token = enter_scope(Scope(tenant_id=sceaux.id))
        caller_session = db.session()
        loaded = db.session.scalars(select(Page)).all()
        enqueue(f"{__name__}.job_counting_pages", bourg.id)
        assert seen_by_job["scope"] == NO_SCOPE and seen_by_job["city"] is None
        assert seen_by_job["session"] is not caller_session
        assert seen_by_job["pages"] == 1
        assert g.city is caller_city
        assert current_scope().tenant_id == sceaux.id
        assert all(page in db.session for page in loaded)  # nothing was expunged
        assert db.session.scalar(select(func.count()).select_from(Page)) == 2
        leave_scope(token)


# --- 5. emails: walled per city by the ORM and by PostgreSQL -----------------------------

@pytest.fixture
def emails(two_cities):
    from upcampus.notifications.models import Email

    sceaux, bourg = two_cities
    ids = {}
    with across_tenants():
        for key, tenant_id in (("sceaux", sceaux.id), ("bourg", bourg.id), ("national", None)):
            email = Email(tenant_id=tenant_id, to_address=f"{key}@example.org",
                          subject=f"Reset {key}", body_text=f"secret link of {key}")
            db.session.add(email)
            db.session.flush()
            ids[key] = email.id
        db.session.commit()
    return ids


def addresses(statement=None):
    from upcampus.notifications.models import Email

    return sorted(db.session.scalars(statement if statement is not None
                                     else select(Email.to_address)))


def test_a_city_reads_only_its_own_emails_through_the_orm(two_cities, emails):
    from upcampus.notifications.models import Email

    sceaux, bourg = two_cities
    with tenant_scope(sceaux):
        assert addresses() == ["sceaux@example.org"]
        assert db.session.get(Email, emails["bourg"]) is None
        assert db.session.get(Email, emails["national"]) is None
    with tenant_scope(bourg):
        assert addresses() == ["bourg@example.org"]
    assert addresses() == ["national@example.org"]  # national code: national emails only
    with across_tenants():
        assert len(addresses()) == 3


def test_a_city_cannot_write_another_citys_email(two_cities, emails):
    from upcampus.notifications.models import Email

    sceaux, bourg = two_cities
    with pytest.raises(TenantScopeError), tenant_scope(sceaux):
        db.session.add(Email(tenant_id=bourg.id, to_address="x@example.org", subject="x",
                             body_text="x"))
        db.session.flush()
    db.session.rollback()
    with tenant_scope(sceaux):
        email = Email(to_address="mine@example.org", subject="x", body_text="x")
        db.session.add(email)
        db.session.commit()
        assert email.tenant_id == sceaux.id  # stamped with the city in scope


def test_the_delivery_job_finds_city_and_national_emails(two_cities, emails):
    from upcampus.notifications.models import Email
    from upcampus.notifications.operations import deliver_email, requeue_undelivered

    sceaux, _ = two_cities
    deliver_email(emails["sceaux"], sceaux.id)  # as a worker runs it: no city in scope
    deliver_email(emails["national"], None)
    assert requeue_undelivered(older_than_minutes=0) == 1  # Bourg's, found across cities
    with across_tenants():
        assert {e.status for e in db.session.scalars(select(Email))} == {"kept"}
    db.session.rollback()


def test_raw_sql_reads_only_this_citys_emails(two_cities, emails, postgres_only):
    sceaux, bourg = two_cities
    with tenant_scope(sceaux):
        rows = db.session.execute(text("SELECT to_address FROM emails")).scalars().all()
        assert rows == ["sceaux@example.org"]
    with pytest.raises(DBAPIError, match="row-level security"), tenant_scope(sceaux):
        db.session.execute(text(
            "INSERT INTO emails (tenant_id, to_address, subject, body_text, status, "
            "attempts, created_at) VALUES (:t, 'x', 'x', 'x', 'queued', 0, now())"),
            {"t": bourg.id})
    db.session.rollback()
    assert db.session.execute(text("SELECT to_address FROM emails")).scalars().all() == [
        "national@example.org"]
    db.session.rollback()


# --- 7. (second review) statement shapes that went past the ORM wall ---------------------
