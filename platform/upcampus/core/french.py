"""French elision of "de" before a name: "d’Antony", "d’UP Sceaux", "d’Hérouville", but
"de Sceaux", "de Hautes-Rives" (aspirated h) and "du Havre" (de + le). Used by the `de`
template helper and applied to every French string that says "de %(name)s", whatever
the city's name, so translators keep writing "de" and names elide themselves."""

from __future__ import annotations

import re

from markupsafe import Markup

VOWELS = set("aeiouyàâäéèêëîïôöùûüÿœæ")
# Names whose h is aspirated: no elision ("de Hautes-Bruyères", "le Havre"); any other h is
# mute ("d’Hérouville", "d’Honfleur", "d’Hyères").
ASPIRATED_H = ("haut", "havre", "hameau", "halle", "hêtre", "hérisson", "hollande", "hongrie")
_DE_NAME = re.compile(r"(?<![\w’'])([dD])e %\((\w+)\)s")


def elides(name: str) -> bool:
    """Whether "de" elides before `name`: a vowel, or an h that is not aspirated."""
    word = (name or "").strip().lower()
    if not word:
        return False
    if word[0] in VOWELS:
        return True
    if word[0] == "h":
        return not word.startswith(ASPIRATED_H)
    return False


def de(name: str) -> str:
    """ "de" and a name, as French says it."""
    name = (name or "").strip()
    if name.startswith("Le ") and not elides(name[3:]):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    return f"d’{name}" if elides(name) else f"de {name}"


def elide(message: str, variables: dict) -> str:
    """A French message with "de %(name)s" elided when the value of `name` asks for it.
    Only the word "de" changes: the value itself is still put in (and escaped) by the
    caller's formatting."""
    if "e %(" not in message:
        return message

    def fix(match: re.Match) -> str:
        value = variables.get(match.group(2))
        if isinstance(value, str) and elides(value):
            return f"{match.group(1)}’%({match.group(2)})s"
        return match.group(0)
    fixed = _DE_NAME.sub(fix, str(message))
    return Markup(fixed) if isinstance(message, Markup) else fixed  # noqa: S704 - our catalog
