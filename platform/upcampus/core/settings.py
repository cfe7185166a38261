"""Every setting of the platform, declared once with its default and what it is for.

Values are layered: declared default -> ``config/<env>.toml`` -> environment variable
``UPCAMPUS_<NAME>`` -> ``create_app(config_overrides=...)``. Secrets may only come from
the environment (or overrides in tests), never from a file in the repository.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]
ENVIRONMENTS = ("development", "test", "production")


class SettingsError(RuntimeError):
    """A setting is missing, unknown or malformed; the message names it."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    description: str
    kind: type = str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("ENV", "development", "Which environment file of config/ applies."),
    Setting("SECRET_KEY", "", "Signs sessions and tokens. Required in production.", secret=True),
    Setting("DATABASE_URL", "", "SQLAlchemy URL of the database; empty means instance/ SQLite.",
            secret=True),
    Setting("MIGRATION_DATABASE_URL", "", "URL of the role that owns the tables, used only by "
            "`upcampus db` (migrations); empty means DATABASE_URL.", secret=True),
    Setting("ACROSS_KEY", "", "Secret the app shows PostgreSQL to read across cities "
            "(national code only); required in production on PostgreSQL.", secret=True),
    Setting("REDIS_URL", "", "Redis for background jobs; empty runs jobs inline.", secret=True),
    Setting("SMTP_URL", "", "smtp://user:pass@host:port for email; empty keeps an outbox.",
            secret=True),
    Setting("MAIL_FROM", "no-reply@upcampus.localhost", "Sender address of every email."),
    Setting("SHOW_OUTBOX", False, "Show sent emails at /outbox (development only).", bool),
    Setting("JOBS_QUEUE", "upcampus", "rq queue name; distinct per site sharing one Redis "
            "(the urgent and bulk queues add -urgent and -bulk)."),
    Setting("JOBS_RETRY_INTERVALS", "10,60,300", "Seconds between the retries of a failed "
            "job (the backoff), comma-separated."),
    Setting("MAIL_LEASE_SECONDS", 120, "How long a worker holds an email it is sending; "
            "past it (the worker died) another may send it.", int),
    Setting("MAIL_REQUEUE_MINUTES", 10, "The scheduler enqueues again emails not delivered "
            "after this many minutes.", int),
    Setting("DIGEST_BATCH", 200, "Members per digest job: a city's digest is cut in "
            "batches that take turns with other cities' on the bulk queue.", int),
    Setting("SMTP_TIMEOUT", 20, "Seconds before an SMTP connection gives up.", int),
    Setting("WORKER_HEARTBEAT_SECONDS", 180, "/healthz is unhealthy when no worker has "
            "reported for this long (Redis configured).", int),
    Setting("BASE_DOMAIN", "localhost", "Domain of the national site; cities are subdomains."),
    Setting("INSTANCE_DIR", "", "Writable folder for local files; empty means <repo>/instance."),
    Setting("TENANTS_DIR", "", "Folder of city manifests; empty means <repo>/tenants."),
    Setting("THEMES_DIR", "", "Folder of themes; empty means <repo>/themes."),
    Setting("NATIONAL_LOCALES", ["fr", "en"], "Languages of the national site, default first.",
            list),
    Setting("TENANT_CACHE_SECONDS", 30, "How long a process trusts its host->city cache for "
            "changes made outside the platform (raw SQL); the platform's own are seen at once.",
            int),
    Setting("PAGE_CACHE", True, "Keep pages of visitors who are not signed in (Redis when "
            "REDIS_URL is set, else in the process); see core/page_cache.py.", bool),
    Setting("PAGE_CACHE_SECONDS", 300, "Longest life of a kept page (writes through the "
            "platform drop it at once; this bounds relative times and outside writes).", int),
    Setting("PAGE_CACHE_SHARED_SECONDS", 5, "s-maxage of kept pages: how long nginx or a CDN "
            "may serve one without asking.", int),
    Setting("PAGE_CACHE_ENTRIES", 2000, "Pages kept by one process without Redis.", int),
    Setting("PAGE_CACHE_MAX_BYTES", 512 * 1024, "Largest page kept, in bytes.", int),
    Setting("MAX_LOGO_BYTES", 512 * 1024, "Largest logo a manifest may carry, in bytes.", int),
    Setting("PASSWORD_HASH_TIME_COST", 3, "Argon2 passes for new password hashes.", int),
    Setting("PASSWORD_HASH_MEMORY_KIB", 65536, "Argon2 memory for new password hashes (KiB).",
            int),
    Setting("MAX_REQUEST_BYTES", 8 * 1024 * 1024,
            "Largest request body accepted (a form with one image); larger ones get 413.", int),
    Setting("PREFERRED_URL_SCHEME", "http", "Scheme of links the platform builds."),
    Setting("PUBLIC_PORT", 0, "Port in links the platform builds (emails); 0: the scheme's.",
            int),
    Setting("RATE_LIMITS", True, "Limit sign-ups, reset emails, comments... per address "
            "(core/limits.py).", bool),
    Setting("PROXY_HOPS", 0, "Reverse proxies in front whose X-Forwarded-For/-Proto to trust.",
            int),
    Setting("DIRECT_CLIENTS", False, "Visitors reach the app with no reverse proxy in front "
            "(production refuses PROXY_HOPS=0 without it).", bool),
    Setting("SESSION_COOKIE_SECURE", False, "Send cookies over HTTPS only.", bool),
    Setting("RETENTION_WARN_DAYS", 3 * 365, "Days without signing in after which an account "
            "is warned that it will be deleted (accounts/retention.py).", int),
    Setting("RETENTION_REWARN_DAYS", 15, "Days after the first warning the second one is sent.",
            int),
    Setting("RETENTION_DELETE_DAYS", 30, "Days after the first warning an account still not "
            "signed in to is deleted.", int),
    Setting("RETENTION_LINK_EMAIL_DAYS", 7, "Days after which outbox emails carrying a "
            "password-reset or sign-in link are purged.", int),
    Setting("RETENTION_OUTBOX_DAYS", 90, "Days after which every other outbox email sent "
            "(or given up) is purged.", int),
    Setting("LOG_LEVEL", "INFO", "Logging level of the platform's loggers."),
    Setting("STYLEGUIDE", False, "Serve /styleguide, a page of every component of the theme "
            "(development only).", bool),
    Setting("SQL_ECHO", False, "Log every SQL statement (debugging only).", bool),
    Setting("CONSENT_VERSIONS", ["charte:2026-11-30", "conditions:2026-11-30"],
            "The versions in force of the shared documents a member accepts (document:version,"
            " documents among the shared pages); publishing a new one asks everyone again.",
            list),
)
BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    kind = setting.kind
    if isinstance(value, str) and kind is not str:
        text = value.strip()
        if kind is bool:
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off", ""):
                return False
        elif kind is int:
            try:
                return int(text)
            except ValueError:
                pass
        elif kind is list:
            return [item.strip() for item in text.split(",") if item.strip()]
        raise SettingsError(f"{origin}: {setting.name} expects {kind.__name__}, got {value!r}")
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        raise SettingsError(f"{origin}: {setting.name} expects {kind.__name__}, got {value!r}")
    return value


