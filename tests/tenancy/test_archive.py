"""Moving a city (issue 11): `tenants export SLUG --archive FILE` and `tenants import FILE`.
A city exported, removed and imported again comes back identical, row for row and column for
column (ids aside); the other city is not touched; a changed, foreign or newer archive and a
taken slug are refused with nothing written."""

import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from tests.accounts.test_profiles_directory import png
from tests.factories import make_member
from upcampus.accounts.models import Account
from upcampus.accounts.operations import set_avatar
from upcampus.core.db import db
from upcampus.demo.operations import load_demo_content
from upcampus.projects.conversation import add_comment
from upcampus.projects.models import Publication
from upcampus.projects.operations import add_image
from upcampus.tenancy.archive import (
    NATIONAL_KEYS,
    ArchiveError,
    export_city,
    import_city,
    read_archive,
)
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.keys import row_links
from upcampus.tenancy.models import Tenant


def comparable(data: bytes) -> dict:
    """The archive's rows with every id replaced by what it stands for: its rank in its
    table, an account's email, a shared theme's or skill's code."""
    _about, files = read_archive(data)
    ranks = {name: {row["id"]: i for i, row in enumerate(sorted(rows, key=lambda r: r["id"]))}
             for name, rows in files.items() if isinstance(rows, list) and rows
             and isinstance(rows[0], dict) and "id" in rows[0]}
    ranks["accounts"] = {row["id"]: row["email"] for row in files["accounts"]}
    for name in NATIONAL_KEYS:
        shared = {int(k): v for k, v in files[f"codes/{name}"].items()}
        ranks[name] = {**shared, **ranks.get(name, {})}
    out = {}
    for name, rows in files.items():
        if name.startswith(("codes/", "national/")):
            continue
        table = db.metadata.tables[name]
        links = {c.name: row_links(c)[0].column.table.name for c in table.c if row_links(c)}
        out[name] = sorted(
            json.dumps({key: (ranks[links[key]].get(value) if key in links and value
                               is not None else ranks[name][value] if key == "id" else value)
                         for key, value in row.items()}, sort_keys=True) for row in rows)
    return out


@pytest.fixture
def rich_sceaux(sceaux, bourg):
    load_demo_content()  # the seed's stories: members, organisations, projects, needs...
    with tenant_scope(sceaux):
        publication = db.session.scalars(select(Publication).order_by(Publication.id)).first()
        holder = publication.holders[0].membership
        add_image(publication, holder, png(), "image/png")
        set_avatar(holder.account, png(64, 64))
        first = add_comment(publication, holder, "Une question")
        add_comment(publication, holder, "Une réponse", parent_id=first.id)
    return sceaux


def test_a_city_comes_back_identical_and_the_other_is_untouched(rich_sceaux, bourg, app):
    only_here = make_member(rich_sceaux, email="only.sceaux@example.org").account_id
    archive = export_city("sceaux")
    before, bourg_before = comparable(archive), comparable(export_city("bourg-la-reine"))
    assert len(before["publications"]) > 3 and before["publication_images"]
    with across_tenants():
        db.session.delete(db.session.get(Tenant, rich_sceaux.id))
        db.session.delete(db.session.get(Account, only_here))  # created again on import
        db.session.commit()
    assert import_city(archive) == "sceaux"
    assert comparable(export_city("sceaux")) == before
    assert comparable(export_city("bourg-la-reine")) == bourg_before
    assert db.session.scalar(select(Account.email_verified_at).where(
        Account.email == "only.sceaux@example.org")) is not None  # created again, verified


def test_the_cli_writes_and_restores_an_archive(app, sceaux, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "sceaux.zip"
    written = runner.invoke(args=["tenants", "export", "sceaux", "--archive", str(path)])
    assert written.exit_code == 0, written.output
    taken = runner.invoke(args=["tenants", "import", str(path)])
    assert taken.exit_code == 1 and "sceaux" in taken.output
    with across_tenants():
        db.session.delete(db.session.get(Tenant, sceaux.id))
        db.session.commit()
    restored = runner.invoke(args=["tenants", "import", str(path)])
    assert restored.exit_code == 0, restored.output
    home = app.test_client().get("/", headers={"Host": f"sceaux.{app.config['BASE_DOMAIN']}"})
    assert home.status_code == 200 and "UP Sceaux" in home.text


def rewritten(data: bytes, name: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.namelist():
            content = source.read(item)
            target.writestr(item, change(content) if item == name else content)
    return out.getvalue()


def test_a_changed_foreign_or_newer_archive_is_refused_and_nothing_is_written(sceaux, bourg):
    archive = export_city("sceaux")
    with across_tenants():
        db.session.delete(db.session.get(Tenant, sceaux.id))
        db.session.commit()
    altered = rewritten(archive, "publications.json", lambda c: c.replace(b"]", b" ]"))
    altered = rewritten(altered, "tenants.json", lambda c: c.replace(b"UP Sceaux", b"UP Evil"))
    newer = rewritten(archive, "archive.json", lambda c: json.dumps(
        {**json.loads(c), "revision": "ffffffffffff"}).encode())
    for bad, words in ((altered, "modifiée"), (b"PK\x03\x04 not a zip", "pas une archive"),
                       (newer, "plus récente")):
        with pytest.raises(ArchiveError) as refused:
            import_city(bad)
        assert words in str(refused.value.message)
    with across_tenants():
        assert db.session.scalar(select(func.count()).select_from(Tenant)) == 1  # bourg only


def test_an_archive_whose_host_is_taken_here_is_refused_whole(sceaux, bourg):
    archive = export_city("bourg-la-reine")
    with pytest.raises(ArchiveError):
        import_city(archive)
    with across_tenants():
        assert db.session.scalar(select(func.count()).select_from(Tenant)) == 2


def test_a_city_restores_identically_into_a_fresh_database(rich_sceaux, make_app, tmp_path):
    """Another deployment: a new database migrated from nothing, the shared taxonomy synced,
    no city and no national speaker yet. The archive brings what the city points at."""
    from flask_migrate import upgrade

    from upcampus.taxonomy.operations import sync_shared_taxonomy

    archive = export_city("sceaux")
    before = comparable(archive)
    fresh = make_app(DATABASE_URL=f"sqlite:///{tmp_path}/fresh.sqlite3")
    with fresh.app_context():
        upgrade()
        sync_shared_taxonomy()
        assert import_city(archive) == "sceaux"
        assert comparable(export_city("sceaux")) == before
        home = fresh.test_client().get(
            "/", headers={"Host": f"sceaux.{fresh.config['BASE_DOMAIN']}"})
        assert home.status_code == 200 and "UP Sceaux" in home.text
        db.session.remove()
        db.engine.dispose()
