"""Issue 17, the third wall: a city row can only point at a row of its own city, whatever
SQL writes it, because every key between city tables includes tenant_id."""

from datetime import timedelta

import pytest
from sqlalchemy import UniqueConstraint, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import configure_mappers

from tests.factories import make_member
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.keys import row_links


def city_tables() -> set[str]:
    """Found from the tables themselves, not from the mixin keys.py relies on: a city
    table is one with a non-null tenant_id pointing at tenants."""
    return {t.name for t in db.metadata.tables.values()
            if "tenant_id" in t.c and not t.c.tenant_id.nullable
            and any(fk.column.table.name == "tenants" for fk in t.c.tenant_id.foreign_keys)}


def test_every_key_between_city_tables_is_composite(app_context):
    tables = city_tables()
    keys = [fk for t in tables for fk in db.metadata.tables[t].foreign_key_constraints
            if fk.referred_table.name in tables]
    assert len(keys) >= 70  # memberships, publications, events, organisations...
    for fk in keys:
        where = f"{fk.parent.name}.{fk.column_keys}"
        assert fk.column_keys[0] == "tenant_id" and len(fk.column_keys) == 2, where
        assert [e.column.name for e in fk.elements] == ["tenant_id", "id"], where
        assert any(isinstance(c, UniqueConstraint) and [x.name for x in c.columns] == [
            "tenant_id", "id"] for c in fk.referred_table.constraints), fk.referred_table.name
        # SET NULL would blank tenant_id too: it must name the reference alone.
        assert "SET NULL" not in (fk.ondelete or "") or \
            fk.ondelete == f"SET NULL ({fk.column_keys[1]})", where


def test_relationships_join_on_the_reference_and_never_write_tenant_id(app_context):
    configure_mappers()
    for mapper in db.Model.registry.mappers:
        for rel in mapper.relationships:
            for source, target in rel.synchronize_pairs:
                if target.name == "tenant_id":
                    assert source.table.name == "tenants", f"{mapper.class_.__name__}.{rel.key}"


@pytest.fixture
def raw(is_postgres, owner_engine, app):
    """A raw connection that no ORM scope watches: on PostgreSQL the owner role, with the
    across key so row-level security lets it see and write every city."""
    engine = owner_engine if is_postgres else db.engine
    with engine.connect() as connection:
        if is_postgres:
            connection.execute(text("SELECT set_config('upcampus.across', :key, false)"),
                               {"key": app.config["ACROSS_KEY"]})
        yield connection
        connection.rollback()


def _prefer(connection, tenant_id, membership_id, kind="comment"):
    connection.execute(text(
        "INSERT INTO notification_preferences (tenant_id, membership_id, kind, cadence) "
        "VALUES (:tenant, :member, :kind, 'daily')"),
        {"tenant": tenant_id, "member": membership_id, "kind": kind})


def test_raw_sql_cannot_point_a_row_at_another_city(two_cities, raw):
    sceaux, bourg = two_cities
    ours, theirs = make_member(sceaux), make_member(bourg)
    _prefer(raw, sceaux.id, ours.id)  # within the city: accepted
    raw.commit()
    with pytest.raises(IntegrityError, match="(?i)foreign key"), raw.begin_nested():
        _prefer(raw, sceaux.id, theirs.id, kind="event")
    with pytest.raises(IntegrityError, match="(?i)foreign key"), raw.begin_nested():
        raw.execute(text("UPDATE notification_preferences SET membership_id = :m"),
                    {"m": theirs.id})
    # Nor the row moving away alone, nor the row it points at.
    with pytest.raises(IntegrityError, match="(?i)foreign key"), raw.begin_nested():
        raw.execute(text("UPDATE notification_preferences SET tenant_id = :t"),
                    {"t": bourg.id})
    with pytest.raises(IntegrityError, match="(?i)foreign key"), raw.begin_nested():
        raw.execute(text("UPDATE memberships SET tenant_id = :t WHERE id = :m"),
                    {"t": bourg.id, "m": ours.id})
    assert raw.execute(text("SELECT tenant_id, membership_id FROM notification_preferences")
                       ).all() == [(sceaux.id, ours.id)]


def _event_by(city, author):
    with tenant_scope(city):
        event = Event(title="Apéro des voisins", slug="apero", starts_at=utcnow(),
                      ends_at=utcnow() + timedelta(hours=2), author_id=author.id)
        db.session.add(event)
        db.session.commit()
        return event.id


def test_a_deleted_author_leaves_the_event_in_its_city(two_cities, raw, is_postgres):
    sceaux, _bourg = two_cities
    author = make_member(sceaux)
    event_id = _event_by(sceaux, author)
    raw.execute(text("DELETE FROM memberships WHERE id = :m"), {"m": author.id})
    assert raw.execute(text("SELECT tenant_id, author_id FROM events WHERE id = :e"),
                       {"e": event_id}).one() == (sceaux.id, None)
    [key] = [k for k in inspect(raw).get_foreign_keys("events")
             if k["referred_table"] == "memberships"]
    if is_postgres:  # the wall, and only the reference blanked
        assert key["constrained_columns"] == ["tenant_id", "author_id"]
        assert key["options"]["ondelete"] == "SET NULL (author_id)"
    else:  # SQLite cannot blank one column of two: the single-column key it was
        assert key["constrained_columns"] == ["author_id"]
        assert key["options"]["ondelete"].upper() == "SET NULL"


def test_a_city_deleted_whole_takes_its_rows_and_leaves_the_other(two_cities, raw):
    sceaux, bourg = two_cities
    _event_by(sceaux, make_member(sceaux))
    _event_by(bourg, make_member(bourg))
    raw.execute(text("DELETE FROM tenants WHERE id = :t"), {"t": sceaux.id})
    raw.commit()
    assert raw.execute(text("SELECT tenant_id FROM events")).scalars().all() == [bourg.id]
    assert raw.execute(text("SELECT tenant_id FROM memberships")).scalars().all() == [bourg.id]


def test_code_that_follows_links_sees_tenant_id_point_at_the_city_only(app_context):
    # The archive and the personal data export follow keys column by column: the
    # tenant_id half of a composite key must not read as a link to a membership.
    comments = db.metadata.tables["comments"]
    assert [k.column.table.name for k in row_links(comments.c.tenant_id)] == ["tenants"]
    assert [k.column.table.name for k in row_links(comments.c.membership_id)] == [
        "memberships"]
    assert len(comments.c.tenant_id.foreign_keys) == 4  # tenants, and three composite keys
