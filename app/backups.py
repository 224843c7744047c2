"""Backing up and restoring the one-PC (SQLite) clinic database."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory

from app.config import AppConfig
from db.backup import (
    backup_sqlite,
    prune_backups,
    restore_sqlite,
    schema_revision_of,
    timestamped_backup_name,
)
from db.engine import Database, sqlite_path
from db.migrate import alembic_config, upgrade
from db.models import ClinicSettings

log = logging.getLogger(__name__)

BACKUP_PREFIX = "frontdesk"
DEFAULT_RETENTION = 14


class BackupRefusedError(Exception):
    """The backup or restore cannot be done on this database (nothing was changed)."""


@dataclass(frozen=True)
class RestoreResult:
    safety_copy: Path
    from_revision: str


def _live_file(database: Database) -> Path:
    path = sqlite_path(database.url)
    if path is None:
        raise BackupRefusedError(
            "backups here are for the one-PC SQLite database; back up a shared PostgreSQL "
            "database on its server (pg_dump)"
        )
    return Path(path)


def back_up(
    config: AppConfig, database: Database, to: Path | None = None, now: datetime | None = None
) -> Path:
    """An online backup; into the backup folder (keeping the clinic's retention) by default."""
    live = _live_file(database)
    if to is not None:
        return backup_sqlite(live, to)
    with database.read() as session:
        settings = session.get(ClinicSettings, 1)
        keep = settings.backup_retention if settings else DEFAULT_RETENTION
    path = backup_sqlite(live, config.backup_dir / timestamped_backup_name(BACKUP_PREFIX, now))
    removed = prune_backups(config.backup_dir, BACKUP_PREFIX, keep)
    log.info("backup written to %s (%d old backups removed)", path, len(removed))
    return path


def restore(config: AppConfig, database: Database, backup: Path) -> RestoreResult:
    """Replace the clinic's data with a backup's, after keeping a copy of the current data."""
    live = _live_file(database)
    if not backup.is_file():
        raise FileNotFoundError(f"{backup}: no such file")
    try:
        revision = schema_revision_of(backup)
    except ValueError as error:
        raise BackupRefusedError(str(error)) from None
    if revision is None:
        raise BackupRefusedError(f"{backup} is not a Clinic Front Desk backup")
    known = {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }
    if revision not in known:
        raise BackupRefusedError(
            f"{backup} was made by a newer version of Clinic Front Desk (schema {revision})"
        )
    safety = backup_sqlite(live, config.backup_dir / timestamped_backup_name("pre-restore"))
    database.dispose()  # our own pooled connections must not hold the old pages
    restore_sqlite(backup, live)
    upgrade(database, backup_dir=None)
    log.info("restored the database from a backup at schema %s; safety copy %s", revision, safety)
    return RestoreResult(safety_copy=safety, from_revision=revision)
