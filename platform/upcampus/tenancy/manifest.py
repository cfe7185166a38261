"""A city's manifest, `tenants/<slug>/tenant.toml`, read and validated as a whole.

Reading never writes: `load_manifest` returns a complete, checked description of the
city (logo bytes and pages included) or raises ManifestError naming every faulty field,
all in one run (fields, contrast, files and hosts) and in the language in force. The
folder's name is the city's slug.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from marshmallow import (
    EXCLUDE,
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates,
    validates_schema,
)

from upcampus.core.marshmallow_i18n import translated
from upcampus.core.rules import RuleError
from upcampus.tenancy.branding import checked_logo, colour_problems
from upcampus.tenancy.features import FEATURES
from upcampus.tenancy.models import STATUSES
from upcampus.tenancy.resolver import BadHost, parse_host
from upcampus.tenancy.schemas import FONTS, colour, neighbourhood_count, neighbourhood_name

SUPPORTED_LOCALES = ("fr", "en")
RESERVED_SUBDOMAINS = {"www", "api", "admin", "static", "mail", "national", "app", "assets"}
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_PAGE_FILE = re.compile(r"^(?P<slug>[a-z0-9-]{1,63})\.(?P<locale>[a-z]{2})\.md$")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
              ".jpeg": "image/jpeg", ".webp": "image/webp"}


class ManifestError(ValueError):
    def __init__(self, path: Path, errors: dict):
        self.path = path
        self.errors = errors
        super().__init__(f"{path}: " + "; ".join(f"{k}: {v}" for k, v in flatten(errors)))


def flatten(errors, prefix: str = ""):
    """marshmallow's nested error dict as (dotted.field, message) pairs."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            yield from flatten(value, name)
    elif isinstance(errors, list) and not any(isinstance(e, dict | list) for e in errors):
        yield prefix, " ".join(str(e) for e in errors)
    else:
        yield prefix, str(errors)


def _localized():
    return fields.Dict(keys=fields.String(validate=validate.OneOf(SUPPORTED_LOCALES)),
                       values=fields.String(validate=validate.Length(max=2000)),
                       load_default=dict)


class LocalesSchema(Schema):
    class Meta:
        unknown = RAISE

    default = fields.String(required=True, validate=validate.OneOf(SUPPORTED_LOCALES))
    enabled = fields.List(fields.String(validate=validate.OneOf(SUPPORTED_LOCALES)),
                          required=True, validate=validate.Length(min=1))

    @validates_schema(skip_on_field_errors=False)  # reported with the other faults
    def default_is_enabled(self, data, **_):
        if "default" in data and "enabled" in data and data["default"] not in data["enabled"]:
            raise ValidationError(gettext(
                "The default language must be one of the enabled ones."), "default")


class BrandingSchema(Schema):
    class Meta:
        unknown = RAISE

    logo = fields.String(load_default=None)
    primary = fields.String(required=True, validate=colour())
    secondary = fields.String(required=True, validate=colour())
    font = fields.String(load_default="system", validate=validate.OneOf(FONTS))


class ContactSchema(Schema):
    class Meta:
        unknown = RAISE

    email = fields.Email(load_default=None)
    phone = fields.String(load_default=None, validate=validate.Length(max=40))
    address = fields.String(load_default=None, validate=validate.Length(max=300))
    website = fields.Url(load_default=None, schemes={"http", "https"})