def read_env_file(env: str, config_dir: Path) -> dict[str, Any]:
    path = config_dir / f"{env}.toml"
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    values = {}
    for key, value in data.items():
        name = key.upper()
        if name not in BY_NAME:
            raise SettingsError(f"{path}: unknown setting {key!r}")
        if BY_NAME[name].secret:
            raise SettingsError(f"{path}: {name} is a secret; set UPCAMPUS_{name} instead")
        values[name] = _coerce(BY_NAME[name], value, str(path))
    return values


def load_settings(overrides: dict[str, Any] | None = None,
                  environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the resolved settings as a dict of NAME -> value."""
    overrides = {k.upper(): v for k, v in (overrides or {}).items()}
    environ = os.environ if environ is None else environ
    env = overrides.get("ENV") or environ.get("UPCAMPUS_ENV") or "development"
    if env not in ENVIRONMENTS:
        raise SettingsError(f"ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}")

    values = {s.name: s.default for s in SETTINGS}
    values.update(read_env_file(env, REPO_ROOT / "config"))
    for setting in SETTINGS:
        raw = environ.get(f"UPCAMPUS_{setting.name}")
        if raw is not None:
            values[setting.name] = _coerce(setting, raw, f"UPCAMPUS_{setting.name}")
    for name, value in overrides.items():
        if name in BY_NAME:
            values[name] = _coerce(BY_NAME[name], value, "config_overrides")
        else:
            values[name] = value  # Flask or extension settings passed through by tests
    values["ENV"] = env
    _fill_paths(values)
    _fill_secret_key(values)
    if not values["ACROSS_KEY"] and values["ENV"] != "production":
        # Development and tests only: a known key; production must set its own. Being
        # public, it is never written into a database (see across_key_is_explicit).
        values["ACROSS_KEY"] = derived_across_key(values["ENV"])
    return values


def derived_across_key(env: str) -> str:
    return f"upcampus-{env}-across-key"


DERIVED_ACROSS_KEYS = frozenset(derived_across_key(env) for env in ENVIRONMENTS)


def across_key_is_explicit(key: str | None) -> bool:
    """A key someone chose (UPCAMPUS_ACROSS_KEY or an override), not a public default:
    only such a key's digest may open a database."""
    return bool(key) and key not in DERIVED_ACROSS_KEYS


def _fill_paths(values: dict[str, Any]) -> None:
    for name, folder in (("INSTANCE_DIR", "instance"), ("TENANTS_DIR", "tenants"),
                         ("THEMES_DIR", "themes")):
        values[name] = str(Path(values[name]) if values[name] else REPO_ROOT / folder)
    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = f"sqlite:///{Path(values['INSTANCE_DIR']) / 'upcampus.sqlite3'}"


def _fill_secret_key(values: dict[str, Any]) -> None:
    if values["SECRET_KEY"]:
        return
    if values["ENV"] == "production":
        raise SettingsError("UPCAMPUS_SECRET_KEY must be set in production")
    if values["ENV"] == "test":
        values["SECRET_KEY"] = secrets.token_hex(32)
        return
    # Development: one random key kept in instance/, so sessions survive a restart.
    key_file = Path(values["INSTANCE_DIR"]) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32), encoding="utf-8")
        key_file.chmod(0o600)
    values["SECRET_KEY"] = key_file.read_text(encoding="utf-8").strip()


