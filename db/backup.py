"""SQLite online backups and restores (safe while other connections read and write)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from db.private_files import private_file, private_folder

BACKUP_SUFFIX = ".sqlite3"


def _copy_pages(source: str | Path, destination: str | Path) -> None:
    """SQLite's online backup: every page of `source` into `destination`, under its lock."""
    src = sqlite3.connect(f"file:{Path(source)}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(destination, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(source: str | Path, destination: str | Path) -> Path:
    """Copy a live SQLite database with the online backup API into `destination`, a file
    readable by its owner only (in a folder of its own made so, if it has to be made)."""
    destination = Path(destination)
    private_folder(destination.parent)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        private_file(partial)  # SQLite would create it readable by everyone
        _copy_pages(source, partial)
        partial.replace(destination)  # a crash never leaves a half-written backup under the name
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return destination


def restore_sqlite(backup: str | Path, live: str | Path) -> None:
    """Copy a backup's pages into the live database in one locked step: other connections
    wait for it and then see the restored data (no file is swapped under them)."""
    _copy_pages(backup, live)


def schema_revision_of(path: str | Path) -> str | None:
    """The Alembic revision stored in a SQLite file, or None; ValueError if not SQLite."""
    try:
        connection = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ValueError(f"{path} cannot be opened: {error}") from None
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{path} is not an SQLite database ({error})") from None
    finally:
        connection.close()


def timestamped_backup_name(prefix: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{prefix}-{stamp}{BACKUP_SUFFIX}"


def prune_backups(folder: Path, prefix: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups named `<prefix>-<stamp>.sqlite3`."""
    backups = sorted(folder.glob(f"{prefix}-*{BACKUP_SUFFIX}"), key=lambda p: p.name)
    doomed = backups[:-keep] if keep > 0 else backups
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
