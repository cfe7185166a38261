"""Templates per city: the city's own overrides (rare) -> its theme -> the default theme ->
each module's templates.

Jinja caches templates by name, so a per-city lookup needs its own cache: one overlay
environment per (theme, city with overrides), built once and kept, never one per
request. An override extends what it replaces with a prefix: `theme:` (the theme, then
the default), `default:` (the default theme, then the modules).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, g, has_app_context, send_from_directory
from flask_babel import force_locale, get_locale
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from markupsafe import Markup
from werkzeug.exceptions import NotFound


class ThemedFlask(Flask):
    """Flask whose `jinja_env` is the current city's environment."""

    _theme_envs: dict
    _theme_lock: threading.Lock

    @property
    def jinja_env(self) -> Environment:  # type: ignore[override]
        base = self.__dict__.get("_base_jinja_env")
        if base is None:
            base = self.__dict__["_base_jinja_env"] = self.create_jinja_environment()
        city = g.get("city") if has_app_context() else None
        if city is None or (city.theme == "default" and not self._has_overrides(city.slug)):
            return base
        return self.city_environment(base, city.theme, city.slug)

    def _has_overrides(self, slug: str) -> bool:
        # Asked at every render: look at the disk once per city (overrides are deployed code).
        known = self.__dict__.setdefault("_override_dirs", {})
        if slug not in known:
            known[slug] = (Path(self.config["TENANTS_DIR"]) / slug / "templates").is_dir()
        return known[slug]

    def city_environment(self, base: Environment, theme: str, slug: str) -> Environment:
        key = (theme, slug if self._has_overrides(slug) else None)
        envs = self.__dict__.setdefault("_theme_envs", {})
        env = envs.get(key)
        if env is None:
            with self.__dict__.setdefault("_theme_lock", threading.Lock()):
                env = envs.get(key) or base.overlay(loader=self._loader(base, *key))
                envs[key] = env
        return env

    def _loader(self, base: Environment, theme: str, slug: str | None) -> ChoiceLoader:
        themes = Path(self.config["THEMES_DIR"])
        default = ChoiceLoader([FileSystemLoader(str(themes / "default" / "templates")),
                                base.loader])
        theme_chain = ChoiceLoader([FileSystemLoader(str(themes / theme / "templates")),
                                    default])
        prefixed = PrefixLoader({"default": default, "theme": theme_chain}, delimiter=":")
        chain = [prefixed, theme_chain]
        if slug is not None:
            tenant = Path(self.config["TENANTS_DIR"]) / slug / "templates"
            chain.insert(0, FileSystemLoader(str(tenant)))
        return ChoiceLoader(chain)


_NO_CITY = object()


@contextmanager
def written_for(city, locale: str | None) -> Iterator[None]:
    """What is rendered inside speaks as `city` (its theme, templates and words; None:
    the national site) in `locale` (None: the one in force): an email written by a job,
    the CLI or a page of another city. Templates and catalogs find the city on `g`, so
    it is set there for the block only and the caller's is put back after."""
    previous = g.get("city", _NO_CITY)
    g.city = city
    try:
        if locale:
            with force_locale(locale):
                yield
        else:
            yield
    finally:
        if previous is _NO_CITY:
            g.pop("city", None)
        else:
            g.city = previous


def init_templating(app: Flask) -> None:
    themes = Path(app.config["THEMES_DIR"])
    default = FileSystemLoader(str(themes / "default" / "templates"))
    app.jinja_loader = ChoiceLoader([
        PrefixLoader({"default": default, "theme": default}, delimiter=":"), default])

    app.jinja_env.globals["first_time"] = first_time
    app.jinja_env.globals["once_a_request"] = once_a_request

    @app.get("/themes/<theme>/<path:filename>", endpoint="theme_static")
    def theme_static(theme: str, filename: str):
        folder = themes / theme / "static"
        if not theme.replace("-", "").isalnum() or not folder.is_dir():
            raise NotFound()
        return send_from_directory(folder, filename, max_age=3600)


def first_time(name: str) -> bool:
    """True once a request for each name: a macro used many times on a page (a Markdown
    field) loads its script once."""
    seen = g.setdefault("first_time_seen", set())
    if name in seen:
        return False
    seen.add(name)
    return True


def once_a_request(name: str, render):
    """render() the first time a request asks for `name` in its language, the same markup
    after: a block shown many times on a page and the same each time."""
    kept = g.setdefault("once_a_request", {})
    key = (name, str(get_locale()))
    if key not in kept:
        kept[key] = Markup(render())  # noqa: S704 - a macro's output, escaped by Jinja
    return kept[key]
