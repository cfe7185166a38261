"""Cities stay code (issue 11): `tenants export SLUG --manifest` writes a folder that
`tenants onboard` reads back unchanged; when the database changed since the last onboard,
onboard says what differs, field by field, and changes nothing without --force."""

import tomllib
from pathlib import Path

import tomli_w
from sqlalchemy import select

from tests.factories import write_manifest
from upcampus.core.db import db
from upcampus.pages.models import Page
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.operations import update_branding, update_neighbourhoods

PAGES = {"faq.fr.md": "# Questions\n\nRéponses **ici**.", "faq.en.md": "# Questions\n\nAnswers."}


def city(slug):
    tenant = db.session.scalars(select(Tenant).where(Tenant.slug == slug)).one()
    db.session.refresh(tenant)
    return tenant


def snapshot(slug):
    """Every column of the city but its times, its hosts and its pages."""
    tenant = city(slug)
    columns = {c.key: getattr(tenant, c.key) for c in Tenant.__mapper__.column_attrs
               if c.key not in ("created_at", "updated_at", "onboarded")}
    with tenant_scope(tenant):
        pages = sorted((p.slug, p.locale, p.title, p.body) for p in db.session.scalars(
            select(Page)))
    return columns, sorted(d.host for d in tenant.domains), pages


