"""Bringing a database to the schema this version of the app expects."""

from __future__ import annotations

import functools
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from db.backup import SchemaShape, backup_sqlite, schema_shape_of, timestamped_backup_name
from db.engine import Database, allow_lengthy_transaction, sqlite_path

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations directory has no revision"
    return head


def known_revisions() -> set[str]:
    return {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }


@functools.cache
def schema_shape_at(revision: str) -> SchemaShape:
    """The SQLite schema our migrations build at `revision`, found by building it: an empty
    temporary file migrated there (about a second at most; once per revision and process).
    What a backup claiming that revision must hold."""
    if revision not in known_revisions():
        raise LookupError(f"unknown schema revision {revision}")
    with tempfile.TemporaryDirectory(prefix="frontdesk-schema-") as folder:
        path = Path(folder) / "schema.sqlite3"
        database = Database(f"sqlite:///{path}")
        try:
            upgrade(database, target=revision)
        finally:
            database.dispose()
        return schema_shape_of(path)


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def upgrade(
    database: Database, backup_dir: Path | None = None, target: str = "head"
) -> UpgradeResult:
    """Migrate to `target`; an existing SQLite file is backed up first.

    The backup is only taken when there is something to migrate and the file already holds
    a schema, so ordinary starts cost nothing.
    """
    head = head_revision() if target == "head" else target
    if current_revision(database) == head:  # the usual start: no lock, nothing to do
        return UpgradeResult(head, head, None)
    path = sqlite_path(database.url)
    # Serialized between processes: an advisory lock on PostgreSQL (env.py), the write lock
    # taken up front on SQLite. What is there is read again under that lock, so a second
    # workstation starting at once waits, then finds nothing left to do (reading before
    # the lock raced: tables seen just after another desk committed, its version not).
    # A migration may wait for that lock and run longer than a desk's turn may.
    with database.engine.execution_options(sqlite_begin="IMMEDIATE").begin() as connection:
        allow_lengthy_transaction(connection, waiting_for_locks=True)
        before = MigrationContext.configure(connection).get_current_revision()
        if before == head:
            return UpgradeResult(before, head, None)
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
        if path and before is None and tables:
            raise RuntimeError(
                f"{path} holds tables but no schema version: it is not a Clinic Front Desk database"
            )
        backup = None
        if path and before is not None and backup_dir is not None:
            name = timestamped_backup_name(f"pre-upgrade-{before}")
            backup = backup_sqlite(path, backup_dir / name)
            log.info("backed up the database before upgrading to %s", backup)
        command.upgrade(alembic_config(connection=connection), target)
    log.info("database upgraded from %s to %s", before or "empty", head)
    return UpgradeResult(before, head, backup)


def downgrade(database: Database, target: str = "base") -> None:
    with database.engine.begin() as connection:
        allow_lengthy_transaction(connection, waiting_for_locks=True)
        command.downgrade(alembic_config(connection=connection), target)
