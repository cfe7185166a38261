"""docs/deploy.md lists the Citus statements that spread the tables by city: the list is
generated from the models (`upcampus tenants citus`), and this test keeps it so."""

import re

from upcampus.core.db import db
from upcampus.core.settings import REPO_ROOT
from upcampus.tenancy.distribution import blockers, citus_statements
from upcampus.tenancy.scoping import TenantOwned, mixin_of


def documented() -> list[str]:
    text = (REPO_ROOT / "docs" / "deploy.md").read_text()
    block = re.search(r"<!-- citus statements: generated.*?-->\n```sql\n(.*?)```", text, re.S)
    return block.group(1).splitlines()


def test_the_documented_statements_are_the_generated_ones(app):
    assert documented() == citus_statements()


def test_every_city_table_is_distributed_by_tenant_and_every_other_is_a_reference(app):
    statements = citus_statements()
    owned = {m.local_table.name for m in db.Model.registry.mappers
             if mixin_of(m.class_) is TenantOwned}
    assert {"publications", "comments", "memberships"} <= owned
    for table in db.metadata.tables:
        if table in owned:
            assert f"SELECT create_distributed_table('{table}', 'tenant_id');" in statements
        else:
            assert f"SELECT create_reference_table('{table}');" in statements
    assert len(statements) == len(db.metadata.tables)
    first_distributed = next(i for i, s in enumerate(statements) if "distributed" in s)
    assert all("reference" in s for s in statements[:first_distributed])


def test_the_keys_citus_would_refuse_are_named(app):
    found = blockers()
    assert all("tenant_id" not in blocker for blocker in found)
    keys = {c.name for c in db.metadata.tables["publications"].primary_key.columns}
    assert ("publications: primary key (id)" in found) == ("tenant_id" not in keys)
    result = app.test_cli_runner().invoke(args=["tenants", "citus"])
    assert result.exit_code == 0, result.output
    assert "SELECT create_distributed_table('comments', 'tenant_id');" in result.output
    assert all(f"-- needs tenant_id: {blocker}" in result.output for blocker in found)
