"""Backing up and restoring the one-PC (SQLite) clinic database (docs/interfaces.md,
Backups and restores).

A restore trusts nothing: it works on a private copy of the backup (the file cannot change
between the checks and the use), proves that copy is a complete, intact backup of a known
schema version of this product, brings it to this version's schema, and only then touches
the live database. It never needs the live database to be readable: a damaged one is kept
aside as it was and replaced whole."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.config import AppConfig
from app.i18n import translate
from db.backup import (
    backup_sqlite,
    copy_as_it_lies,
    integrity_problem,
    is_damage,
    prune_backups,
    restore_sqlite,
    schema_revision_of,
    schema_shape_of,
    self_contained,
    timestamped_backup_name,
    with_siblings,
)
from db.engine import Database, DatabaseBusyError, sqlite_path, sqlite_writers_turn
from db.migrate import known_revisions, schema_shape_at, upgrade
from db.models import ClinicSettings
from db.private_files import private_folder

log = logging.getLogger(__name__)

BACKUP_PREFIX = "frontdesk"
SAFETY_PREFIX = "pre-restore"  # what a restore replaced, readable
DAMAGED_PREFIX = "damaged"  # what a restore replaced, unreadable: kept as it was
DEFAULT_RETENTION = 14
MISSING_NAMED = 5  # an incomplete backup's message names this many missing objects


class BackupRefusedError(Exception):
    """The backup or restore cannot be done on this database (nothing was changed)."""


@dataclass(frozen=True)
class RestoreResult:
    """`kept` is where the replaced data went (None: there was no database); `damaged`
    says it could not be read, so it was kept byte for byte with its `-wal`/`-journal`."""

    kept: Path | None
    damaged: bool
    from_revision: str


def _live_file(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise BackupRefusedError(
            translate(
                "Backups",
                "backups here are for the one-PC SQLite database; back up a "
                "shared PostgreSQL database on its server (pg_dump)",
            )
        )
    return Path(path)


def _retention(database: Database) -> int:
    with database.read() as session:
        settings = session.get(ClinicSettings, 1)
        return settings.backup_retention if settings else DEFAULT_RETENTION


def back_up(
    config: AppConfig, database: Database, to: Path | None = None, now: datetime | None = None
) -> Path:
    """An online backup; into the backup folder (keeping the clinic's retention) by default."""
    live = _live_file(database.url)
    if to is not None:
        return backup_sqlite(live, to)
    keep = _retention(database)
    folder = config.backup_dir
    path = backup_sqlite(live, folder / timestamped_backup_name(BACKUP_PREFIX, now))
    removed = prune_backups(folder, BACKUP_PREFIX, keep)
    log.info("backup written to %s (%d old backups removed)", path, len(removed))
    return path


def restore(config: AppConfig, backup: Path) -> RestoreResult:
    """Replace the clinic's data with a backup's, after keeping what it replaces; refuses
    (BackupRefusedError, nothing changed) anything but a complete, intact backup."""
    live = _live_file(config.database_url)
    if not backup.is_file():
        raise FileNotFoundError(
            translate("Backups", "{backup}: no such file").format(backup=backup)
        )
    folder = config.backup_dir
    # The private copy is made next to the live file, so that it can be renamed over it.
    with tempfile.TemporaryDirectory(
        prefix=".frontdesk-restore-", dir=private_folder(live.parent)
    ) as work:
        copy = Path(work) / live.name
        revision = _proven_copy(backup, copy)
        _bring_to_head(copy)
        # One writers' turn from the safety copy to the restored file: a booking committed
        # in between would be in neither.
        with sqlite_writers_turn(str(live)):
            kept, readable = _keep_what_is_replaced(live, folder)
            try:
                if not (readable and _restored_in_place(copy, live)):
                    _replace_whole(copy, live)
            except DatabaseBusyError:
                if readable and kept is not None:
                    kept.unlink(missing_ok=True)  # nothing was replaced: nothing to keep
                raise
    database = Database(config.database_url)
    try:
        keep = _retention(database)
    finally:
        database.dispose()
    prune_backups(folder, SAFETY_PREFIX, keep)
    prune_backups(folder, DAMAGED_PREFIX, keep)
    log.info("restored the database from a backup at schema %s; replaced data kept in %s",
             revision, kept)  # fmt: skip
    return RestoreResult(kept=kept, damaged=not readable and kept is not None,
                         from_revision=revision)  # fmt: skip


def _proven_copy(backup: Path, copy: Path) -> str:
    """Copy `backup` byte for byte into `copy` (with the `-wal` or `-journal` SQLite would
    read with it; the user's file itself is never opened, so nothing is written next to
    it) and prove the copy is intact, of a known schema revision of this product, and holds
    everything that revision has; returns the revision."""
    copy_as_it_lies(backup, copy)
    try:
        problem = integrity_problem(copy)
        revision = schema_revision_of(copy)
    except sqlite3.Error as error:
        raise BackupRefusedError(
            translate("Backups", "{backup} is damaged or is not a database ({error})").format(
                backup=backup, error=error
            )
        ) from None
    if problem is not None:
        raise BackupRefusedError(
            translate(
                "Backups", "{backup} is damaged (SQLite's integrity check: {problem})"
            ).format(backup=backup, problem=problem)
        )
    if revision is None:
        raise BackupRefusedError(
            translate("Backups", "{backup} is not a Clinic Front Desk backup").format(backup=backup)
        )
    if revision not in known_revisions():
        raise BackupRefusedError(
            translate(
                "Backups",
                "{backup} was made by a newer version of Clinic Front Desk (schema {revision})",
            ).format(backup=backup, revision=revision)
        )
    missing = schema_shape_at(revision).missing_from(schema_shape_of(copy))
    if missing:
        named = ", ".join(missing[:MISSING_NAMED])
        more = (
            translate("Backups", " and {count} more").format(count=len(missing) - MISSING_NAMED)
            if len(missing) > MISSING_NAMED
            else ""
        )
        raise BackupRefusedError(
            translate(
                "Backups",
                "{backup} is not a complete backup (schema {revision}): missing {named}{more}",
            ).format(backup=backup, revision=revision, named=named, more=more)
        )
    return revision


def _bring_to_head(copy: Path) -> None:
    """Migrate the copy, not the live database: a backup of an older version that cannot
    be brought to this one changes nothing."""
    database = Database(f"sqlite:///{copy}")
    try:
        upgrade(database, backup_dir=None)
    finally:
        database.dispose()
    self_contained(copy)


def _keep_what_is_replaced(live: Path, folder: Path) -> tuple[Path | None, bool]:
    """Where the live data was kept, and whether it was readable. Readable: an online
    backup (what is in its `-wal` included). Not readable, or missing with a `-wal` or
    `-journal` left behind: those files as they are, for whoever tries to rescue them."""
    if live.exists():
        try:
            return backup_sqlite(live, folder / timestamped_backup_name(SAFETY_PREFIX)), True
        except sqlite3.Error as error:
            if not is_damage(error):
                raise  # busy or out of reach: not a reason to replace it whole
            log.warning("the live database cannot be read (%s); keeping it aside", error)
    kept = folder / timestamped_backup_name(DAMAGED_PREFIX)
    return (kept if copy_as_it_lies(live, kept) else None), False


def _restored_in_place(copy: Path, live: Path) -> bool:
    """Copy the pages into the live file under its lock (desks that have it open wait,
    then see the restored data); False if the live file turns out to be damaged."""
    try:
        restore_sqlite(copy, live, in_turn=True)
    except sqlite3.Error as error:
        if not is_damage(error):
            raise
        log.warning("the live database cannot be written in place (%s); replacing it", error)
        return False
    return True


def _replace_whole(copy: Path, live: Path) -> None:
    """Put the copy in the live file's place. Its old `-wal`, `-shm` and `-journal` go
    first: SQLite would otherwise apply a stale WAL or journal over the restored file."""
    for sibling in with_siblings(live)[1:]:
        sibling.unlink(missing_ok=True)
    os.replace(copy, live)
