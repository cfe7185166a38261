"""`upcampus matching refresh` (rebuild the index of one or every city) and `upcampus
matching evaluate FILE.json` (measure the suggestions against a labelled file)."""

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.matching.evaluation import EvaluationError, evaluate
from upcampus.matching.index import recompute_city
from upcampus.matching.tasks import digest_city_job
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant

matching_cli = AppGroup("matching", help="Matching needs with people and organisations.")


@matching_cli.command("refresh")
@click.option("--city", "slug", help="The slug of one city.")
@click.option("--all", "every", is_flag=True, help="Every city.")
def refresh_command(slug, every):
    """Rebuild the matching index of one city or of every city from their rows."""
    if bool(slug) == every:
        raise click.UsageError("Give --city SLUG or --all.")
    statement = select(Tenant.id, Tenant.slug).order_by(Tenant.slug)
    if slug:
        statement = statement.where(Tenant.slug == slug)
    tenants = db.session.execute(statement).all()
    if not tenants:
        raise click.ClickException(f"No city {slug!r}.")
    for i, (tenant_id, tenant_slug) in enumerate(tenants, 1):
        with tenant_scope(tenant_id):
            count = recompute_city()
        click.echo(f"[{i}/{len(tenants)}] {tenant_slug}: {count} terms")


@matching_cli.command("digest")
@click.option("--city", "slug", help="The slug of one city.")
@click.option("--all", "every", is_flag=True, help="Every active city.")
def digest_command(slug, every):
    """Email each member the new open needs that fit them (what the weekly job does;
    for cron when there is no Redis)."""
    if bool(slug) == every:
        raise click.UsageError("Give --city SLUG or --all.")
    statement = select(Tenant.id, Tenant.slug).where(Tenant.status == "active").order_by(
        Tenant.slug)
    if slug:
        statement = statement.where(Tenant.slug == slug)
    tenants = db.session.execute(statement).all()
    if not tenants:
        raise click.ClickException(f"No active city {slug!r}.")
    for i, (tenant_id, tenant_slug) in enumerate(tenants, 1):
        click.echo(f"[{i}/{len(tenants)}] {tenant_slug}: {digest_city_job(tenant_id)} emails")


@matching_cli.command("evaluate")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def evaluate_command(path: Path):
    """Load FILE.json into a throwaway city (a temporary database) and print
    precision@5, recall@10, mrr and the number of needs measured."""
    if not path.is_file():
        raise click.ClickException(f"{path}: no such file.")
    try:
        figures = evaluate(path)
    except EvaluationError as exc:
        raise click.ClickException(str(exc.message)) from None
    for name, value in figures.items():
        click.echo(f"{name}: {value}")
