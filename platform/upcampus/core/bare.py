"""The yardstick of the load benchmark: a bare Flask page rendering a 20-item Jinja loop,
served by the same gunicorn and nginx as the platform (`scripts/stack` runs `stack_app()`),
so each page's rate is read next to what the stack itself costs.

Production runs `upcampus.app:create_app()`, never this.
"""

from __future__ import annotations

from flask import Flask, render_template_string
from werkzeug.middleware.dispatcher import DispatcherMiddleware

BARE_PREFIX = "/__bare"
ITEMS = tuple(f"Item {n}" for n in range(1, 21))
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><ul>
{% for item in items %}<li class="item-{{ loop.index }}">{{ item }}</li>
{% endfor %}</ul></body></html>"""


def create_bare_app() -> Flask:
    bare = Flask("upcampus_bare")

    @bare.get("/")
    def page():
        return render_template_string(PAGE, title="Bare page", items=ITEMS)

    return bare


def stack_app(platform=None):
    """The platform, with the bare page at /__bare/ on every host (benchmark stacks only)."""
    if platform is None:
        from upcampus.app import create_app

        platform = create_app()
    platform.wsgi_app = DispatcherMiddleware(platform.wsgi_app,
                                             {BARE_PREFIX: create_bare_app()})
    return platform
