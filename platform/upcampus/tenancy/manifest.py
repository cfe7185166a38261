"""A city's manifest, `tenants/<slug>/tenant.toml`, read and validated as a whole.

Reading never writes: `load_manifest` returns a complete, checked description of the
city (logo bytes and pages included) or raises ManifestError naming every faulty field.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

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

from upcampus.core.rules import RuleError
from upcampus.tenancy.branding import colour_problems, logo_type
from upcampus.tenancy.features import FEATURES
from upcampus.tenancy.models import STATUSES
from upcampus.tenancy.resolver import BadHost, parse_host

SUPPORTED_LOCALES = ("fr", "en")
FONTS = ("system", "humanist", "serif")
RESERVED_SUBDOMAINS = {"www", "api", "admin", "static", "mail", "national", "app", "assets"}
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
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
    elif isinstance(errors, list) and all(isinstance(e, str) for e in errors):
        yield prefix, " ".join(errors)
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

    @validates_schema
    def default_is_enabled(self, data, **_):
        if data["default"] not in data["enabled"]:
            raise ValidationError("The default language must be one of the enabled ones.",
                                  "default")


class BrandingSchema(Schema):
    class Meta:
        unknown = RAISE

    logo = fields.String(load_default=None)
    primary = fields.String(required=True, validate=validate.Regexp(
        _COLOUR, error="Not a colour like #1d4f91."))
    secondary = fields.String(required=True, validate=validate.Regexp(
        _COLOUR, error="Not a colour like #1d4f91."))
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

    slug = fields.String(required=True, validate=validate.Regexp(
        _SLUG, error="Lower-case letters, digits and hyphens only."))
    name = fields.String(required=True, validate=validate.Length(min=2, max=120))
    city = fields.String(required=True, validate=validate.Length(min=1, max=120))
    subdomain = fields.String(load_default=None, validate=validate.Regexp(
        _SLUG, error="Lower-case letters, digits and hyphens only."))
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
    neighbourhoods = fields.List(fields.String(validate=validate.Length(min=1, max=80)),
                                 load_default=None, validate=validate.Length(max=100))

    @validates("timezone")
    def known_timezone(self, value, **_):
        if value not in zoneinfo.available_timezones():
            raise ValidationError("Unknown time zone; use a name like Europe/Paris.")

    @validates("subdomain")
    def not_reserved(self, value, **_):
        if value in RESERVED_SUBDOMAINS:
            raise ValidationError("This subdomain is reserved for the platform.")

    @validates("custom_domains")
    def valid_domains(self, value, **_):
        for host in value:
            try:
                if parse_host(host) != host.lower() or "." not in host:
                    raise BadHost(host)
            except BadHost:
                raise ValidationError(f"{host!r} is not a domain name.") from None

    @validates_schema
    def suspended_has_message(self, data, **_):
        if data.get("status") == "suspended" and not data.get("status_message"):
            raise ValidationError("A suspended city needs a message for its visitors.",
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


def load_manifest(folder: Path, *, themes_dir: Path, max_logo_bytes: int) -> Manifest:
    """Read and check `folder/tenant.toml` and the files it names."""
    path = folder / "tenant.toml"
    if not path.is_file():
        raise ManifestError(path, {"tenant.toml": ["No manifest in this folder."]})
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(path, {"tenant.toml": [f"Not valid TOML: {exc}"]}) from None
    try:
        data = ManifestSchema().load(raw)
    except ValidationError as exc:
        raise ManifestError(path, exc.messages) from None

    data["subdomain"] = data["subdomain"] or data["slug"]
    data["custom_domains"] = sorted({d.lower() for d in data["custom_domains"]})
    errors: dict = {f"branding.{name}": [message] for name, message in colour_problems(
        data["branding"]["primary"], data["branding"]["secondary"]).items()}
    if not (themes_dir / data["theme"]).is_dir():
        errors["theme"] = [f"No theme {data['theme']!r} in {themes_dir}."]
    manifest = Manifest(path=path, data=data)
    logo_name = data["branding"].get("logo")
    if logo_name:
        try:
            manifest.logo, manifest.logo_type = read_logo(folder, logo_name, max_logo_bytes)
            manifest.logo_hash = hashlib.sha256(manifest.logo).hexdigest()
        except ValueError as exc:
            errors["branding.logo"] = [str(exc)]
    try:
        manifest.pages = read_pages(folder / "pages", data["locales"]["enabled"])
    except ValueError as exc:
        errors["pages"] = [str(exc)]
    if errors:
        raise ManifestError(path, errors)
    return manifest


def read_logo(folder: Path, name: str, max_bytes: int) -> tuple[bytes, str]:
    file = (folder / name).resolve()
    if folder.resolve() not in file.parents or not file.is_file():
        raise ValueError(f"No file {name!r} beside the manifest.")
    content_type = LOGO_TYPES.get(file.suffix.lower())
    if content_type is None:
        raise ValueError("The logo must be SVG, PNG, JPEG or WebP.")
    data = file.read_bytes()
    try:
        found = logo_type(data, max_bytes)
    except RuleError as error:
        raise ValueError(str(error.message)) from None
    if found != content_type:
        raise ValueError(f"The file's content is not {content_type}.")
    return data, content_type


def read_pages(folder: Path, locales: list[str]) -> list[Page]:
    """Pages are `pages/<slug>.<locale>.md`, the first line a `# Title`."""
    if not folder.is_dir():
        return []
    pages = []
    for file in sorted(folder.iterdir()):
        match = _PAGE_FILE.match(file.name)
        if not match or match["locale"] not in locales:
            raise ValueError(f"{file.name}: name pages <slug>.<{'|'.join(locales)}>.md")
        text = file.read_text(encoding="utf-8")
        first, _, body = text.partition("\n")
        if not first.startswith("# ") or not first[2:].strip():
            raise ValueError(f"{file.name}: the first line must be '# Title'")
        pages.append(Page(match["slug"], match["locale"], first[2:].strip()[:200],
                          body.strip()))
    return pages
