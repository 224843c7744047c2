"""Alembic environment: connection injectable (tests, start-up); batch mode only on SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

import db.models  # noqa: F401  (registers every table on Base.metadata)
from db.base import Base
from db.engine import make_engine

# Arbitrary constant: workstations starting at once take turns to migrate a shared database.
MIGRATION_LOCK_ID = 0x46524E54


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=False,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        context.run_migrations()


config = context.config
connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set sqlalchemy.url (alembic.ini or -x) to run Alembic by hand")
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
