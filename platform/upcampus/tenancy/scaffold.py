"""`upcampus tenants new`: a fresh city folder, rather than a copy of another city's
(which would keep its slug, pages and logo)."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import tempfile
from pathlib import Path

import tomli_w
from flask_babel import gettext

from upcampus.core.rules import RuleError
from upcampus.tenancy.manifest import _SLUG, RESERVED_SUBDOMAINS, load_manifest

# (primary, secondary) pairs that pass the contrast rules (tests check each one).
PALETTE = (("#1d4f91", "#7a3b00"), ("#1a5e3a", "#8a3300"), ("#5b2a86", "#0b6e75"),
           ("#8c1c3a", "#1d4f91"), ("#0b5f6e", "#6b3fa0"), ("#7a3b00", "#1a5e3a"))
_SMALL_WORDS = {"la", "le", "les", "de", "du", "des", "sur", "sous", "en", "et", "aux", "au"}


def initials(city: str) -> str:
    """'Bourg-la-Reine' -> 'BR', 'Antony' -> 'A': the letters the placeholder logo shows."""
    words = [w for w in re.split(r"[\s\-'’]+", city) if w and w.lower() not in _SMALL_WORDS]
    letters = [next((c for c in w if c.isalnum()), "") for w in words]
    return "".join(letters)[:3].upper() or "UP"


def placeholder_logo(name: str, city: str, colour: str) -> bytes:
    """An SVG disc in the city's colour with its initials in white."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" '
        f'aria-label="{html.escape(name, quote=True)}">\n'
        f'  <circle cx="32" cy="32" r="30" fill="{colour}"/>\n'
        '  <text x="32" y="32" dy="0.35em" text-anchor="middle" font-family="sans-serif" '
        f'font-size="22" font-weight="700" fill="#ffffff">{html.escape(initials(city))}</text>\n'
        "</svg>\n").encode()


def _manifest(slug: str, name: str, city: str, primary: str, secondary: str) -> str:
    data = {
        "slug": slug, "name": name, "city": city, "status": "active", "theme": "default",
        "timezone": "Europe/Paris",
        "locales": {"default": "fr", "enabled": ["fr", "en"]},
        "description": {
            "fr": f"Le réseau des habitants qui font bouger {city} : proposez une idée, "
                  "cherchez des bras pour votre projet, offrez vos compétences aux projets "
                  "de vos voisins.",
            "en": f"The network of the people who move {city} forward: suggest an idea, "
                  "find hands for your project, offer your skills to your neighbours' "
                  "projects."},
        "branding": {"logo": "logo.svg", "primary": primary, "secondary": secondary,
                     "font": "system"},
        "features": {},
    }
    header = (f"# {name}: written by `upcampus tenants new`. Edit it, then run\n"
              f"# upcampus tenants onboard tenants/{slug}\n"
              "# The folder's name is the slug; contact = {email, phone, address, website}.\n")
    return header + tomli_w.dumps(data)


def _pages(name: str, city: str) -> dict[str, str]:
    return {
        "a-propos.fr.md": (
            f"# À propos — {name}\n\n{name} relie les habitants, les associations, les "
            "commerces et les services de la ville autour des projets qui font vivre "
            f"{city}. La mairie repère les projets d'intérêt collectif et les aide à "
            "trouver les bons partenaires.\n"),
        "a-propos.en.md": (
            f"# About {name}\n\n{name} connects residents, associations, shops and city "
            f"services around the projects that bring {city} to life. The city hall spots "
            "the projects of collective interest and helps them find the right partners.\n"),
    }


def city_pages(name: str, city: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(slug, locale) -> (title, body) of the pages a new city starts with."""
    found = {}
    for file, text in _pages(name, city).items():
        slug, locale, _md = file.split(".")
        first, _, body = text.partition("\n")
        found[(slug, locale)] = (first[2:].strip(), body.strip())
    return found


def write_city_folder(tenants_dir: Path, slug: str, *, city: str, name: str | None,
                      themes_dir: Path, max_logo_bytes: int) -> Path:
    """Write tenants_dir/<slug>: manifest, placeholder logo, pages naming the city.
    RuleError for a bad slug or an existing folder; ManifestError (fields named) for a
    name or city the manifest would refuse. Nothing is written unless all is sound."""
    if not _SLUG.match(slug) or slug in RESERVED_SUBDOMAINS:
        raise RuleError("slug", gettext(
            "%(slug)s is not a usable slug: lower-case letters, digits and hyphens, "
            "not a reserved name.", slug=repr(slug)))
    target = Path(tenants_dir) / slug
    if target.exists():
        raise RuleError("slug", gettext("%(folder)s already exists.", folder=str(target)))
    name = name or f"UP {city}"
    primary, secondary = PALETTE[hashlib.sha256(slug.encode()).digest()[0] % len(PALETTE)]
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / slug
        (draft / "pages").mkdir(parents=True)
        (draft / "tenant.toml").write_text(_manifest(slug, name, city, primary, secondary),
                                           encoding="utf-8")
        (draft / "logo.svg").write_bytes(placeholder_logo(name, city, primary))
        for file, text in _pages(name, city).items():
            (draft / "pages" / file).write_text(text, encoding="utf-8")
        load_manifest(draft, themes_dir=themes_dir, max_logo_bytes=max_logo_bytes)
        shutil.copytree(draft, target)
    return target
