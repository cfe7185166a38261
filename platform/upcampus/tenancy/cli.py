"""`upcampus tenants ...`: cities as code."""

import click
from flask import current_app
from flask.cli import AppGroup

from upcampus.tenancy.manifest import ManifestError, flatten
from upcampus.tenancy.operations import list_tenants, onboard, onboard_all

tenants_cli = AppGroup("tenants", help="Create, update and list city networks.")


@tenants_cli.command("onboard")
@click.argument("folders", nargs=-1, type=click.Path(file_okay=False))
@click.option("--all", "all_", is_flag=True, help="Every folder under TENANTS_DIR.")
def onboard_command(folders, all_):
    """Create or update cities from their manifest folders (tenants/<slug>)."""
    if not folders and not all_:
        raise click.UsageError("Name a folder such as tenants/sceaux, or pass --all.")
    try:
        if all_:
            reports = onboard_all(current_app.config["TENANTS_DIR"])
        else:
            reports = []
            for i, folder in enumerate(folders, 1):
                click.echo(f"[{i}/{len(folders)}] {folder}", err=True)
                reports.append(onboard(folder))
    except ManifestError as exc:
        click.echo(f"Refused: {exc.path}", err=True)
        for name, message in flatten(exc.errors):
            click.echo(f"  {name}: {message}", err=True)
        raise SystemExit(1) from None
    for report in reports:
        click.echo(report.summary)


@tenants_cli.command("list")
def list_command():
    """Show every city with its hosts and status."""
    base = current_app.config["BASE_DOMAIN"]
    rows = list_tenants()
    if not rows:
        click.echo("No city yet: upcampus tenants onboard tenants/<slug>")
    for tenant in rows:
        hosts = [f"{tenant.subdomain}.{base}"] + [d.host for d in tenant.domains]
        click.echo(f"{tenant.slug:<20} {tenant.status:<10} {tenant.name:<28} {' '.join(hosts)}")
