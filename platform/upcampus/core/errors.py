"""Error pages: every failure gets a clear page in the visitor's language, never a bare 500."""

import logging

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

from upcampus.core.db import db

log = logging.getLogger("upcampus")


def init_errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return render_template("errors/http.html", error=exc), exc.code

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        log.exception("unexpected error")
        db.session.rollback()  # the page below may query; a failed transaction would not
        error = InternalServerError()
        return render_template("errors/http.html", error=error), 500
