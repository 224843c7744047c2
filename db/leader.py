"""One leader per database for the background jobs.

PostgreSQL: a session-level advisory lock held on a connection of its own (it goes with the
connection, so a leader that dies, or loses the network, frees it). SQLite: an exclusive
`flock` on `<db>.jobs.lock`, released by the OS when the process ends.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import text

from db.engine import Database, sqlite_path

try:
    import fcntl
except ImportError:  # Windows: msvcrt below
    fcntl = None  # type: ignore[assignment]  # no module on Windows; checked for None

JOBS_LOCK_ID = 7_304_119_200  # any constant that no other lock of ours uses


class LeaderLock:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: Any = None
        self._descriptor: int | None = None

    def try_acquire(self) -> bool:
        if self._connection is not None or self._descriptor is not None:
            return True
        path = sqlite_path(self.database.url)
        if path is None:
            return self._try_advisory_lock()
        return self._try_lock_file(path + ".jobs.lock")

    def _try_advisory_lock(self) -> bool:
        connection = self.database.engine.connect()
        try:
            acquired = connection.execute(
                text("SELECT pg_try_advisory_lock(:id)"), {"id": JOBS_LOCK_ID}
            ).scalar()
            connection.commit()
        except Exception:
            connection.close()
            raise
        if not acquired:
            connection.close()
            return False
        self._connection = connection
        return True

    def _try_lock_file(self, path: str) -> bool:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(descriptor)
            return False
        self._descriptor = descriptor
        return True

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(
                    text("SELECT pg_advisory_unlock(:id)"), {"id": JOBS_LOCK_ID}
                )
                self._connection.commit()
            finally:
                self._connection.close()
                self._connection = None
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing frees the flock
            self._descriptor = None
