"""A city's look and words, as its admins may change them: colours readable by everyone
(WCAG 2.1 contrast), a logo that is really an image, a short list of key terms."""

from __future__ import annotations

import hashlib

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from upcampus.core.rules import RuleError
from upcampus.tenancy.schemas import COLOUR, COLOUR_MESSAGE
from upcampus.tenancy.svg import UnsafeSvgError, clean_svg

TEXT_CONTRAST = 4.5  # white text on the primary colour, primary links on white
UI_CONTRAST = 3.0  # focus outlines and borders in the secondary colour, on white

# Words a city may rename from the web (msgid -> what it is, for the admin).
KEY_TERMS = {
    "Members": _l("The members, in the menu and the directory"),
    "Member": _l("One member"),
    "Organisations": _l("The organisations"),
    "Projects": _l("The projects, in the menu"),
    "Ideas, projects and wishes": _l("Title of the list of publications"),
    "Projects of collective interest": _l("Title of the featured projects"),
    "They need you": _l("Title of the open needs on the home page"),
}


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour_problems(primary: str, secondary: str) -> dict[str, str]:
    """Field -> why the colour is refused; empty when both will do."""
    problems = {}
    for name, value, needed in (("primary", primary, TEXT_CONTRAST),
                                ("secondary", secondary, UI_CONTRAST)):
        if not COLOUR.match(value or ""):
            problems[name] = str(COLOUR_MESSAGE)
            continue
        ratio = contrast(value, "#ffffff")
        if ratio < needed:
            problems[name] = str(_l(
                "Against white, %(colour)s has a contrast of %(ratio)s:1; at least "
                "%(needed)s:1 is needed so that everyone can read it. Choose a darker "
                "shade.", colour=value, ratio=format_decimal(ratio, "0.0"),
                needed=format_decimal(needed, "0.0")))
    return problems


def check_colours(primary: str, secondary: str) -> None:
    problems = colour_problems(primary, secondary)
    if problems:
        field, message = next(iter(problems.items()))
        raise RuleError(field, message)


LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def checked_logo(data: bytes, max_bytes: int) -> tuple[bytes, str]:
    """The logo to store and its content type: an SVG is rebuilt from an allow-list,
    other images are kept as sent once their bytes say what they are."""
    content_type = logo_type(data, max_bytes)
    if content_type == "image/svg+xml":
        data = clean_svg(data)
    return data, content_type


def logo_type(data: bytes, max_bytes: int) -> str:
    """The content type of an uploaded logo, judged by its bytes; RuleError otherwise."""
    if len(data) > max_bytes:
        raise RuleError("logo", _l("The logo weighs %(size)d bytes; at most %(max)d.",
                                   size=len(data), max=max_bytes))
    for signature, content_type in LOGO_SIGNATURES.items():
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if b"<svg" in data[:4096].lower():
        try:
            clean_svg(data)
        except UnsafeSvgError:
            raise RuleError("logo", _l("This SVG file could not be read as an image.")) from None
        return "image/svg+xml"
    raise RuleError("logo", _l("The logo must be an SVG, PNG, JPEG or WebP image."))


def logo_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


INK = "#1b1b1b"  # the darkest text of the theme; white is the lightest


def readable_on(background: str) -> str:
    """The text colour (white or the theme's ink) with the higher contrast on
    `background`; pure black for mid-tones where neither reaches 4.5:1 (WCAG AA). White
    or black always reaches at least 4.58:1 (the square root of 21), whatever the colour."""
    best = max(("#ffffff", INK), key=lambda text: contrast(text, background))
    return best if contrast(best, background) >= TEXT_CONTRAST else "#000000"


def _mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` of `other` blended in, as #rrggbb."""
    pairs = [(int(colour[i:i + 2], 16), int(other[i:i + 2], 16)) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in pairs)


def colour_roles(branding: dict) -> dict[str, str]:
    """The theme's colour roles for a city's two colours: each background comes with the
    text colour readable on it, so no page can show primary text on primary."""
    primary = branding.get("primary") or "#1d4f91"
    accent = branding.get("secondary") or "#7a3b00"
    if not COLOUR.match(primary):
        primary = "#1d4f91"
    if not COLOUR.match(accent):
        accent = "#7a3b00"
    primary_soft = _mix(primary, "#ffffff", 0.9)
    return {"primary": primary, "on-primary": readable_on(primary),
            "accent": accent, "on-accent": readable_on(accent),
            "primary-soft": primary_soft, "on-primary-soft": readable_on(primary_soft),
            "primary-strong": _mix(primary, "#000000", 0.2)}
