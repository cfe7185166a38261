"""Password hashing (argon2) and the rule for a password strong enough."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

_hasher = PasswordHasher()
_dummy: dict[str, str] = {}
MIN_LENGTH = 10
# The field's hint already says how long; the error says what is wrong.
TOO_SHORT = _l("This password is too short.")
COMMON = {
    "azertyuiop", "qwertyuiop", "1234567890", "0123456789", "motdepasse", "password12",
    "password123", "azerty1234", "soleil1234", "bonjour123", "loulou1234", "iloveyou12",
    "jetaime123", "marseille13", "doudou1234", "chouchou12", "abcdefghij", "aaaaaaaaaa",
    "upcampus-demo", "upcampus123", "sceaux1234", "motdepasse1", "passw0rd12",
}


def configure(time_cost: int, memory_kib: int) -> None:
    """Argon2's cost for new hashes (a hash keeps the cost it was made with): the
    library's defaults in production, a cheap one for the test suite."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib,
                             parallelism=min(4, max(1, memory_kib // 8)))
    _dummy.clear()


def check_against_nothing(password: str) -> None:
    """As long as checking a real hash: an unknown address answers no faster."""
    if "hash" not in _dummy:
        _dummy["hash"] = _hasher.hash("no account has this password")
    check_password(_dummy["hash"], password)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str, email: str = "") -> str | None:
    """Why a password is too weak, or None if it will do. Its length is the schemas'
    rule (accounts/schemas.py, with MIN_LENGTH and TOO_SHORT): this is what a length
    cannot say."""
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) < 4:
        return str(_l("This password is too common; choose another."))
    local = email.split("@")[0].lower()
    if len(local) >= 3 and local in lowered:
        return str(_l("Your password must not contain your email address."))
    return None
