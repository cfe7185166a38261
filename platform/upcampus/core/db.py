"""The one database handle, with constraint names Alembic can rely on (SQLite batch mode)."""

from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import MetaData, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from upcampus.tenancy.bulk import ScopedBulkMixin

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Session(ScopedBulkMixin, FlaskSession):
    """Flask-SQLAlchemy's session, with the city checks on bulk writes."""


db = SQLAlchemy(model_class=Base, session_options={"class_": Session})


def utcnow() -> datetime:
    return datetime.now(UTC)


def serialise_on(model, row_id: int) -> None:
    """Writers that check then act on behalf of one row (a member, an account, an offer)
    take turns until commit: the same click sent twice at once is seen as twice.
    PostgreSQL locks the row (SELECT ... FOR UPDATE). SQLite ignores FOR UPDATE, so a
    no-op UPDATE of the row takes its single write lock there; the next writer waits."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(model).where(model.id == row_id).values(id=model.id)
                           .execution_options(synchronize_session=False))
    else:
        db.session.execute(select(model.id).where(model.id == row_id).with_for_update())


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record):
    # SQLite ignores foreign keys unless asked, per connection.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


# Schema objects written by hand in migrations, which the models do not describe: the
# SQLite FTS5 table (and its shadow tables), the PostgreSQL full-text column and its
# index by city, and the trigram indexes.
HAND_WRITTEN = ("search_fts", "ix_search_documents_fts", "search_tsv",
                "ix_search_documents_words", "ix_search_documents_city_fts",
                "ix_search_words_trgm")


def include_in_autogenerate(object_, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: leave the hand-written search objects alone, and a city
    key whose `SET NULL (col)` SQLite cannot hold (tenancy/keys.py; tests/tenancy checks
    PostgreSQL has it)."""
    if type_ == "foreign_key_constraint" and compare_to is not None:
        from upcampus.tenancy.keys import same_but_set_null_columns

        model, found = (compare_to, object_) if reflected else (object_, compare_to)
        if same_but_set_null_columns(model, found):
            return False
    return not (name or "").startswith(HAND_WRITTEN)
