"""Cities as code: `upcampus tenants onboard` creates or updates a city from its
manifest, idempotently, and refuses an invalid one whole, naming the field."""

import pytest
from sqlalchemy import func, select

from tests.factories import make_tenant, write_manifest
from upcampus.core.db import db
from upcampus.pages.models import Page
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.models import Tenant, TenantDomain


def count(model):
    with across_tenants():
        return db.session.scalar(select(func.count()).select_from(model))


def test_onboard_creates_the_city_with_everything_in_its_folder(cli, tmp_path, client_for):
    folder = write_manifest(tmp_path / "antony", {"custom_domains": ["up.antony.example"]},
                            pages={"faq.fr.md": "# Questions\n\nRéponses.",
                                   "faq.en.md": "# Questions (en)\n\nAnswers."})
    result = cli("onboard", str(folder))
    assert result.exit_code == 0, result.output
    assert "antony: created" in result.output
    tenant = db.session.scalars(select(Tenant).where(Tenant.slug == "antony")).one()
    assert (tenant.name, tenant.subdomain, tenant.branding["primary"]) == (
        "UP Antony", "antony", "#12466b")
    assert tenant.features["api"] is False and tenant.features["projects"] is True
    assert tenant.logo_type == "image/svg+xml" and tenant.logo.startswith(b"<svg")
    assert [d.host for d in tenant.domains] == ["up.antony.example"]
    with tenant_scope(tenant):
        assert sorted(db.session.scalars(select(Page.title))) == ["Questions", "Questions (en)"]
    assert "UP Antony" in client_for("up.antony.example").get("/").text


def test_onboarding_twice_changes_nothing(cli, tmp_path):
    folder = write_manifest(tmp_path / "antony", pages={"faq.fr.md": "# Q\n\nR"})
    cli("onboard", str(folder))
    before = db.session.scalars(select(Tenant.updated_at)).one()
    db.session.rollback()
    again = cli("onboard", str(folder))
    assert again.exit_code == 0 and "antony: unchanged" in again.output
    assert db.session.scalars(select(Tenant.updated_at)).one() == before
    assert count(Tenant) == 1 and count(Page) == 1


def test_onboarding_an_edited_manifest_updates_what_changed(cli, tmp_path):
    folder = tmp_path / "antony"
    write_manifest(folder, {"custom_domains": ["a.example"]}, pages={"faq.fr.md": "# Q\n\nR"})
    cli("onboard", str(folder))
    write_manifest(folder, {"name": "UP Antony !", "custom_domains": ["b.example"],
                            "branding": {"primary": "#000000"}},
                   pages={"faq.fr.md": "# Q2\n\nR"})
    result = cli("onboard", str(folder))
    assert "updated: name, branding, custom_domains, page faq.fr updated" in result.output
    tenant = db.session.scalars(select(Tenant)).one()
    assert tenant.name == "UP Antony !" and [d.host for d in tenant.domains] == ["b.example"]
    assert count(TenantDomain) == 1


@pytest.mark.parametrize(("changes", "field"), [
    ({"branding": {"primary": "blue"}}, "branding.primary"),
    ({"slug": "Not A Slug"}, "slug"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"locales": {"default": "de", "enabled": ["fr"]}}, "locales.default"),
    ({"locales": {"default": "en", "enabled": ["fr"]}}, "locales.default"),
    ({"status": "suspended"}, "status_message"),
    ({"status": "gone"}, "status"),
    ({"features": {"teleport": True}}, "features.teleport.key"),
    ({"features": {"api": "yes"}}, "features.api.value"),
    ({"subdomain": "www"}, "subdomain"),
    ({"custom_domains": ["not a domain"]}, "custom_domains"),
    ({"custom_domains": ["x.upcampus.test"]}, "custom_domains.0"),
    ({"theme": "nope"}, "theme"),
    ({"colour": "#fff"}, "colour"),
    ({"contact": {"email": "not-an-email"}}, "contact.email"),
    ({"branding": {"logo": "../secret.svg"}}, "branding.logo"),
    ({"branding": {"logo": "logo.gif"}}, "branding.logo"),
    ({"branding": {"primary": "#ffcc00"}}, "branding.primary"),
    ({"branding": {"secondary": "#f0f0f0"}}, "branding.secondary"),
])
def test_an_invalid_manifest_is_refused_naming_the_field(cli, tmp_path, changes, field):
    folder = write_manifest(tmp_path / "antony", changes)
    result = cli("onboard", str(folder))
    assert result.exit_code == 1
    assert f"  {field}:" in result.output, result.output
    assert count(Tenant) == 0


