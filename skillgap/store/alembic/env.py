"""Alembic environment: migrate the connection skillgap hands over, or the URL of
alembic.ini / $SKILLGAP_DB when `alembic` is run from the command line."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from skillgap.store.engine import make_engine
from skillgap.store.schema import metadata


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        transaction_per_migration=True,  # a failed step leaves the ones before it done
        render_as_batch=True,  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = os.environ.get("SKILLGAP_DB") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set SKILLGAP_DB (or sqlalchemy.url in alembic.ini) to the store URL")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _migrate(conn)
    finally:
        engine.dispose()


run()
