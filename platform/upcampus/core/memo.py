"""Values read from a city's rows, or national ones, kept in this process until a write
moves the generation they were read under (the page cache's generations,
core/page_cache.py): the page menu of every page, the choices of the skills and themes
forms. A request reads its city's and the national generation once (one Redis MGET, or
two dictionary reads without Redis), before anything it computes, so a value computed
while a write commits is kept under the old generation and never found again.

Only plain values are kept (tuples, strings, numbers), never ORM objects: they outlive
the session that read them. Values are kept only with Redis (every process moves the
generations there); without it, computed every time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, g, has_request_context

from upcampus.core.page_cache import RedisStore, scopes_of, store
from upcampus.tenancy.context import current_scope

log = logging.getLogger("upcampus.memo")
T = TypeVar("T")
ENTRIES = 4096

_lock = threading.Lock()
_kept: OrderedDict[tuple, tuple[float, object]] = OrderedDict()


def request_generations() -> tuple[str, ...]:
    """This request's city and national generations, read once a request (again after a
    commit that moved them)."""
    if "generations" not in g:
        g.generations = store().generations(scopes_of(g.get("city")))
    return g.generations


def kept(name: str, compute: Callable[[], T], *parts) -> T:
    """compute(), or the value it gave for the same name, parts, city and generations.
    Only with Redis: then every process, the CLI's included, moves the generations; a
    process on its own would miss another one's writes (two gunicorn workers)."""
    if not has_request_context() or not isinstance(store(), RedisStore):
        return compute()
    try:
        generations = request_generations()
    except Exception:  # noqa: BLE001 - the store is down: compute, keep nothing
        log.exception("generations unavailable")
        return compute()
    city = g.get("city")
    scope = current_scope()
    if scope.across or scope.tenant_id != (city.id if city else None):
        return compute()  # acting for another city (or all): the key's generations
    key = (name, city.id if city else None, generations, parts)
    now = time.monotonic()
    with _lock:
        hit = _kept.get(key)
        if hit is not None and hit[0] > now:
            _kept.move_to_end(key)
            return hit[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _kept[key] = (now + current_app.config["PAGE_CACHE_SECONDS"], value)
        while len(_kept) > ENTRIES:
            _kept.popitem(last=False)
    return value
