"""Languages: the visitor's choice, then the city's languages against Accept-Language,
then the city's default. Catalogs: core first; per-city words come later in the chain."""

from __future__ import annotations

import threading
from pathlib import Path

from babel import support
from flask import Flask, current_app, g, request
from flask_babel import Babel, Domain, get_locale
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import escape

from upcampus.core.french import de, elide

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
LANG_COOKIE = "lang"


class CityDomain(Domain):
    """Catalogs merged in order: the core, the city's theme, the city's own files
    (tenants/<slug>/translations), then the key terms its admins set on the web. Built
    once per (locale, theme, city) and kept; cities without words of their own share
    one catalog per (locale, theme)."""

    def __init__(self):
        super().__init__(translation_directories=[str(TRANSLATIONS_DIR)])
        self._lock = threading.Lock()

    def get_translations(self):
        if not g:
            return support.NullTranslations()
        # Asked for every string a page shows (a hundred and more): the last answer first,
        # by identity, read straight from the request's g (the language flask-babel chose
        # lives there), then once per request, language and city.
        known = g._get_current_object().__dict__
        last, chosen = known.get("_last_translations"), known.get("_flask_babel")
        city = known.get("city")
        if last is not None and chosen is not None and last[1] is city and (
                last[0] is getattr(chosen, "babel_locale", None)):
            return last[2]
        babel_locale = get_locale()
        locale = str(babel_locale)
        mine = g.__dict__.setdefault("_city_translations", {})
        hit = mine.get((locale, id(city)))
        if hit is not None and hit[0] is city:
            translations = hit[1]
        else:
            translations = self._translations_for(locale, city)
            mine[(locale, id(city))] = (city, translations)
        g._last_translations = (babel_locale, city, translations)
        return translations

    def _translations_for(self, locale: str, city):
        theme = city.theme if city else "default"
        own_dir = Path(current_app.config["TENANTS_DIR"]) / city.slug / "translations" if (
            city) else None
        has_files = own_dir is not None and self._is_dir(own_dir)
        terms = (city.terms or {}).get(locale, {}) if city else {}
        key = (locale, theme, city.slug if (has_files or terms) else "",
               repr(sorted(terms.items())))
        translations = self.cache.get(key)
        if translations is None:
            with self._lock:
                translations = self.cache.get(key) or self._build(
                    locale, theme, own_dir if has_files else None, terms)
                self.cache[key] = translations
        return translations

    def _is_dir(self, path: Path) -> bool:
        """Asked for every translated string: look at the disk once per folder."""
        known = self.__dict__.setdefault("_dirs", {})
        if path not in known:
            known[path] = path.is_dir()
        return known[path]

    @staticmethod
    def _build(locale: str, theme: str, own_dir: Path | None, terms: dict):
        translations = support.Translations()
        directories = [TRANSLATIONS_DIR,
                       Path(current_app.config["THEMES_DIR"]) / theme / "translations"]
        if own_dir is not None:
            directories.append(own_dir)
        for index, directory in enumerate(directories):
            catalog = support.Translations.load(str(directory), [locale])
            if isinstance(catalog, support.Translations):
                translations.merge(catalog)
                if index == 0:  # merge() forgets plural forms; the core's rule them all
                    translations.plural = catalog.plural
        if terms:
            words = support.Translations()
            words._catalog = dict(terms)  # noqa: SLF001 - a catalog from the database
            translations.merge(words)
        return translations

    # "de %(name)s" in French elides by the name: "d’Antony", "d’UP Sceaux" (core/french.py).
    def gettext(self, string, **variables):
        message = self.get_translations().ugettext(string)
        return _elided(message, variables) % variables if variables else message

    def ngettext(self, singular, plural, num, **variables):
        variables.setdefault("num", num)
        message = self.get_translations().ungettext(singular, plural, num)
        return _elided(message, variables) % variables


def _elided(message, variables: dict):
    locale = get_locale()
    return elide(message, variables) if locale is not None and locale.language == "fr" else (
        message)


@pass_context
def _jinja_gettext(context, string, /, **variables):
    """Jinja's gettext, with our two rules: a translation is text (escaped, then the
    escaped values put in), formatted only when there are values; and French elision."""
    message = babel.city_domain.get_translations().ugettext(string)
    if context.eval_ctx.autoescape:
        message = escape(message)
    return _elided(message, variables) % variables if variables else message


@pass_context
def _jinja_ngettext(context, singular, plural, num, /, **variables):
    variables.setdefault("num", num)
    message = babel.city_domain.get_translations().ungettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        message = escape(message)
    return _elided(message, variables) % variables


class CityBabel(Babel):
    city_domain = CityDomain()

    @property
    def domain_instance(self):
        return self.city_domain


babel = CityBabel()


def enabled_locales() -> tuple[str, ...]:
    city = g.get("city")
    if city is not None:
        return city.locales
    return tuple(current_app.config["NATIONAL_LOCALES"])


def default_locale() -> str:
    city = g.get("city")
    return city.default_locale if city is not None else enabled_locales()[0]


def select_locale() -> str:
    if not request:
        return default_locale()
    return choose_locale(request, enabled_locales(), default_locale(), _account_locale())


def choose_locale(asked, enabled: tuple[str, ...], default: str,
                  saved: str | None = None) -> str:
    """The language of a request (`asked`: a Flask or Werkzeug request): this device's
    switcher first, then the person's saved choice (any device), then Accept-Language
    against the enabled languages, then the default. The page cache's door asks it too,
    before Flask, so both agree on a visitor's language."""
    for choice in (asked.args.get("lang"), asked.cookies.get(LANG_COOKIE), saved):
        if choice in enabled:
            return choice
    return asked.accept_languages.best_match(enabled) or default


def _account_locale() -> str | None:
    """The language a logged-in person chose in their account settings."""
    return current_user.locale if current_user and current_user.is_authenticated else None


def remember_language(response, code: str | None):
    """Keep a language choice for this device in a cookie (None forgets it)."""
    if code is None:
        response.delete_cookie(LANG_COOKIE)
    else:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response


def select_timezone() -> str:
    city = g.get("city")
    return city.timezone if city is not None else "Europe/Paris"


# Translations are text, never markup: a city's key terms are typed by its admins and
# travel in the same catalogs as ours. Jinja would trust a translation as markup and
# format it even without variables ("50%" failed); flask-babel's lazy strings call
# themselves markup. Ours escape, and format only when there is something to put in.
LazyString.__html__ = lambda self: escape(str(self))


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories=str(TRANSLATIONS_DIR),
                   default_locale="fr", default_timezone="Europe/Paris")
    # Theme and city environments are overlays of this one: they share these globals.
    app.jinja_env.globals.update(gettext=_jinja_gettext, _=_jinja_gettext,
                                 ngettext=_jinja_ngettext, de=de)

    @app.context_processor
    def languages():
        current = str(get_locale())
        return {"current_locale": current,
                "other_languages": [(code, LANGUAGE_NAMES.get(code, code))
                                    for code in enabled_locales() if code != current]}
