"""Issue 8, the walls between cities for statements that write many rows: an UPDATE cannot
move a row through its parameters, an upsert cannot rewrite another city's row."""

import pytest
from sqlalchemy import update

from upcampus.core.db import db
from upcampus.pages.models import Page
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.scoping import TenantScopeError

from .test_repairs_walls import _pages_of, all_pages, page_row


def _page_ids(city):
    return [p.id for p in _pages_of(city)]


def test_an_update_cannot_move_a_row_through_its_parameters(two_cities):
    sceaux, bourg = two_cities
    mine = _page_ids(sceaux)[0]
    # A single parameter dict becomes the SET clause: the page would move to Bourg.
    with pytest.raises(TenantScopeError, match="never changes city"), tenant_scope(sceaux):
        db.session.execute(update(Page).where(Page.id == mine), {"tenant_id": bourg.id})
    db.session.rollback()
    with pytest.raises(TenantScopeError), tenant_scope(sceaux):
        db.session.execute(update(Page).where(Page.id == mine), [{"tenant_id": bourg.id}])
    db.session.rollback()
    assert mine in _page_ids(sceaux) and mine not in _page_ids(bourg)
    db.session.rollback()


def _dialect_insert(is_postgres):
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql if is_postgres else sqlite).insert


def test_an_upsert_cannot_rewrite_another_citys_row(two_cities, is_postgres):
    sceaux, bourg = two_cities
    secret = _page_ids(bourg)[0]
    upsert = _dialect_insert(is_postgres)(Page).values(**page_row(slug="up"), id=secret)
    upsert = upsert.on_conflict_do_update(index_elements=[Page.id],
                                          set_={"title": "hijacked"})
    with pytest.raises(TenantScopeError, match="ON CONFLICT"), tenant_scope(sceaux):
        db.session.execute(upsert)
    db.session.rollback()
    assert "hijacked" not in [t for _, t in all_pages()]
    assert ("SECRET-OF-BOURG" in [t for _, t in all_pages()])


def test_an_insert_that_does_nothing_on_conflict_is_allowed(two_cities, is_postgres):
    sceaux, bourg = two_cities
    secret = _page_ids(bourg)[0]
    insert_ = _dialect_insert(is_postgres)
    with tenant_scope(sceaux):
        db.session.execute(insert_(Page).values(**page_row(slug="nothing"), id=secret)
                           .on_conflict_do_nothing(index_elements=[Page.id]))
        db.session.execute(insert_(Page).values(**page_row(slug="fresh"))
                           .on_conflict_do_nothing())
        db.session.commit()
    pages = all_pages()
    assert (sceaux.id, "BULK-fresh") in pages  # stamped with the city in scope
    assert "BULK-nothing" not in [t for _, t in pages]
    assert (bourg.id, "SECRET-OF-BOURG") in pages
