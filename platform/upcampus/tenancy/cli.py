"""`upcampus tenants ...`: cities as code."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale, gettext
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.core.rules import RuleError
from upcampus.matching.index import recompute_city
from upcampus.search.operations import reindex_current_city
from upcampus.tenancy.archive import ArchiveError, export_city, import_city
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.manifest import SUPPORTED_LOCALES, ManifestError, flatten
from upcampus.tenancy.manifest_sync import write_city_manifest
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.operations import (
    ManifestBatchError,
    ManifestDriftsError,
    list_tenants,
    onboard,
    onboard_all,
)
from upcampus.tenancy.scaffold import write_city_folder

tenants_cli = AppGroup("tenants", help="Create, update and list city networks.")
LANG_OPTION = click.option("--lang", type=click.Choice(SUPPORTED_LOCALES), default="fr",
                           show_default=True, help="Language of the faults reported.")


def _refuse(errors: list[ManifestError], lang: str):
    with force_locale(lang):
        for exc in errors:
            click.echo(gettext("Refused: %(path)s", path=str(exc.path)), err=True)
            for name, message in flatten(exc.errors):
                click.echo(f"  {name}: {message}", err=True)
    raise SystemExit(1)


def _refuse_drifts(drifts, lang: str):
    with force_locale(lang):
        for drift in drifts:
            click.echo(gettext(
                "Refused: %(city)s was changed in the database since its last onboard, and "
                "its manifest changed too. What differs (database ≠ manifest):",
                city=drift.slug), err=True)
            for difference in drift.differences:
                click.echo(f"  {difference}", err=True)
        click.echo(gettext("Nothing was written. Export the city first (tenants export SLUG "
                           "--manifest) to keep the database's version, or pass --force to "
                           "apply the manifest."), err=True)
    raise SystemExit(1)


@tenants_cli.command("onboard")
@click.argument("folders", nargs=-1, type=click.Path(file_okay=False))
@click.option("--all", "all_", is_flag=True, help="Every folder under TENANTS_DIR.")
@click.option("--force", is_flag=True,
              help="Apply the manifest even over changes made in the database since the "
                   "last onboard.")
@LANG_OPTION
def onboard_command(folders, all_, force, lang):
    """Create or update cities from their manifest folders (tenants/<slug>)."""
    if not folders and not all_:
        raise click.UsageError("Name a folder such as tenants/sceaux, or pass --all.")
    try:
        if all_:
            reports = onboard_all(current_app.config["TENANTS_DIR"], locale=lang, force=force)
        else:
            reports = []
            for i, folder in enumerate(folders, 1):
                click.echo(f"[{i}/{len(folders)}] {folder}", err=True)
                reports.append(onboard(folder, locale=lang, force=force))
    except ManifestError as exc:
        _refuse([exc], lang)
    except ManifestBatchError as exc:
        _refuse(exc.errors, lang)
    except ManifestDriftsError as exc:
        _refuse_drifts(exc.drifts, lang)
    for report in reports:
        click.echo(report.summary)


@tenants_cli.command("new")
@click.argument("slug")
@click.option("--city", required=True, help="The town's name, e.g. Antony.")
@click.option("--name", help="The network's name; default: UP <city>.")
@LANG_OPTION
def new_command(slug, city, name, lang):
    """Write a fresh folder TENANTS_DIR/<slug>: manifest, placeholder logo, pages."""
    config = current_app.config
    with force_locale(lang):
        try:
            folder = write_city_folder(
                Path(config["TENANTS_DIR"]), slug, city=city, name=name,
                themes_dir=Path(config["THEMES_DIR"]), max_logo_bytes=config["MAX_LOGO_BYTES"])
        except RuleError as exc:
            raise click.ClickException(str(exc.message)) from None
        except ManifestError as exc:
            _refuse([exc], lang)
        click.echo(gettext("Written: %(folder)s. Edit it, then: upcampus tenants onboard "
                           "%(folder)s", folder=str(folder)))


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


@tenants_cli.command("citus")
def citus_command():
    """Print the Citus statements that spread the tables by city (docs/deploy.md), then
    the keys that must include tenant_id first, as comments."""
    from upcampus.tenancy.distribution import blockers, citus_statements

    click.echo("\n".join(citus_statements()))
    for blocker in blockers():
        click.echo(f"-- needs tenant_id: {blocker}")


@tenants_cli.command("export")
@click.argument("slug")
@click.option("--archive", "path", type=click.Path(dir_okay=False),
              help="Write the whole city to one archive file, e.g. sceaux.zip.")
@click.option("--manifest", "manifest", is_flag=True,
              help="Write the city's manifest folder <slug>/ (tenant.toml, logo, pages).")
@click.option("--to", "to", type=click.Path(file_okay=False),
              help="With --manifest: the folder to write into (default TENANTS_DIR).")
def export_command(slug, path, manifest, to):
    """Write one city out: its manifest folder (--manifest), or an archive with its
    content, memberships with their accounts and images (--archive FILE)."""
    if bool(path) == bool(manifest):
        raise click.UsageError("Pass either --manifest or --archive FILE.")
    if manifest:
        city = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        if city is None:
            raise click.ClickException(gettext("No city %(slug)s.", slug=slug))
        folder = write_city_manifest(city, Path(to or current_app.config["TENANTS_DIR"]))
        click.echo(gettext("Written: %(folder)s", folder=str(folder)))
        return
    if to:
        raise click.UsageError("--to goes with --manifest.")
    try:
        data = export_city(slug)
    except ArchiveError as exc:
        raise click.ClickException(str(exc.message)) from None
    Path(path).write_bytes(data)
    click.echo(gettext("Written: %(folder)s", folder=path))


@tenants_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path):
    """Restore a city from an archive written by `tenants export`, in one transaction."""
    try:
        slug = import_city(Path(path).read_bytes())
    except ArchiveError as exc:
        raise click.ClickException(str(exc.message)) from None
    city = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    with tenant_scope(city):
        count = reindex_current_city()
        recompute_city()  # the matching index, derived like search
    click.echo(gettext("Imported: %(slug)s (%(count)d search documents rebuilt).",
                       slug=slug, count=count))
