"""`upcampus opendata refresh`: rebuild the open-data files now (cron, scripts/dev)."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.opendata.operations import refresh_tenant
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.operations import active_tenants

opendata_cli = AppGroup("opendata", help="Open data: CSV and JSON files of each city.")


@opendata_cli.command("refresh")
@click.option("--city", "slug", help="The slug of one city.")
@click.option("--all", "every", is_flag=True, help="Every active city.")
def refresh_command(slug, every):
    """Build and store the open-data files of one city or of every active city."""
    if bool(slug) == every:
        raise click.UsageError("Give --city SLUG or --all.")
    if every:
        tenants = active_tenants()
    else:
        tenant = db.session.scalars(select(Tenant).where(Tenant.slug == slug)).first()
        if tenant is None:
            raise click.ClickException(f"No city {slug!r}.")
        if tenant.status != "active":
            raise click.ClickException(f"{slug} is {tenant.status}: only active cities "
                                       "publish open data.")
        tenants = [tenant]
    for i, (tenant_id, tenant_slug) in enumerate([(t.id, t.slug) for t in tenants], 1):
        counts = refresh_tenant(tenant_id)
        click.echo(f"[{i}/{len(tenants)}] {tenant_slug}: {counts['projects']} projects, "
                   f"{counts['organisations']} organisations")
