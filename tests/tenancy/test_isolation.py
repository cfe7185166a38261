"""Row-level isolation: the ORM session scopes every statement on a city's rows, stamps
inserts, refuses writes outside the scope; PostgreSQL policies are a second wall."""

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from upcampus.core.db import db
from upcampus.pages.models import Page
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.scoping import TenantOwned, TenantScopeError


def titles():
    return sorted(db.session.scalars(select(Page.title)))


def test_select_sees_only_the_current_city(two_cities):
    sceaux, bourg = two_cities
    with tenant_scope(sceaux):
        assert titles() == ["About UP Sceaux", "À propos d'UP Sceaux"]
        assert db.session.scalar(select(func.count()).select_from(Page)) == 2
    with tenant_scope(bourg):
        assert titles() == ["SECRET-OF-BOURG"]


def test_get_by_id_of_another_city_finds_nothing(two_cities):
    sceaux, bourg = two_cities
    with across_tenants():
        secret_id = db.session.scalars(select(Page.id).where(Page.tenant_id == bourg.id)).one()
    with tenant_scope(sceaux):
        assert db.session.get(Page, secret_id) is None
        assert db.session.scalars(select(Page).where(Page.id == secret_id)).first() is None


def test_rows_loaded_across_cities_are_forgotten_when_the_scope_narrows(two_cities):
    sceaux, bourg = two_cities
    with across_tenants():
        secret = db.session.scalars(select(Page).where(Page.tenant_id == bourg.id)).one()
        secret_id = secret.id
    with tenant_scope(sceaux):
        # The identity map would answer get() without SQL; the row must not be there.
        assert db.session.get(Page, secret_id) is None


def test_bulk_update_and_delete_touch_only_the_current_city(two_cities):
    sceaux, bourg = two_cities
    with tenant_scope(sceaux):
        db.session.execute(update(Page).values(title="changed"))
        db.session.execute(delete(Page).where(Page.locale == "fr"))
        db.session.commit()
    with tenant_scope(bourg):
        assert titles() == ["SECRET-OF-BOURG"]
    with tenant_scope(sceaux):
        assert titles() == ["changed"]


def test_insert_is_stamped_with_the_current_city(two_cities):
    sceaux, _ = two_cities
    with tenant_scope(sceaux):
        page = Page(slug="new", locale="fr", title="Nouvelle page")
        db.session.add(page)
        db.session.commit()
        assert page.tenant_id == sceaux.id


def test_insert_without_a_city_raises(two_cities):
    db.session.add(Page(slug="orphan", locale="fr", title="Orpheline"))
    with pytest.raises(TenantScopeError, match="no city in scope"):
        db.session.flush()


def test_insert_for_another_city_raises(two_cities):
    sceaux, bourg = two_cities
    with pytest.raises(TenantScopeError, match="another city"), tenant_scope(sceaux):
        db.session.add(Page(slug="x", locale="fr", title="x", tenant_id=bourg.id))
        db.session.flush()
    with tenant_scope(sceaux):
        assert "x" not in titles()  # nothing half-written survives the failed scope


def test_query_without_a_city_raises(two_cities):
    with pytest.raises(TenantScopeError, match="pages with no city in scope"):
        db.session.scalars(select(Page)).all()


@pytest.mark.parametrize("action", ["update", "delete"])
def test_writing_a_row_of_another_city_raises(two_cities, action):
    sceaux, bourg = two_cities
    with tenant_scope(sceaux):
        page = db.session.scalars(select(Page)).first()
    with pytest.raises(TenantScopeError, match="of another city written"), tenant_scope(bourg):
        db.session.add(page)  # a row kept from another scope, brought back in
        if action == "update":
            page.title = "hijacked"
        else:
            db.session.delete(page)
        db.session.flush()
    db.session.rollback()
    with tenant_scope(sceaux):
        assert "hijacked" not in titles() and len(titles()) == 2


def test_moving_a_row_to_another_city_raises(two_cities):
    sceaux, bourg = two_cities
    with pytest.raises(TenantScopeError, match="another city"), tenant_scope(sceaux):
        page = db.session.scalars(select(Page)).first()
        page.tenant_id = bourg.id  # moving a row between cities is never a city's act
        db.session.flush()


