"""`upcampus matching evaluate FILE.json`: how good are the suggestions? The file (format
in docs/matching.md) is loaded into a throwaway city of a temporary SQLite database, every
need gets its suggestions, and they are compared with what a facilitator expected.

precision@5: the share of the first 5 suggestions that were expected (fewer expected than
5: the best reachable is counted as 1); recall@10: the share of the expected found in the
first 10; mrr: the mean of 1/rank of the first expected one. Needs without any expected
match are not counted."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path

from marshmallow import ValidationError

from upcampus.core.rules import RuleError

PRECISION_AT, RECALL_AT = 5, 10


class EvaluationError(RuleError):
    def __init__(self, message: str):
        super().__init__("file", message)


def read_file(path: Path) -> dict:
    """The file, checked: shape, duplicate keys, expected keys that exist. Codes are
    checked against the taxonomy once loaded (load_city)."""
    from upcampus.matching.schemas import EvaluationFile

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{path}: not a JSON file ({exc})") from None
    try:
        data = EvaluationFile().load(raw)
    except ValidationError as exc:
        raise EvaluationError(f"{path}: {_first(exc.messages)}") from None
    keys: dict[str, str] = {}
    for part in ("members", "organisations", "needs"):
        for entry in data[part]:
            if entry["key"] in keys:
                raise EvaluationError(f"duplicate key {entry['key']!r} "
                                      f"(in {keys[entry['key']]} and {part})")
            keys[entry["key"]] = part
    for need_key, wanted in data["expected"].items():
        if keys.get(need_key) != "needs":
            raise EvaluationError(f"expected: {need_key!r} is not the key of a need")
        for key in wanted:
            if keys.get(key) not in ("members", "organisations"):
                raise EvaluationError(f"expected[{need_key!r}]: {key!r} is not the key of a "
                                      "member or an organisation")
    return data


def _first(messages, path: str = "") -> str:
    """One readable line from marshmallow's nested messages."""
    if isinstance(messages, dict):
        key, value = next(iter(messages.items()))
        return _first(value, f"{path}.{key}" if path else str(key))
    if isinstance(messages, list) and messages and not isinstance(messages[0], str):
        return _first(messages[0], path)
    return f"{path}: {' '.join(map(str, messages))}"


def evaluate(path: Path) -> dict[str, float]:
    """Load the file into a temporary database and measure; nothing else is touched."""
    from flask_migrate import upgrade

    from upcampus.app import create_app
    from upcampus.core.db import db
    from upcampus.core.settings import REPO_ROOT
    from upcampus.taxonomy.operations import sync_shared_taxonomy

    data = read_file(path)
    _quiet_migrations()
    with tempfile.TemporaryDirectory(prefix="upcampus-evaluate-") as folder:
        url = f"sqlite:///{Path(folder) / 'evaluate.sqlite3'}"
        app = create_app({"ENV": "test", "DATABASE_URL": url, "MIGRATION_DATABASE_URL": "",
                          "REDIS_URL": "", "INSTANCE_DIR": folder, "TESTING": True})
        with app.app_context():
            try:
                upgrade(directory=str(REPO_ROOT / "migrations"))
                sync_shared_taxonomy()
                return _measure(data)
            finally:
                db.session.remove()
                db.engine.dispose()


def _quiet_migrations() -> None:
    """The figures are the output: Alembic's progress lines are not."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())  # migrations/env.py then leaves logging be
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _measure(data: dict) -> dict[str, float]:
    from upcampus.matching.evaluation_city import load_city, suggest_all
    from upcampus.tenancy.context import tenant_scope

    city, keys = load_city(data)
    with tenant_scope(city):
        ranked = suggest_all(keys, RECALL_AT)
    return scores(ranked, data["expected"])


def scores(ranked: dict[str, list[str]], expected: dict[str, list[str]]) -> dict[str, float]:
    precision = recall = reciprocal = 0.0
    counted = 0
    for need_key, wanted in expected.items():
        wanted = set(wanted)
        if not wanted:
            continue
        counted += 1
        got = ranked.get(need_key, [])
        hits = [key in wanted for key in got]
        precision += sum(hits[:PRECISION_AT]) / min(PRECISION_AT, len(wanted))
        recall += sum(hits[:RECALL_AT]) / len(wanted)
        reciprocal += next((1 / rank for rank, hit in enumerate(hits, 1) if hit), 0.0)
    if not counted:
        return {"precision@5": 0.0, "recall@10": 0.0, "mrr": 0.0, "needs": 0}
    return {"precision@5": round(precision / counted, 3), "recall@10": round(recall / counted, 3),
            "mrr": round(reciprocal / counted, 3), "needs": counted}