def files_of(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_an_exported_city_onboards_back_unchanged(cli, tmp_path, two_cities):
    # A city made in the database (as the console would), then one from a manifest.
    out = tmp_path / "out"
    result = cli("export", "sceaux", "--manifest", "--to", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "sceaux" / "tenant.toml").is_file()
    assert sorted(files_of(out / "sceaux")) == ["pages/a-propos.en.md", "pages/a-propos.fr.md",
                                                "tenant.toml"]
    before = snapshot("sceaux")
    again = cli("onboard", str(out / "sceaux"))
    assert again.exit_code == 0 and "sceaux: unchanged" in again.output, again.output
    assert snapshot("sceaux") == before

    folder = write_manifest(tmp_path / "in" / "antony",
                            {"custom_domains": ["up.antony.example"],
                             "neighbourhoods": ["Centre", "La Fontaine"],
                             "status_message": {"fr": "Bientôt"}}, pages=PAGES)
    assert cli("onboard", str(folder)).exit_code == 0
    before = snapshot("antony")
    assert cli("export", "antony", "--manifest", "--to", str(out)).exit_code == 0
    written = files_of(out / "antony")
    assert written["logo.svg"] == city("antony").logo
    assert written["pages/faq.fr.md"].decode().startswith("# Questions\n\nRéponses **ici**.")
    again = cli("onboard", str(out / "antony"))
    assert again.exit_code == 0 and "antony: unchanged" in again.output, again.output
    assert snapshot("antony") == before
    # Written again, byte for byte the same.
    assert cli("export", "antony", "--manifest", "--to", str(out)).exit_code == 0
    assert files_of(out / "antony") == written


def test_a_city_changed_on_the_web_keeps_its_changes_when_the_manifest_did_not_move(
        cli, tmp_path):
    folder = write_manifest(tmp_path / "antony", pages=PAGES)
    cli("onboard", str(folder))
    update_branding(city("antony").id, {"primary": "#0b3d2e", "secondary": "#8a3300",
                                          "font": "serif"})
    result = cli("onboard", str(folder))
    assert result.exit_code == 0, result.output
    assert "antony: unchanged (the database differs" in result.output
    assert 'branding: {"font": "serif", "primary": "#0b3d2e"' in result.output
    assert city("antony").branding["primary"] == "#0b3d2e"  # kept
    # Its manifest changes too: refused, each field named, nothing written.
    changed = write_manifest(folder, {"name": "UP Antony (nouveau)"}, pages=PAGES)
    refused = cli("onboard", str(changed))
    assert refused.exit_code == 1
    assert "antony a été modifiée dans la base depuis son dernier onboard" in refused.output
    assert '  name: "UP Antony" ≠ "UP Antony (nouveau)"' in refused.output
    assert "  branding: " in refused.output
    assert "--force" in refused.output
    assert city("antony").name == "UP Antony"
    english = cli("onboard", "--lang", "en", str(changed))
    assert "was changed in the database since its last onboard" in english.output
    # --force applies the manifest, and the city is in step again.
    forced = cli("onboard", "--force", str(changed))
    assert forced.exit_code == 0 and "updated" in forced.output, forced.output
    assert (city("antony").name, city("antony").branding["primary"]) == (
        "UP Antony (nouveau)", "#12466b")
    assert "antony: unchanged" in cli("onboard", str(changed)).output


def test_a_changed_manifest_of_an_untouched_city_applies_as_before(cli, tmp_path):
    folder = write_manifest(tmp_path / "antony", pages=PAGES)
    cli("onboard", str(folder))
    pages = {**PAGES, "faq.en.md": "# Questions\n\nNew answers."}
    result = cli("onboard", str(write_manifest(folder, {"city": "Antony (92)"}, pages=pages)))
    assert result.exit_code == 0 and "antony: updated: city, page faq.en updated" in (
        result.output), result.output


def test_a_page_changed_on_the_city_counts_as_a_change(cli, tmp_path):
    folder = write_manifest(tmp_path / "antony", pages=PAGES)
    cli("onboard", str(folder))
    with tenant_scope(city("antony")):
        page = db.session.scalars(select(Page).where(Page.locale == "fr")).one()
        page.body = "Changée dans la base."
        db.session.commit()
    write_manifest(folder, {"name": "UP Antony 2"}, pages=PAGES)
    refused = cli("onboard", str(folder))
    assert refused.exit_code == 1 and "  page faq.fr: " in refused.output, refused.output


def test_onboard_all_refuses_every_drifting_city_and_writes_nothing(cli, tmp_path, app):
    tenants = tmp_path / "tenants"
    write_manifest(tenants / "antony")
    write_manifest(tenants / "massy", {"slug": "massy", "name": "UP Massy"})
    app.config["TENANTS_DIR"] = str(tenants)
    try:
        assert cli("onboard", "--all").exit_code == 0
        update_neighbourhoods(city("massy").id, ["Vilmorin"])
        update_branding(city("antony").id, {"primary": "#0b3d2e", "secondary": "#8a3300",
                                             "font": "serif"})
        write_manifest(tenants / "antony", {"name": "UP Antony 2"})
        write_manifest(tenants / "massy", {"slug": "massy", "name": "UP Massy 2",
                                           "neighbourhoods": ["Opéra"]})
        refused = cli("onboard", "--all")
        assert refused.exit_code == 1
        assert "antony a été modifiée" in refused.output and "massy a été modifiée" in (
            refused.output)
        assert (city("antony").name, city("massy").name) == ("UP Antony", "UP Massy")
    finally:
        app.config["TENANTS_DIR"] = str(Path(__file__).parents[2] / "tenants")


def test_a_hand_altered_export_is_checked_like_any_manifest(cli, tmp_path, sceaux):
    assert cli("export", "sceaux", "--manifest", "--to", str(tmp_path)).exit_code == 0
    path = tmp_path / "sceaux" / "tenant.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["branding"]["primary"] = "rouge"
    data["features"]["teleportation"] = True
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    refused = cli("onboard", str(tmp_path / "sceaux"))
    assert refused.exit_code == 1
    assert "branding.primary: " in refused.output and "#1d4f91" in refused.output
    assert "features.teleportation" in refused.output
    assert city("sceaux").branding["primary"] == "#1a5e3a"


def test_export_says_what_is_wrong(cli, tmp_path, sceaux):
    missing = cli("export", "atlantis", "--manifest", "--to", str(tmp_path))
    assert missing.exit_code == 1 and "atlantis" in missing.output
    assert cli("export", "sceaux").exit_code == 2  # neither --manifest nor --archive
    both = cli("export", "sceaux", "--manifest", "--archive", str(tmp_path / "a.zip"))
    assert both.exit_code == 2
    assert not (tmp_path / "a.zip").exists()
