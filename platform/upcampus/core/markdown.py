"""User and manifest text is Markdown, rendered then sanitised: never trusted HTML."""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
         "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr"}


def render_markdown(text: str | None) -> Markup:
    return _rendered(text or "")


@lru_cache(maxsize=1024)
def _rendered(text: str) -> Markup:
    # A pure function of the text: a page's comments and description are rendered once
    # per process, not on every view (the result is immutable, so safe to share).
    html = _md.render(text)
    clean = nh3.clean(html, tags=_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener nofollow")
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