def test_raw_rows_of_another_city_cannot_reach_the_orm(two_cities, is_postgres):
    sceaux, bourg = two_cities
    with tenant_scope(sceaux):
        statement = select(Page).from_statement(
            text("SELECT * FROM pages WHERE tenant_id = :t").bindparams(t=bourg.id))
        if is_postgres:  # the policy already hides them
            assert db.session.scalars(statement).all() == []
        else:
            with pytest.raises(TenantScopeError, match="another city loaded"):
                db.session.scalars(statement).all()


def test_across_tenants_reads_every_city_and_needs_explicit_ids(two_cities):
    sceaux, bourg = two_cities
    with across_tenants():
        assert len(titles()) == 3
        db.session.add(Page(slug="national", locale="fr", title="Sans ville"))
        with pytest.raises(TenantScopeError, match="needs a tenant_id"):
            db.session.flush()
        db.session.rollback()
        db.session.add(Page(slug="national", locale="fr", title="Pour Bourg",
                            tenant_id=bourg.id))
        db.session.commit()
    with tenant_scope(bourg):
        assert "Pour Bourg" in titles()


def test_every_tenant_owned_table_has_an_indexed_non_null_tenant_id():
    owned = [m.class_ for m in db.Model.registry.mappers if issubclass(m.class_, TenantOwned)]
    assert owned, "no tenant-owned model found"
    for model in owned:
        column = model.__table__.c.tenant_id
        assert not column.nullable and column.index, model


# --- PostgreSQL: row-level security, the second wall -------------------------------

def test_policies_cover_every_tenant_owned_table(postgres_only):
    owned = {m.class_.__tablename__ for m in db.Model.registry.mappers
             if issubclass(m.class_, TenantOwned)}
    rows = db.session.execute(text(
        "SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity")).scalars()
    assert owned <= set(rows)
    role = db.session.execute(text(
        "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")).scalar()
    assert role is False, "the test role must be subject to row-level security"


def test_raw_sql_sees_only_the_current_city(two_cities, postgres_only):
    sceaux, bourg = two_cities
    with tenant_scope(sceaux):
        count = db.session.execute(text("SELECT count(*) FROM pages")).scalar()
        assert count == 2
        mine = db.session.execute(text("SELECT count(*) FROM pages WHERE tenant_id = :t"),
                                  {"t": bourg.id}).scalar()
        assert mine == 0
    db.session.commit()
    assert db.session.execute(text("SELECT count(*) FROM pages")).scalar() == 0


def test_raw_insert_for_another_city_is_refused_by_the_policy(two_cities, postgres_only):
    sceaux, bourg = two_cities
    with pytest.raises(DBAPIError, match="row-level security"), tenant_scope(sceaux):
        db.session.execute(text(
            "INSERT INTO pages (tenant_id, slug, locale, title, body, updated_at) "
            "VALUES (:t, 'x', 'fr', 'x', '', now())"), {"t": bourg.id})
    db.session.rollback()


def test_policies_keep_shared_rows_shared_and_local_rows_local(two_cities, postgres_only):
    from upcampus.taxonomy.models import Theme

    sceaux, bourg = two_cities
    with tenant_scope(bourg):
        db.session.add(Theme(code="local-bourg", label_fr="Fête de Bourg", label_en="x"))
        db.session.commit()
    with tenant_scope(sceaux):
        seen = db.session.execute(text(
            "SELECT count(*) FROM themes WHERE code = 'local-bourg'")).scalar()
        assert seen == 0  # another city's own entry: invisible even to raw SQL
        assert db.session.execute(text(
            "SELECT count(*) FROM themes WHERE code = 'ecology'")).scalar() == 1
    with pytest.raises(DBAPIError, match="row-level security"), tenant_scope(sceaux):
        db.session.execute(text("UPDATE themes SET label_fr = 'x' WHERE code = 'ecology'"))
    db.session.rollback()
    assert db.session.scalars(select(Theme.label_fr).where(Theme.code == "ecology")).one() == (
        "Écologie et environnement")