# Filled in by load_settings when left empty, so their default is no value to compare.
_DERIVED = ("INSTANCE_DIR", "TENANTS_DIR", "THEMES_DIR", "DATABASE_URL")


def effective(config: dict[str, Any], environ: dict[str, str] | None = None,
              ) -> list[tuple[str, str, str, str]]:
    """(name, value in effect with secrets masked, where it came from, description) of
    every setting, for `upcampus settings`; `config` is the running app's."""
    environ = os.environ if environ is None else environ
    env = config.get("ENV", "development")
    from_file = read_env_file(env, REPO_ROOT / "config")
    rows = []
    for setting in SETTINGS:
        variable = f"UPCAMPUS_{setting.name}"
        if variable in environ:
            source, layered = variable, _coerce(setting, environ[variable], variable)
        elif setting.name in from_file:
            source, layered = f"config/{env}.toml", from_file[setting.name]
        else:
            source, layered = "default", setting.default
        value = config.get(setting.name, layered)
        if setting.name == "SECRET_KEY" and not layered:
            source = "generated"
        elif setting.name in _DERIVED and not layered:
            layered = _derived(setting.name, config)
            source = "default (derived)"
        if value != layered and source != "generated":
            source = "create_app(config_overrides)"
        rows.append((setting.name, mask(value) if setting.secret else repr(value), source,
                     setting.description))
    return rows


def _derived(name: str, config: dict[str, Any]) -> str:
    """What _fill_paths puts in an empty path setting."""
    if name == "DATABASE_URL":
        return f"sqlite:///{Path(config['INSTANCE_DIR']) / 'upcampus.sqlite3'}"
    return str(REPO_ROOT / name.removesuffix("_DIR").lower())


def mask(value: Any) -> str:
    """A secret as it may be shown: a URL without its password, anything else hidden."""
    if not value:
        return "(empty)"
    text = str(value)
    if "://" in text:
        from urllib.parse import urlsplit

        parts = urlsplit(text)
        if parts.password:
            netloc = f"{parts.username or ''}:<secret>@{parts.netloc.rpartition('@')[2]}"
            text = parts._replace(netloc=netloc).geturl()
        return text
    return "<secret>"
