"""Feature switches a city may turn on or off in its manifest, with their defaults. A switch
is declared here only once something obeys it."""

from flask_babel import lazy_gettext as _l

FEATURES = {
    "directory": (True, _l("Directory of members and organisations")),
    "projects": (True, _l("Ideas, projects and wishes")),
    "api": (True, _l("Public JSON API")),
    "events": (True, _l("Events and conferences")),
    "matching": (True, _l("Suggestions of people for needs, and of needs for people")),
}


def resolved_features(chosen: dict[str, bool]) -> dict[str, bool]:
    """Every known switch, with the city's choice where it made one."""
    return {name: bool(chosen.get(name, default)) for name, (default, _) in FEATURES.items()}
