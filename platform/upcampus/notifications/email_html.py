"""The HTML part of an email: the very content of its text part, in a branded layout
(the city's name, colours and logo; the national look for the national site). The text
is escaped before anything becomes markup: a name or a title someone typed stays text."""

from __future__ import annotations

import re

from flask import render_template
from markupsafe import Markup, escape

from upcampus.core.links import absolute_url, public_base_url
from upcampus.tenancy.schemas import COLOUR

NATIONAL_LOOK = {"primary": "#1b1b1b", "secondary": "#b3430e"}
_LINK = re.compile(r"https?://[^\s<>\"']+")


def paragraphs(text: str) -> list[Markup]:
    """Blank-line separated paragraphs, lines kept, links made clickable."""
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text or "")]
    return [Markup("<br>\n").join(_linked(line) for line in block.split("\n"))
            for block in blocks if block.strip()]


def _linked(line: str) -> Markup:
    out, last = [], 0
    for match in _LINK.finditer(line):
        url = match.group(0).rstrip(".,;:!?)")
        end = match.start() + len(url)
        out.append(escape(line[last:match.start()]))
        out.append(Markup('<a href="{0}">{0}</a>').format(url))
        last = end
    out.append(escape(line[last:]))
    return Markup("").join(out)


def look_of(city) -> dict:
    """Colours (checked: a colour goes into a style attribute) and logo of `city`."""
    branding = (city.branding or {}) if city is not None else {}
    look = {name: branding.get(name) if COLOUR.match(str(branding.get(name) or ""))
            else default for name, default in NATIONAL_LOOK.items()}
    base = public_base_url(city)
    look["home"] = base + "/"
    look["name"] = city.name if city is not None else "UP Campus"
    look["logo"] = (absolute_url(base, "tenancy.logo", v=city.logo_hash)
                    if city is not None and city.logo_hash else None)
    return look


def render_html(city, locale: str | None, subject: str, body_text: str,
                unsubscribe: str | None) -> str:
    """Rendered inside written_for(city, locale), like the text part."""
    return render_template("notifications/emails/_layout.html", look=look_of(city),
                           locale=locale or "fr", subject=subject,
                           paragraphs=paragraphs(body_text), unsubscribe=unsubscribe)
