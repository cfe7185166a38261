"""The third wall: a city row can only point at a row of its own city.

Models declare plain `ForeignKey("memberships.id")` columns. Once the mappers are
configured, every foreign key from a city-owned (TenantOwned) table to another becomes
`(tenant_id, x_id) REFERENCES x (tenant_id, id)`, and each referenced city table gets
`UNIQUE (tenant_id, id)`. Done after configuration so that relationships keep joining on
`x_id` alone: tenant_id is shared by many keys, and the ORM must never copy it from one
row to another nor blank it when a reference is cleared. A new table gets all this
without a line of its own; tests/tenancy/test_composite_keys.py fails if one escapes.

`ON DELETE SET NULL` becomes `SET NULL (x_id)` (PostgreSQL 15), which blanks the
reference and keeps tenant_id. SQLite cannot name the columns (it would blank tenant_id,
refused by NOT NULL), so there such a key stays the single-column `SET NULL` key it was.

The same layout is what a sharded PostgreSQL (Citus) asks of tables distributed by
tenant_id: every key between them includes the distribution column.
"""

from __future__ import annotations

import re

from sqlalchemy import ForeignKeyConstraint, UniqueConstraint, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapper
from sqlalchemy.schema import conv

from upcampus.tenancy.scoping import TenantOwned

_COLUMN_LIST = re.compile(r"^\s*(SET NULL|SET DEFAULT)\s*\(.*\)\s*$", re.I)


def city_tables(metadata) -> set[str]:
    """Names of the TenantOwned tables of this metadata."""
    from upcampus.core.db import db

    return {m.local_table.name for m in db.Model.registry.mappers
            if issubclass(m.class_, TenantOwned) and m.local_table.metadata is metadata}


def unique_name(table: str) -> str:
    return f"uq_{table}_tenant_id_id"


def key_name(table: str, column: str, referred: str) -> str:
    # The name the single-column key had (naming convention): migrations keep it.
    return f"fk_{table}_{column}_{referred}"


def city_foreign_keys(metadata) -> list[ForeignKeyConstraint]:
    """Foreign keys between two city tables (composite ones once rewritten)."""
    tables = city_tables(metadata)
    return [fk for name in sorted(tables) for fk in metadata.tables[name].foreign_key_constraints
            if fk.referred_table.name in tables]


def row_links(column) -> list:
    """The keys by which a column names a row (tenants.id, memberships.id...), leaving out
    the tenant_id half of composite keys: a city table's tenant_id is part of many."""
    return [key for key in column.foreign_keys if key.column.primary_key]


def make_city_keys_composite(metadata) -> None:
    """Rewrite the single-column keys between city tables (idempotent)."""
    tables = city_tables(metadata)
    for name in sorted(tables):
        table = metadata.tables[name]
        for fk in list(table.foreign_key_constraints):
            referred = fk.referred_table
            if referred.name not in tables or len(fk.elements) != 1:
                continue
            _require_unique_tenant_id(referred)
            column = fk.elements[0].parent
            ondelete = fk.ondelete
            if ondelete and ondelete.upper() == "SET NULL":
                ondelete = f"SET NULL ({column.name})"
            _detach(table, fk)
            table.append_constraint(ForeignKeyConstraint(
                [table.c.tenant_id, column], [referred.c.tenant_id, referred.c.id],
                name=conv(key_name(name, column.name, referred.name)), ondelete=ondelete,
                onupdate=fk.onupdate))


def _require_unique_tenant_id(table) -> None:
    if not any(isinstance(c, UniqueConstraint) and c.name == unique_name(table.name)
               for c in table.constraints):
        table.append_constraint(UniqueConstraint(table.c.tenant_id, table.c.id,
                                                 name=conv(unique_name(table.name))))


def _detach(table, fk: ForeignKeyConstraint) -> None:
    # SQLAlchemy has no public way to drop a constraint from a Table.
    table.constraints.discard(fk)
    for element in fk.elements:
        element.parent.foreign_keys.discard(element)
        table.foreign_keys.discard(element)


@event.listens_for(Mapper, "after_configured")
def _after_mappers_configured() -> None:
    from upcampus.core.db import db

    make_city_keys_composite(db.metadata)


def names_columns(ondelete: str | None) -> bool:
    """`SET NULL (col)`: an action only PostgreSQL 15+ can limit to some columns."""
    return bool(ondelete and _COLUMN_LIST.match(ondelete))


def same_but_set_null_columns(model: ForeignKeyConstraint, found: ForeignKeyConstraint) -> bool:
    """A model key with `SET NULL (col)` and what SQLite holds of it: the single-column
    key `(col) REFERENCES x (id) ON DELETE SET NULL`, alike otherwise."""
    if not names_columns(model.ondelete) or model.name != found.name:
        return False
    if model.referred_table.name != found.referred_table.name:
        return False
    own = [key for key in model.column_keys if key != "tenant_id"]
    return list(found.column_keys) == own and (found.ondelete or "").upper() == "SET NULL"


@compiles(ForeignKeyConstraint, "sqlite")
def _sqlite_foreign_key(constraint, compiler, **kw):
    """SQLite cannot blank only some columns of a key: a `SET NULL (col)` city key is
    written there as the single-column key it was, so that deleting a member still named
    (an event's author...) blanks the name as on PostgreSQL. SQLite is the development
    database; the third wall stands on PostgreSQL."""
    if not names_columns(constraint.ondelete):
        return compiler.visit_foreign_key_constraint(constraint, **kw)
    preparer = compiler.preparer
    (column,) = [element.parent for element in constraint.elements
                 if element.parent.name != "tenant_id"]
    (target,) = [element.column for element in constraint.elements
                 if element.parent.name != "tenant_id"]
    name = ""
    if constraint.name is not None:
        formatted = preparer.format_constraint(constraint)
        if formatted:
            name = f"CONSTRAINT {formatted} "
    return (f"{name}FOREIGN KEY({preparer.quote(column.name)}) REFERENCES "
            f"{preparer.format_table(target.table)} ({preparer.quote(target.name)}) "
            "ON DELETE SET NULL")
