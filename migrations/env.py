"""Alembic environment, run through Flask-Migrate (`upcampus db ...`): the same
migrations serve SQLite (batch mode) and PostgreSQL.

Migrations connect as the role that owns the tables (MIGRATION_DATABASE_URL); the
application runs as a runtime role with data privileges only (DATABASE_URL)."""

import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import NullPool, create_engine
from sqlalchemy.engine import make_url

from upcampus.tenancy.rls import has_across_function, install_across_function

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
owner_url = current_app.config.get("MIGRATION_DATABASE_URL") or None
config.set_main_option(
    "sqlalchemy.url",
    (make_url(owner_url) if owner_url else target_db.engine.url).render_as_string(
        hide_password=False).replace("%", "%%"))


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_db.metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def skip_empty_autogenerate(_context, _revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty_autogenerate)
    engine = create_engine(owner_url, poolclass=NullPool) if owner_url else target_db.engine
    try:
        with engine.connect() as connection, _sqlite_foreign_keys_off(connection):
            context.configure(connection=connection, target_metadata=target_db.metadata,
                              **conf_args)
            with context.begin_transaction():
                context.run_migrations()
                if has_across_function(connection):
                    # A run given UPCAMPUS_ACROSS_KEY writes its digest (rotating the key is
                    # `upcampus db upgrade` with the new one); a run without one leaves the
                    # function alone, never installing a public default key.
                    install_across_function(connection)
                _check_foreign_keys(connection)
    finally:
        if owner_url:
            engine.dispose()


@contextmanager
def _sqlite_foreign_keys_off(connection):
    """Batch mode on SQLite copies a table and drops the old one: with foreign keys on,
    dropping `tenants` would cascade to (or be refused for) every city's rows. The pragma
    only takes effect outside a transaction; the pooled connection gets it back after."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        yield
    finally:
        connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def _check_foreign_keys(connection) -> None:
    """With the checks off, a migration could leave dangling references: refuse them."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left rows with broken foreign keys: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