class ManifestSchema(Schema):
    class Meta:
        unknown = RAISE

    # Optional: the folder's name is the slug; if given, it must be that name.
    slug = fields.String(load_default=None, validate=validate.Regexp(
        _SLUG, error=_l("Lower-case letters, digits and hyphens only.")))
    name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    city = fields.String(required=True, validate=validate.Length(min=1, max=120))
    subdomain = fields.String(load_default=None, validate=validate.Regexp(
        _SLUG, error=_l("Lower-case letters, digits and hyphens only.")))
    custom_domains = fields.List(fields.String(), load_default=list)
    status = fields.String(load_default="active", validate=validate.OneOf(STATUSES))
    status_message = _localized()
    description = _localized()
    theme = fields.String(load_default="default", validate=validate.Regexp(_SLUG))
    timezone = fields.String(load_default="Europe/Paris")
    locales = fields.Nested(LocalesSchema, load_default=lambda: {"default": "fr",
                                                                 "enabled": ["fr", "en"]})
    branding = fields.Nested(BrandingSchema, required=True)
    features = fields.Dict(keys=fields.String(validate=validate.OneOf(list(FEATURES))),
                           values=fields.Boolean(truthy={True}, falsy={False}), load_default=dict)
    contact = fields.Nested(ContactSchema, load_default=dict, unknown=EXCLUDE)
    # The city's own list, offered as choices and filters (None: kept as set on the web).
    neighbourhoods = fields.List(fields.String(validate=neighbourhood_name()),
                                 load_default=None, validate=neighbourhood_count())

    @validates("timezone")
    def known_timezone(self, value, **_):
        if value not in zoneinfo.available_timezones():
            raise ValidationError(gettext("Unknown time zone; use a name like Europe/Paris."))

    @validates("subdomain")
    def not_reserved(self, value, **_):
        if value in RESERVED_SUBDOMAINS:
            raise ValidationError(gettext("This subdomain is reserved for the platform."))

    @validates("custom_domains")
    def valid_domains(self, value, **_):
        for host in value:
            try:
                if parse_host(host) != host.lower() or "." not in host:
                    raise BadHost(host)
            except BadHost:
                raise ValidationError(gettext("%(host)s is not a domain name.",
                                              host=repr(host))) from None

    @validates_schema(skip_on_field_errors=False)
    def suspended_has_message(self, data, **_):
        if data.get("status") == "suspended" and not data.get("status_message"):
            raise ValidationError(gettext("A suspended city needs a message for its visitors."),
                                  "status_message")


@dataclass
class Page:
    slug: str
    locale: str
    title: str
    body: str


@dataclass
class Manifest:
    path: Path
    data: dict
    logo: bytes | None = None
    logo_type: str | None = None
    logo_hash: str | None = None
    pages: list[Page] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.data["slug"]


def load_manifest(folder: Path, *, themes_dir: Path, max_logo_bytes: int,
                  host_problems: Callable[[dict], dict] | None = None) -> Manifest:
    """Read and check `folder/tenant.toml` and the files it names; `host_problems(data)`
    (field -> messages) adds the checks that need the database, even when other fields
    are faulty, so that one run reports every fault."""
    path = folder / "tenant.toml"
    if not path.is_file():
        raise ManifestError(path, {"tenant.toml": [gettext("No manifest in this folder.")]})
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(path, {"tenant.toml": [
            gettext("Not valid TOML: %(error)s", error=str(exc))]}) from None
    return check_manifest(
        raw, path=path, slug_of=lambda declared, errors: _slug_of(folder, declared, errors),
        read_logo=lambda name: read_logo(folder, name, max_logo_bytes),
        read_pages=lambda locales: read_pages(folder / "pages", locales),
        themes_dir=themes_dir, host_problems=host_problems)


