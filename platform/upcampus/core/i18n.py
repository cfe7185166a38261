"""Languages: the visitor's choice, then the city's languages against Accept-Language,
then the city's default. Catalogs: core first; per-city words come later in the chain."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g, request
from flask_babel import Babel, get_locale
from flask_login import current_user

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
LANG_COOKIE = "lang"

babel = Babel()


def enabled_locales() -> tuple[str, ...]:
    city = g.get("city")
    if city is not None:
        return city.locales
    return tuple(current_app.config["NATIONAL_LOCALES"])


def default_locale() -> str:
    city = g.get("city")
    return city.default_locale if city is not None else enabled_locales()[0]


def select_locale() -> str:
    enabled = enabled_locales()
    if not request:
        return default_locale()
    for choice in (request.args.get("lang"), _account_locale(),
                   request.cookies.get(LANG_COOKIE)):
        if choice in enabled:
            return choice
    return request.accept_languages.best_match(enabled) or default_locale()


def _account_locale() -> str | None:
    """The language a logged-in person chose in their account settings."""
    return current_user.locale if current_user and current_user.is_authenticated else None


def select_timezone() -> str:
    city = g.get("city")
    return city.timezone if city is not None else "Europe/Paris"


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories=str(TRANSLATIONS_DIR),
                   default_locale="fr", default_timezone="Europe/Paris")

    @app.context_processor
    def languages():
        current = str(get_locale())
        return {"current_locale": current,
                "other_languages": [(code, LANGUAGE_NAMES.get(code, code))
                                    for code in enabled_locales() if code != current]}
