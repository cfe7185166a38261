"""Every list paginates with Flask-SQLAlchemy's own `paginate`: one count query and one
page query, whatever the data size. The page number is read by the view and passed in, so
operations (search) never touch the request."""

from __future__ import annotations

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from upcampus.core.db import db

MAX_PAGE = 100_000  # beyond it an OFFSET overflows PostgreSQL's bigint: treat as page 1


def page_number(name: str = "page") -> int:
    """The requested page from the query string; anything odd means page 1."""
    raw = request.args.get(name, "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) < MAX_PAGE else 1


def paginate(statement: Select, page: int, per_page: int = 24) -> Pagination:
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


class CountedPage(Pagination):
    """A page whose items and total a query of its own already found (the facilitation
    board counts every column at once): Flask-SQLAlchemy's pager, without its queries."""

    def __init__(self, items: list, page: int, per_page: int, total: int):
        super().__init__(page=page, per_page=per_page, max_per_page=None, error_out=False,
                         items=items, total=total)

    def _query_items(self) -> list:
        return self._query_args["items"]

    def _query_count(self) -> int:
        return self._query_args["total"]