def test_a_missing_field_is_named(cli, tmp_path):
    result = cli("onboard", str(write_manifest(tmp_path / "a" / "antony", remove=("name",))))
    assert result.exit_code == 1 and "  name: Champ obligatoire manquant." in result.output


@pytest.mark.parametrize(("logo", "message"), [
    (b"GIF89a not an svg", "doit être une image SVG, PNG, JPEG ou WebP"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "Ce fichier SVG"),
    (b"\x89PNG\r\n\x1a\n" + b"png bytes in a .svg file", "n’est pas du image/svg+xml"),
    (b"<svg>" + b" " * 600_000 + b"</svg>", "au maximum"),
])
def test_a_fake_or_oversized_logo_is_refused(cli, tmp_path, logo, message):
    result = cli("onboard", str(write_manifest(tmp_path / "a" / "antony", logo=logo)))
    assert result.exit_code == 1 and "branding.logo" in result.output
    assert message in result.output and count(Tenant) == 0


def test_malformed_toml_and_bad_pages_are_refused_whole(cli, tmp_path):
    folder = write_manifest(tmp_path / "a" / "antony")
    (folder / "tenant.toml").write_text("slug = [", encoding="utf-8")
    assert "TOML invalide" in cli("onboard", str(folder)).output
    folder = write_manifest(tmp_path / "b" / "antony", pages={"faq.fr.md": "no title line"})
    result = cli("onboard", str(folder))
    assert result.exit_code == 1 and "pages: faq.fr.md : la première ligne" in result.output
    folder = write_manifest(tmp_path / "c" / "antony", pages={"faq.de.md": "# Titel"})
    assert "pages:" in cli("onboard", str(folder)).output
    assert count(Tenant) == 0 and count(Page) == 0


def test_hosts_owned_by_another_city_are_refused(cli, tmp_path, app_context):
    make_tenant("sceaux", domains=("up.sceaux.example",))
    taken_sub = cli("onboard", str(write_manifest(tmp_path / "a" / "antony",
                                                  {"subdomain": "sceaux"})))
    assert taken_sub.exit_code == 1 and "subdomain: Déjà utilisé par sceaux." in taken_sub.output
    taken_domain = cli("onboard", str(write_manifest(
        tmp_path / "b" / "antony", {"custom_domains": ["up.sceaux.example"]})))
    assert "custom_domains.0: up.sceaux.example appartient déjà à sceaux." in (
        taken_domain.output)
    assert count(Tenant) == 1


def test_a_failure_while_writing_leaves_nothing_half_created(cli, tmp_path, monkeypatch):
    import upcampus.tenancy.operations as operations

    def broken_sync(_pages):
        raise RuntimeError("disk full")
    monkeypatch.setattr(operations, "sync_pages", broken_sync)
    with pytest.raises(RuntimeError):
        cli("onboard", str(write_manifest(tmp_path / "a" / "antony")))
    assert count(Tenant) == 0 and count(TenantDomain) == 0


def test_shipped_cities_onboard_and_list(cli):
    result = cli("onboard", "--all")
    assert result.exit_code == 0, result.output
    assert "sceaux: created" in result.output and "bourg-la-reine: created" in result.output
    listing = cli("list").output
    assert "sceaux" in listing and "sceaux.upcampus.test" in listing and "active" in listing
    assert "bourg-la-reine.upcampus.test" in listing
    assert "unchanged" in cli("onboard", "--all").output


def test_onboard_without_folder_explains_usage(cli):
    result = cli("onboard")
    assert result.exit_code == 2 and "Name a folder" in result.output
