"""Rate limits per client address, declared here and only here (Flask-Limiter; Redis
storage when REDIS_URL is set, so they hold across processes; memory otherwise).

Each entry attaches to a registered endpoint, POST only: reading a page is never
limited. Email-sending forms also share one limit, so switching forms does not send
more mail. RATE_LIMITS=false (config/test.toml) turns every limit off.
"""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded

RATE_LIMITS = {
    "accounts.signup": "10 per hour",
    "accounts.request_reset": "5 per hour",
    "accounts.resend_verification": "5 per hour",
    "accounts.login": "30 per minute",  # a delay; lockouts are throttle.py's, per account
    "project_activity.comment": "30 per hour",
    "project_activity.change_comment": "60 per hour",
    "project_activity.help_need": "20 per hour",
    "project_activity.answer": "60 per hour",
    "project_activity.news": "10 per hour",
    "markdown.preview": "600 per hour",  # one a pause in typing while the preview is open
}
EMAIL_SENDING = ("accounts.signup", "accounts.request_reset", "accounts.resend_verification",
                 "project_activity.help_need", "project_activity.answer",
                 "project_activity.news")
EMAIL_LIMIT = "30 per hour"
# The API, per token (per address without one): every read, and each write on its own.
API_READ_LIMIT = "300 per minute"
API_WRITE_LIMITS = {
    "api.add_project_comment": "30 per hour",
    "api.create_project": "30 per hour",
    "api.update_project": "120 per hour",
    "api.create_need": "60 per hour",
    "api.create_offer": "20 per hour",  # each one emails the holders
    "api.answer_help_offer": "60 per hour",
    "api.mark": "300 per hour",
    "api.new_organisation": "10 per hour",
    "api.change_organisation": "60 per hour",
    "api.registration": "60 per hour",
    "api.facilitation_move": "120 per hour",
}
API_WRITES = ["POST", "PUT", "PATCH", "DELETE"]
SECRET_FIELDS = ("csrf_token", "password", "current_password", "confirm")


def client_address() -> str:
    return request.remote_addr or "unknown"


def api_client() -> str:
    token, account = g.get("api_token"), g.get("api_account")
    if token is not None:
        return f"token:{token.id}"
    return f"account:{account.id}" if account is not None else f"address:{client_address()}"


def typed_text() -> str:
    """What the visitor sent, secrets left out, to show back on the 429 page."""
    if request.method != "POST":
        return ""
    values = [value.strip() for key, value in request.form.items(multi=True)
              if key not in SECRET_FIELDS and value.strip()]
    return "\n\n".join(values)[:10000]


def init_limits(app: Flask) -> Limiter:
    redis_url = app.config.get("REDIS_URL")
    limiter = Limiter(client_address, app=None, storage_uri=redis_url or "memory://",
                      key_prefix=f"upcampus-limits:{app.config['JOBS_QUEUE']}",
                      enabled=app.config["RATE_LIMITS"], headers_enabled=True,
                      strategy="moving-window")
    app.config["RATELIMIT_ENABLED"] = app.config["RATE_LIMITS"]
    limiter.init_app(app)
    email = limiter.shared_limit(EMAIL_LIMIT, scope="email", methods=["POST"])
    for endpoint, limit in RATE_LIMITS.items():
        view = limiter.limit(limit, methods=["POST"])(app.view_functions[endpoint])
        app.view_functions[endpoint] = email(view) if endpoint in EMAIL_SENDING else view
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith("api.") and endpoint not in ("api.docs", "api.openapi"):
            view = limiter.limit(API_READ_LIMIT, key_func=api_client, scope="api-read",
                                 methods=["GET", "HEAD"])(view)
            if endpoint in API_WRITE_LIMITS:
                view = limiter.limit(API_WRITE_LIMITS[endpoint], key_func=api_client,
                                     methods=API_WRITES)(view)
            app.view_functions[endpoint] = view
    app.extensions["upcampus_limiter"] = limiter

    @app.errorhandler(RateLimitExceeded)
    def too_many(exc: RateLimitExceeded):
        if request.path.startswith("/api/"):
            from upcampus.api.problems import problem_response

            return problem_response(exc)
        return render_template("errors/too_many_requests.html", typed=typed_text()), 429

    return limiter
