"""Views every host shares: health check and language choice."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, redirect, request
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from upcampus.core.db import db
from upcampus.core.i18n import enabled_locales, remember_language

blueprint = Blueprint("core", __name__)


@blueprint.get("/healthz")
def healthz():
    """State of the database and, where configured, of Redis; 503 if any is down."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    redis_url = current_app.config["REDIS_URL"]
    if redis_url:
        try:
            connection = Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2)
            connection.ping()
            checks["redis"] = "ok"
            checks["worker"] = worker_check(connection)
        except (RedisError, OSError) as exc:
            checks["redis"] = f"error: {type(exc).__name__}"
            checks["worker"] = "unknown"
    else:
        checks["redis"] = "not configured"
        checks["worker"] = "inline"  # no Redis: jobs run in the request that asks for them
    healthy = all(v in ("ok", "not configured", "inline") for v in checks.values())
    return jsonify(status="ok" if healthy else "error", **checks), 200 if healthy else 503


def worker_check(connection) -> str:
    """ok when a worker of this site's queues reported within WORKER_HEARTBEAT_SECONDS
    (rq's last_heartbeat); a dead worker stays listed until its key expires."""
    from rq import Worker

    from upcampus.core.jobs import queue

    limit = current_app.config["WORKER_HEARTBEAT_SECONDS"]
    now = datetime.now(UTC)
    for worker in Worker.all(queue=queue(), connection=connection):
        beat = worker.last_heartbeat
        if beat is not None and (now - beat.replace(tzinfo=beat.tzinfo or UTC)
                                 ).total_seconds() < limit:
            return "ok"
    return "error: no worker heartbeat"


def safe_next(target: str | None) -> str:
    """A path on this host to go back to; anything pointing elsewhere becomes "/"."""
    if not target or "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc != request.host:
            return "/"
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    if not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@blueprint.get("/lang/<code>")
def choose_language(code: str):
    response = redirect(safe_next(request.args.get("next")))
    return remember_language(response, code) if code in enabled_locales() else response
