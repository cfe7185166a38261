"""How the tables would spread on a sharded PostgreSQL (Citus), read from the models so
docs/deploy.md stays true (tests/tenancy/test_distribution.py compares them):

- a city's own tables (TenantOwned: tenant_id never NULL) are distributed by tenant_id,
  so a city's rows live together on one node and a city's page is answered by one node;
- every other table (national rows, and tables whose tenant_id may be NULL for a
  national row — Citus refuses NULL in a distribution column) is a reference table,
  copied to every node so that joins with it stay local.

Citus also requires every primary key and unique constraint of a distributed table to
include its distribution column: `blockers()` names those that do not yet.
"""

from __future__ import annotations

from sqlalchemy import PrimaryKeyConstraint, Table, UniqueConstraint

from upcampus.tenancy.scoping import TenantOwned, mixin_of


def _tables() -> tuple[list[Table], list[Table]]:
    """(distributed, reference) tables, each in dependency order."""
    from upcampus.core.db import db

    owned = {m.local_table.name for m in db.Model.registry.mappers
             if mixin_of(m.class_) is TenantOwned}
    tables = db.metadata.sorted_tables
    return ([t for t in tables if t.name in owned],
            [t for t in tables if t.name not in owned])


def citus_statements() -> list[str]:
    """The statements, reference tables first (distributed tables point at them)."""
    distributed, reference = _tables()
    return ([f"SELECT create_reference_table('{t.name}');" for t in reference]
            + [f"SELECT create_distributed_table('{t.name}', 'tenant_id');"
               for t in distributed])


def blockers() -> list[str]:
    """Primary keys and unique constraints of distributed tables without tenant_id."""
    found = []
    for table in _tables()[0]:
        for constraint in table.constraints:
            if isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint):
                names = [c.name for c in constraint.columns]
                if "tenant_id" not in names:
                    kind = "primary key" if isinstance(constraint, PrimaryKeyConstraint) \
                        else "unique"
                    found.append(f"{table.name}: {kind} ({', '.join(names)})")
        for index in table.indexes:
            if index.unique and "tenant_id" not in [c.name for c in index.columns]:
                found.append(f"{table.name}: unique index {index.name}")
    return found
