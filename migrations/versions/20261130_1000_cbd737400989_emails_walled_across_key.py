"""emails walled per city; reading across cities needs the across key

Revision ID: cbd737400989
Revises: 0ef27efaa73b
Create Date: 2026-11-30

The emails table gets the row-level security policy of city-or-national rows (a city's
own emails, or the national ones when no city is in scope). Every policy now opens
across cities only for a transaction holding ACROSS_KEY (see tenancy/rls.py), no longer
for anyone who sets `upcampus.across` to 'on'. PostgreSQL only.
"""

from alembic import op

from upcampus.tenancy.rls import enable_row_level_security, install_across_function, set_policy

revision = "cbd737400989"
down_revision = "0ef27efaa73b"
branch_labels = None
depends_on = None

SHARED = ("themes", "skills")


def _policy_tables() -> list[str]:
    return list(op.get_bind().exec_driver_sql(
        "SELECT tablename FROM pg_policies WHERE policyname = 'tenant_isolation' "
        "AND schemaname = current_schema() AND tablename <> 'emails' "
        "ORDER BY tablename").scalars())


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    install_across_function(op.get_bind())
    for table in _policy_tables():
        set_policy(table, "shared" if table in SHARED else "owned")
    enable_row_level_security("emails", national=True)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY IF EXISTS tenant_isolation ON emails")
    op.execute("ALTER TABLE emails NO FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE emails DISABLE ROW LEVEL SECURITY")
    for table in _policy_tables():
        set_policy(table, "shared" if table in SHARED else "owned", legacy=True)
    op.execute("DROP FUNCTION IF EXISTS upcampus_across()")
