"""SQLite online backups and restores (safe while other connections read and write), and
what a restore needs to know about a file before it trusts it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from db.engine import LOCK_WAIT_SECONDS, DatabaseBusyError, sqlite_writers_turn
from db.private_files import open_private, private_file, private_folder

BACKUP_SUFFIX = ".sqlite3"
# Files SQLite keeps next to a database; the data of a committed change may still be in
# `-wal` (or a half-done one in `-journal`), and `-shm` indexes the `-wal`.
SIBLING_SUFFIXES = ("-wal", "-shm", "-journal")


def _copy_pages(
    source: str | Path, destination: str | Path, lock_wait: float | None = None
) -> None:
    """SQLite's online backup: every page of `source` into `destination`, under its lock.
    With `lock_wait`, waiting for that lock ends in DatabaseBusyError after so many seconds
    (Python's backup loop would otherwise retry a busy destination forever)."""
    src = sqlite3.connect(f"file:{Path(source)}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(destination, timeout=30 if lock_wait is None else lock_wait)
        deadline = None if lock_wait is None else time.monotonic() + lock_wait

        def give_up_when_busy_too_long(status: int, _remaining: int, _total: int) -> None:
            busy = status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if busy and deadline is not None and time.monotonic() >= deadline:
                raise DatabaseBusyError()

        try:
            src.backup(dst, progress=give_up_when_busy_too_long)
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


def restore_sqlite(
    backup: str | Path,
    live: str | Path,
    lock_wait: float = LOCK_WAIT_SECONDS,
    *,
    in_turn: bool = False,
) -> None:
    """Copy a backup's pages into the live database in one locked step: other connections
    wait for it and then see the restored data (no file is swapped under them). A write of
    the live file like a desk's: in the writers' turn (taken here unless the caller holds it
    already, `in_turn`), and another writer holding the lock past `lock_wait` (a desk
    stalled mid-write) is DatabaseBusyError, nothing restored."""
    if in_turn:
        _copy_pages(backup, live, lock_wait)
        return
    with sqlite_writers_turn(str(live), lock_wait):
        _copy_pages(backup, live, lock_wait)


def is_damage(error: sqlite3.Error) -> bool:
    """The file is not a database or is corrupt (as opposed to busy, or out of reach)."""
    name = getattr(error, "sqlite_errorname", "")
    return name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))


def integrity_problem(path: str | Path) -> str | None:
    """SQLite's integrity check of a whole file: None when it is intact, else its first
    finding (page numbers and index names, never the data). Raises sqlite3.Error when the
    file cannot even be read that far."""
    connection = sqlite3.connect(path)
    try:
        findings = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
    finally:
        connection.close()
    if findings == ["ok"]:
        return None
    first = " ".join(findings[0].split())  # SQLite may give several lines in one row
    return first if len(first) <= 200 else first[:199] + "…"


def schema_revision_of(path: str | Path) -> str | None:
    """The Alembic revision stored in a SQLite file, or None if it holds none; raises
    sqlite3.Error when the file is not a readable SQLite database."""
    connection = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


@dataclass(frozen=True)
class SchemaShape:
    """What a schema holds, as far as a restore must find it in a backup: every table with
    its columns, and the indexes and triggers (on SQLite the overlap guards are triggers)."""

    tables: Mapping[str, frozenset[str]]
    indexes: frozenset[str]
    triggers: frozenset[str]

    def missing_from(self, other: SchemaShape) -> list[str]:
        """What `other` lacks of this shape, in words ("table x", "column t.c", ...);
        what it has beyond it is not a reason to refuse it."""
        missing = [f"table {name}" for name in sorted(self.tables) if name not in other.tables]
        for name, columns in sorted(self.tables.items()):
            present = other.tables.get(name)
            if present is not None:
                missing += [f"column {name}.{c}" for c in sorted(columns - present)]
        missing += [f"index {name}" for name in sorted(self.indexes - other.indexes)]
        missing += [f"trigger {name}" for name in sorted(self.triggers - other.triggers)]
        return missing


def schema_shape_of(path: str | Path) -> SchemaShape:
    """The shape of a SQLite file's schema (SQLite's own objects left out)."""
    connection = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        tables: dict[str, set[str]] = {}
        for table, column in connection.execute(
            "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c"
            " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ):
            tables.setdefault(table, set()).add(column)
        others = connection.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ).fetchall()
    finally:
        connection.close()
    return SchemaShape(
        tables={name: frozenset(columns) for name, columns in tables.items()},
        indexes=frozenset(name for kind, name in others if kind == "index"),
        triggers=frozenset(name for kind, name in others if kind == "trigger"),
    )


def self_contained(path: str | Path) -> None:
    """Fold any `-wal` into the file itself and leave it in rollback-journal mode, so that
    the file alone holds the database and can be moved (our engine turns WAL back on)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=DELETE").fetchall()
    finally:
        connection.close()


def _copy_private(source: Path, destination: Path) -> None:
    """A byte-for-byte copy readable by its owner only, whatever the source's mode."""
    private_folder(destination.parent)
    with (
        source.open("rb") as reader,
        open(open_private(destination, os.O_WRONLY | os.O_TRUNC), "wb") as writer,
    ):
        shutil.copyfileobj(reader, writer)
        writer.flush()
        os.fsync(writer.fileno())


def with_siblings(path: Path) -> list[Path]:
    """A database file and the files SQLite keeps next to it, whether they exist or not."""
    return [path, *(Path(f"{path}{suffix}") for suffix in SIBLING_SUFFIXES)]


def copy_as_it_lies(source: Path, destination: Path) -> bool:
    """Copy a database file byte for byte, readable by its owner only, with the `-wal` and
    `-journal` SQLite reads with it (not `-shm`, an index SQLite rebuilds), without opening
    it; whether there was anything to copy."""
    copied = False
    for original, copy in zip(with_siblings(source), with_siblings(destination), strict=True):
        if original.is_file() and not original.name.endswith("-shm"):
            _copy_private(original, copy)
            copied = True
    return copied


def timestamped_backup_name(prefix: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{prefix}-{stamp}{BACKUP_SUFFIX}"


def prune_backups(folder: Path, prefix: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups named `<prefix>-<stamp>.sqlite3` (with the
    `-wal` or `-journal` kept next to a damaged database)."""
    backups = sorted(folder.glob(f"{prefix}-*{BACKUP_SUFFIX}"), key=lambda p: p.name)
    doomed = backups[:-keep] if keep > 0 else backups
    for path in doomed:
        for file in with_siblings(path):
            file.unlink(missing_ok=True)
    return doomed
