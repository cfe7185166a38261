"""Error pages: every failure gets a clear page in the visitor's language, never a bare 500."""

import logging

from flask import Flask, abort, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from upcampus.core.db import db

log = logging.getLogger("upcampus")


# No script runs on our pages; styles are ours plus a city's colours inline.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; "
                           "style-src 'self' 'unsafe-inline'; script-src 'self'; "
                           "object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
                           "base-uri 'self'")


def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def refuse_nul_in_path():
    """No address of ours holds a NUL byte, and no database column accepts one."""
    if "\x00" in request.path:
        abort(404)


def init_errors(app: Flask) -> None:
    # After the city is resolved (init_tenancy ran first and put its hook at the front):
    # the 404 page is the city's, in its language, and the scope was reset.
    app.before_request(refuse_nul_in_path)
    app.after_request(security_headers)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if request.path.startswith("/api/"):  # the JSON door answers in JSON
            from upcampus.api.problems import problem_response

            return problem_response(exc)
        return render_template("errors/http.html", error=exc), exc.code

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        log.exception("unexpected error")
        db.session.rollback()  # the page below may query; a failed transaction would not
        error = InternalServerError()
        if request.path.startswith("/api/"):
            from upcampus.api.problems import problem_response

            return problem_response(error)
        return render_template("errors/http.html", error=error), 500
