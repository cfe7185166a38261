"""Settings: declared once, layered default -> config/<env>.toml -> UPCAMPUS_* -> overrides."""

import pytest

from upcampus import create_app
from upcampus.core.settings import SETTINGS, SettingsError, load_settings, read_env_file


def test_every_setting_has_a_description_and_the_env_var_overrides_it(tmp_path):
    assert all(s.description for s in SETTINGS)
    env = {"UPCAMPUS_ENV": "development", "UPCAMPUS_BASE_DOMAIN": "upcampus.example",
           "UPCAMPUS_TENANT_CACHE_SECONDS": "5", "UPCAMPUS_SESSION_COOKIE_SECURE": "yes",
           "UPCAMPUS_NATIONAL_LOCALES": "en, fr", "UPCAMPUS_INSTANCE_DIR": str(tmp_path)}
    values = load_settings(environ=env)
    assert values["BASE_DOMAIN"] == "upcampus.example"
    assert values["TENANT_CACHE_SECONDS"] == 5 and values["SESSION_COOKIE_SECURE"] is True
    assert values["NATIONAL_LOCALES"] == ["en", "fr"]
    assert values["DATABASE_URL"] == f"sqlite:///{tmp_path}/upcampus.sqlite3"
    assert values["REDIS_URL"] == ""  # jobs inline by default


def test_overrides_win_over_the_environment():
    values = load_settings({"BASE_DOMAIN": "a.test", "ENV": "test"},
                           environ={"UPCAMPUS_BASE_DOMAIN": "b.test"})
    assert values["BASE_DOMAIN"] == "a.test"


def test_development_keeps_one_generated_secret_key(tmp_path):
    env = {"UPCAMPUS_INSTANCE_DIR": str(tmp_path)}
    first = load_settings(environ=env)["SECRET_KEY"]
    assert len(first) >= 32 and load_settings(environ=env)["SECRET_KEY"] == first


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(SettingsError, match="UPCAMPUS_SECRET_KEY must be set"):
        create_app({"ENV": "production"})


@pytest.mark.parametrize(("env", "message"), [
    ({"UPCAMPUS_TENANT_CACHE_SECONDS": "soon"}, "UPCAMPUS_TENANT_CACHE_SECONDS: "
                                                 "TENANT_CACHE_SECONDS expects int"),
    ({"UPCAMPUS_SQL_ECHO": "maybe"}, "SQL_ECHO expects bool"),
    ({"UPCAMPUS_ENV": "staging"}, "ENV must be one of"),
])
def test_a_malformed_setting_is_named(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(environ=env)


def test_environment_files_take_no_secret_and_no_unknown_key(tmp_path):
    (tmp_path / "test.toml").write_text('secret_key = "in the repo"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="SECRET_KEY is a secret"):
        read_env_file("test", tmp_path)
    (tmp_path / "test.toml").write_text('base_domian = "typo"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting 'base_domian'"):
        read_env_file("test", tmp_path)
    (tmp_path / "test.toml").write_text('base_domain = "ok.test"\n', encoding="utf-8")
    assert read_env_file("test", tmp_path) == {"BASE_DOMAIN": "ok.test"}


def test_the_settings_command_lists_every_setting(app):
    output = app.test_cli_runner().invoke(args=["settings"]).output
    for setting in SETTINGS:
        assert f"UPCAMPUS_{setting.name}" in output
    assert "<secret>" in output
