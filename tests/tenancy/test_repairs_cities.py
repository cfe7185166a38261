"""Issue 8, cities as code and settings: the folder is the slug and a clash is refused
whole; `tenants new` starts a city afresh; a change to a city is seen by every process
at once; every fault of a manifest is reported in one run, in one language; `settings`
shows the values in effect and where they come from."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w
from sqlalchemy import func, select

from tests.conftest import BASE_DOMAIN
from tests.factories import make_tenant, write_manifest
from upcampus.core.db import db
from upcampus.core.settings import REPO_ROOT
from upcampus.tenancy.branding import colour_problems
from upcampus.tenancy.context import across_tenants
from upcampus.tenancy.models import Tenant

SHIPPED = REPO_ROOT / "tenants"


@pytest.fixture
def tenants_tmp(app, tmp_path, monkeypatch) -> Path:
    """An empty TENANTS_DIR for this test."""
    folder = tmp_path / "tenants"
    folder.mkdir()
    monkeypatch.setitem(app.config, "TENANTS_DIR", str(folder))
    return folder


def tenants_count() -> int:
    with across_tenants():
        return db.session.scalar(select(func.count()).select_from(Tenant))


def edit_toml(file: Path, **changes) -> None:
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    file.write_text(tomli_w.dumps(data), encoding="utf-8")


# 1. The folder's name is the slug; a clash is refused, nothing written.

def test_a_copied_folder_keeping_another_citys_slug_does_not_rename_it(cli, tmp_path):
    assert cli("onboard", str(SHIPPED / "bourg-la-reine")).exit_code == 0
    copy = shutil.copytree(SHIPPED / "bourg-la-reine", tmp_path / "antony")
    edit_toml(copy / "tenant.toml", name="UP Antony", city="Antony")  # slug forgotten
    result = cli("onboard", str(copy))
    assert result.exit_code == 1, result.output
    assert "  slug: L’identifiant est le nom du dossier, 'antony', et non 'bourg-la-reine'" in (
        result.output)
    db.session.rollback()
    bourg = db.session.scalars(select(Tenant)).one()
    assert (bourg.slug, bourg.name, bourg.subdomain) == (
        "bourg-la-reine", "UP Bourg-la-Reine", "bourg-la-reine")


def test_a_copied_folder_without_slug_is_refused_for_the_other_citys_hosts(cli, tmp_path):
    assert cli("onboard", str(SHIPPED / "bourg-la-reine")).exit_code == 0
    copy = shutil.copytree(SHIPPED / "bourg-la-reine", tmp_path / "antony")
    edit_toml(copy / "tenant.toml", slug=None, name="UP Antony", city="Antony")
    result = cli("onboard", str(copy))
    assert result.exit_code == 1
    assert "  subdomain: Déjà utilisé par bourg-la-reine." in result.output
    assert tenants_count() == 1


def test_a_folder_name_that_is_no_slug_is_refused(cli, tmp_path):
    result = cli("onboard", str(write_manifest(tmp_path / "Antony City", remove=("slug",))))
    assert result.exit_code == 1 and "  slug: Le nom du dossier, 'Antony City'" in result.output
    assert tenants_count() == 0


def test_onboard_all_refuses_folders_sharing_a_slug_or_a_host_and_writes_nothing(
        cli, tenants_tmp):
    write_manifest(tenants_tmp / "antony", {"custom_domains": ["up.antony.example"]})
    write_manifest(tenants_tmp / "antony-copy")  # still says slug = "antony"
    write_manifest(tenants_tmp / "massy", {"slug": "massy", "subdomain": "antony"})
    write_manifest(tenants_tmp / "vanves", {"slug": "vanves", "subdomain": "vanves",
                                            "custom_domains": ["up.antony.example"]})
    result = cli("onboard", "--all")
    assert result.exit_code == 1, result.output
    output = result.output
    assert "antony-copy/tenant.toml\n  slug: L’identifiant est le nom du dossier" in output
    assert "massy/tenant.toml\n  subdomain: antony est aussi demandé par le dossier antony." in (
        output)
    assert ("vanves/tenant.toml\n  custom_domains.0: up.antony.example est aussi demandé par "
            "le dossier antony.") in output
    assert tenants_count() == 0  # not even the sound folder: the run is one transaction


def test_onboard_all_writes_every_sound_folder_in_one_run(cli, tenants_tmp):
    for slug in ("antony", "massy"):
        write_manifest(tenants_tmp / slug, {"slug": slug})
    result = cli("onboard", "--all")
    assert result.exit_code == 0, result.output
    assert "antony: created" in result.output and "massy: created" in result.output
    assert tenants_count() == 2


# 3. `upcampus tenants new`.

def test_tenants_new_writes_a_fresh_folder_that_onboards_cleanly(cli, tenants_tmp, client_for):
    result = cli("new", "bourg-sur-loire", "--city", "Bourg-sur-Loire")
    assert result.exit_code == 0, result.output
    folder = tenants_tmp / "bourg-sur-loire"
    manifest = tomllib.loads((folder / "tenant.toml").read_text(encoding="utf-8"))
    assert (manifest["slug"], manifest["name"], manifest["city"]) == (
        "bourg-sur-loire", "UP Bourg-sur-Loire", "Bourg-sur-Loire")
    logo = (folder / "logo.svg").read_text(encoding="utf-8")
    assert f'fill="{manifest["branding"]["primary"]}"' in logo and ">BL</text>" in logo
    pages = {p.name: p.read_text(encoding="utf-8") for p in (folder / "pages").iterdir()}
    assert sorted(pages) == ["a-propos.en.md", "a-propos.fr.md"]
    for text in pages.values():
        assert "UP Bourg-sur-Loire" in text and "Bourg-la-Reine" not in text
        assert "Sceaux" not in text
    onboarded = cli("onboard", str(folder))
    assert onboarded.exit_code == 0 and "bourg-sur-loire: created" in onboarded.output
    client = client_for(f"bourg-sur-loire.{BASE_DOMAIN}")
    assert "UP Bourg-sur-Loire" in client.get("/").text
    about = client.get("/pages/a-propos?lang=en")
    assert about.status_code == 200 and "About UP Bourg-sur-Loire" in about.text
    served_logo = client.get("/brand/logo")
    assert served_logo.status_code == 200 and b">BL</text>" in served_logo.data  # rebuilt
    assert "unchanged" in cli("onboard", str(folder)).output


def test_tenants_new_takes_a_name_and_refuses_a_taken_folder_or_a_bad_slug(cli, tenants_tmp):
    named = cli("new", "antony", "--city", "Antony", "--name", "Antony Ensemble")
    assert named.exit_code == 0
    assert 'name = "Antony Ensemble"' in (tenants_tmp / "antony/tenant.toml").read_text()
    again = cli("new", "antony", "--city", "Antony")
    assert again.exit_code == 1 and "existe déjà" in again.output
    for slug in ("Not_A_Slug", "www", "../escape", "x-"):
        bad = cli("new", slug, "--city", "X")
        assert bad.exit_code == 1 and "ne convient pas comme identifiant" in bad.output, slug
    too_long = cli("new", "massy", "--city", "M" * 200, "--lang", "en")
    assert too_long.exit_code == 1 and "  city: Length must be between 1 and 120." in (
        too_long.output)
    assert sorted(p.name for p in tenants_tmp.iterdir()) == ["antony"]


def test_every_placeholder_colour_is_readable_and_initials_skip_small_words():
    from upcampus.tenancy.scaffold import PALETTE, initials

    assert all(colour_problems(primary, secondary) == {} for primary, secondary in PALETTE)
    assert [initials(c) for c in ("Antony", "Bourg-la-Reine", "L'Haÿ-les-Roses", "Saint-Maur-"
                                  "des-Fossés", "??")] == ["A", "BR", "LHR", "SMF", "UP"]


# 4. A change to a city is seen by every process at once.

def other_process(database_url: str, tmp_path: Path, *args: str) -> str:
    """Run `upcampus ...` as another process on the same database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UPCAMPUS_")}
    env.update(UPCAMPUS_ENV="test", UPCAMPUS_DATABASE_URL=database_url,
               UPCAMPUS_BASE_DOMAIN=BASE_DOMAIN, UPCAMPUS_INSTANCE_DIR=str(tmp_path))
    done = subprocess.run([str(Path(sys.executable).parent / "upcampus"), *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_city_onboarded_or_suspended_elsewhere_is_served_so_at_once(
        client_for, database_url, tmp_path):
    client = client_for(f"antony.{BASE_DOMAIN}")
    assert client.get("/").status_code == 404  # this process now caches "unknown host"
    folder = write_manifest(tmp_path / "antony")
    assert "antony: created" in other_process(database_url, tmp_path, "tenants", "onboard",
                                              str(folder))
    home = client.get("/")
    assert home.status_code == 200 and "UP Antony" in home.text
    write_manifest(folder, {"status": "suspended", "status_message": {"fr": "Fermé ce mois"}})
    other_process(database_url, tmp_path, "tenants", "onboard", str(folder))
    closed = client.get("/")
    assert closed.status_code == 503 and "Fermé ce mois" in closed.text


def test_the_generation_moves_with_a_committed_change_only(app_context):
    from upcampus.tenancy.resolver import current_generation

    city = make_tenant("antony")
    before = current_generation()
    city.name = "UP Antony bis"
    db.session.flush()
    db.session.rollback()
    assert current_generation() == before
    db.session.get(Tenant, city.id).status = "suspended"
    db.session.commit()
    assert current_generation() == before + 1


# 5. Every fault in one run, in one language.

FAULTY = {"timezone": "Mars/Olympus", "colour": "#fff", "subdomain": "sceaux",
          "contact": {"email": "not-an-email"}, "branding": {"primary": "#ffcc00"}}


def test_every_fault_of_a_manifest_is_reported_at_once_in_french(cli, tmp_path, sceaux):
    result = cli("onboard", str(write_manifest(tmp_path / "antony", FAULTY)))
    assert result.exit_code == 1
    for line in ("Refusé : ", "  timezone: Fuseau horaire inconnu",
                 "  colour: Champ inconnu.", "  contact.email: Adresse e-mail invalide.",
                 "  branding.primary: Sur du blanc, #ffcc00 offre un contraste de",
                 "  subdomain: Déjà utilisé par sceaux."):
        assert line in result.output, result.output
    assert "Unknown" not in result.output and "Not a valid" not in result.output
    assert tenants_count() == 1


def test_every_fault_of_a_manifest_is_reported_at_once_in_english(cli, tmp_path, sceaux):
    result = cli("onboard", "--lang", "en", str(write_manifest(tmp_path / "antony", FAULTY)))
    assert result.exit_code == 1
    for line in ("Refused: ", "  timezone: Unknown time zone", "  colour: Unknown field.",
                 "  contact.email: Not a valid email address.",
                 "  branding.primary: Against white, #ffcc00 has a contrast of",
                 "  subdomain: Already used by sceaux."):
        assert line in result.output, result.output
    assert "Champ" not in result.output and "Déjà" not in result.output


# 6. `upcampus settings`: values in effect, and where they came from.

def test_settings_show_the_values_in_effect_and_their_source(make_app, monkeypatch):
    monkeypatch.setenv("UPCAMPUS_MAIL_FROM", "mairie@antony.example")
    monkeypatch.setenv("UPCAMPUS_SMTP_URL", "smtp://mairie:hunter2@mail.antony.example:587")
    app = make_app()
    with app.app_context():
        output = app.test_cli_runner().invoke(args=["settings"]).output
    lines = {line.split()[0]: line for line in output.splitlines() if line.startswith("UP")}
    assert "'mairie@antony.example'" in lines["UPCAMPUS_MAIL_FROM"]
    assert "[UPCAMPUS_MAIL_FROM]" in lines["UPCAMPUS_MAIL_FROM"]
    assert "smtp://mairie:<secret>@mail.antony.example:587 " in lines["UPCAMPUS_SMTP_URL"]
    assert "hunter2" not in output and app.config["SECRET_KEY"] not in output
    assert "30" in lines["UPCAMPUS_TENANT_CACHE_SECONDS"]
    assert "[config/test.toml]" in lines["UPCAMPUS_TENANT_CACHE_SECONDS"]
    assert "'upcampus' " in lines["UPCAMPUS_JOBS_QUEUE"] and "[default]" in (
        lines["UPCAMPUS_JOBS_QUEUE"])
    assert "[create_app(config_overrides)]" in lines["UPCAMPUS_DATABASE_URL"]
