"""`upcampus search reindex`: rebuild the search documents of every city."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.search.operations import reindex_current_city
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant

search_cli = AppGroup("search", help="The search index.")


@search_cli.command("reindex")
def reindex_command():
    """Rebuild the search documents of every city from their rows."""
    tenants = db.session.scalars(select(Tenant).order_by(Tenant.slug)).all()
    for i, tenant in enumerate(tenants, 1):
        with tenant_scope(tenant):
            count = reindex_current_city()
        click.echo(f"[{i}/{len(tenants)}] {tenant.slug}: {count} documents")
