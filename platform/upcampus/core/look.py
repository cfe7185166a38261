"""What the theme needs from Python: initials for generated pictures (a person, an
organisation or a project without an image) and a city's generated favicon. Both are
drawn in the page itself (CSS or an inline data: URI), so they cost no request."""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import escape

# Small words that make poor initials: "Les Jardins de Sceaux" gives "JS".
_SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "the", "of", "and", "et",
                "a", "à", "au", "aux", "en", "un", "une", "pour", "sur"}


def initials(name: str | None, letters: int = 2) -> str:
    """Up to `letters` capitals from the first words of `name`; "?" when there is none."""
    words = [w for w in (name or "").replace("'", " ").replace("’", " ").replace("-", " ").split()
             if any(c.isalnum() for c in w)]
    chosen = [w for w in words if w.lower() not in _SMALL_WORDS] or words
    picked = "".join(next(c for c in w if c.isalnum()) for w in chosen[:letters])
    return picked.upper() or "?"


def favicon_data_uri(text: str, background: str, foreground: str) -> str:
    """An SVG favicon: the initials on the city's colour, as a data: URI (img-src data:)."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
           f'<rect width="64" height="64" rx="12" fill="{escape(background)}"/>'
           '<text x="32" y="42" font-family="system-ui,sans-serif" font-size="28" '
           f'font-weight="700" text-anchor="middle" fill="{escape(foreground)}">'
           f'{escape(initials(text))}</text></svg>')
    return "data:image/svg+xml," + quote(svg, safe="")


def summary(text: str | None, length: int = 200) -> str:
    """Plain text of the start of some Markdown, for a page's description and its cards."""
    from upcampus.core.markdown import render_markdown

    plain = " ".join(render_markdown(text or "").striptags().split())
    return plain if len(plain) <= length else plain[:length - 1].rsplit(" ", 1)[0] + "…"


def national_url() -> str:
    """The national site's home, from the configuration (never from the Host header)."""
    from upcampus.core.links import public_base_url, request_scheme

    return public_base_url(None, request_scheme()) + "/"


def register_look(app) -> None:
    app.jinja_env.globals["national_url"] = national_url
    app.jinja_env.filters["initials"] = initials
    app.jinja_env.filters["summary"] = summary
    app.jinja_env.globals["favicon_data_uri"] = favicon_data_uri