def check_manifest(raw: dict, *, path: Path, slug_of: Callable[[str | None, dict], str],
                   read_logo: Callable[[str], tuple[bytes, str]],
                   read_pages: Callable[[list[str]], list[Page]], themes_dir: Path,
                   host_problems: Callable[[dict], dict] | None = None) -> Manifest:
    """The rules of a city's description, whatever brought it (a folder, the console):
    a checked Manifest, or ManifestError naming every fault at once."""
    errors: dict = {}
    try:
        data = translated(ManifestSchema()).load(raw)
    except ValidationError as exc:
        errors.update(exc.messages)
        data = exc.valid_data or {}  # what is sound is checked further
    data["slug"] = slug_of(data.get("slug"), errors)
    if "subdomain" not in errors:
        data["subdomain"] = data.get("subdomain") or data["slug"]
    data["custom_domains"] = sorted({d.lower() for d in data.get("custom_domains", ())})
    branding = data.get("branding") or {}
    problems = colour_problems(branding.get("primary", ""), branding.get("secondary", ""))
    errors.update({f"branding.{name}": [message] for name, message in problems.items()
                   if name in branding})  # an unreadable value is already reported
    if "theme" in data and not (themes_dir / data["theme"]).is_dir():
        errors["theme"] = [gettext("No theme %(theme)s in %(folder)s.",
                                   theme=repr(data["theme"]), folder=str(themes_dir))]
    manifest = Manifest(path=path, data=data)
    if branding.get("logo"):
        try:
            manifest.logo, manifest.logo_type = read_logo(branding["logo"])
            manifest.logo_hash = hashlib.sha256(manifest.logo).hexdigest()
        except ValueError as exc:
            errors["branding.logo"] = [str(exc)]
    enabled = (data.get("locales") or {}).get("enabled") or list(SUPPORTED_LOCALES)
    try:
        manifest.pages = read_pages(enabled)
    except ValueError as exc:
        errors["pages"] = [str(exc)]
    if host_problems is not None:
        for name, messages in host_problems(data).items():
            errors.setdefault(name, messages)  # a malformed host is reported as such
    if errors:
        raise ManifestError(path, errors)
    return manifest


def declared_slug(declared: str | None, errors: dict) -> str:
    """The slug of a description without a folder (the console): it must be given."""
    if not declared:
        errors.setdefault("slug", [gettext("Lower-case letters, digits and hyphens only.")])
    elif declared in RESERVED_SUBDOMAINS:
        errors.setdefault("slug", []).append(gettext(
            "This subdomain is reserved for the platform."))
    return declared or ""


def _slug_of(folder: Path, declared: str | None, errors: dict) -> str:
    """The folder's name: a copied folder that keeps another city's slug must not
    update (rename) that other city."""
    slug = folder.resolve().name
    if not _SLUG.match(slug) or slug in RESERVED_SUBDOMAINS:
        errors.setdefault("slug", []).append(gettext(
            "The folder's name %(folder)s is the city's slug: use lower-case letters, "
            "digits and hyphens only.", folder=repr(slug)))
    elif declared is not None and declared != slug:
        errors.setdefault("slug", []).append(gettext(
            "The slug is the folder's name, %(folder)s, not %(slug)s: remove this line or "
            "rename the folder.", folder=repr(slug), slug=repr(declared)))
    return slug


def read_logo(folder: Path, name: str, max_bytes: int) -> tuple[bytes, str]:
    file = (folder / name).resolve()
    if folder.resolve() not in file.parents or not file.is_file():
        raise ValueError(gettext("No file %(name)s beside the manifest.", name=repr(name)))
    content_type = LOGO_TYPES.get(file.suffix.lower())
    if content_type is None:
        raise ValueError(gettext("The logo must be SVG, PNG, JPEG or WebP."))
    data = file.read_bytes()
    try:
        data, found = checked_logo(data, max_bytes)
    except RuleError as error:
        raise ValueError(str(error.message)) from None
    if found != content_type:
        raise ValueError(gettext("The file's content is not %(type)s.", type=content_type))
    return data, content_type


def read_pages(folder: Path, locales: list[str]) -> list[Page]:
    """Pages are `pages/<slug>.<locale>.md`, the first line a `# Title`."""
    if not folder.is_dir():
        return []
    pages = []
    for file in sorted(folder.iterdir()):
        match = _PAGE_FILE.match(file.name)
        if not match or match["locale"] not in locales:
            raise ValueError(gettext("%(file)s: name pages <slug>.<%(locales)s>.md",
                                     file=file.name, locales="|".join(locales)))
        text = file.read_text(encoding="utf-8")
        first, _, body = text.partition("\n")
        if not first.startswith("# ") or not first[2:].strip():
            raise ValueError(gettext("%(file)s: the first line must be '# Title'",
                                     file=file.name))
        pages.append(Page(match["slug"], match["locale"], first[2:].strip()[:200],
                          body.strip()))
    return pages
