"""What an erasure must take out of the SQLite file beyond its rows (docs/clients.md,
Archive and erasure).

SQLite keeps old bytes where no query reaches them: a deleted or rewritten row's bytes stay
in the unused part of its page and in free pages (unless `secure_delete` was on when it was
written over), and earlier versions of every page it changed stay in the WAL until a
checkpoint copies them back and the WAL is truncated. So an erasure's transaction runs with
`secure_delete` (its own leftovers are zeroed as it writes), and then the whole file is
rebuilt (VACUUM: leftovers of earlier edits, which may hold older values, are dropped too)
and the WAL copied back and truncated to nothing. PostgreSQL keeps dead row versions until
it vacuums them and its WAL for as long as its server is set to: those are the server's
administrator's (docs/clients.md), and a dump never shows them.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from db.engine import Database, DatabaseBusyError, sqlite_path, sqlite_writers_turn

# How long the rebuild waits for its turn among the writers, and then for readers still on
# an old snapshot to let the WAL be truncated.
CLEAN_UP_WAIT_SECONDS = 30.0
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6  # primary result codes (the low byte of extended ones)


@contextmanager
def zeroing_deletes(session: Session) -> Iterator[None]:
    """SQLite: what the transaction deletes or overwrites is overwritten with zeros, as it
    goes (the flag is the connection's; it is put back before the commit, whose pages were
    already zeroed). Nothing to do on PostgreSQL."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    was = connection.exec_driver_sql("PRAGMA secure_delete").scalar()
    connection.exec_driver_sql("PRAGMA secure_delete=ON")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA secure_delete={int(was or 0)}")


def clear_leftovers(database: Database, wait: float = CLEAN_UP_WAIT_SECONDS) -> bool:
    """SQLite: rebuild the file and empty the WAL, so no old copy of an erased value stays
    in either. Takes its turn among the writers like any write (other desks wait for it as
    for a long write; readers go on). False when it could not finish within `wait` (a desk
    stalled in its write, or a reader kept an old snapshot that long): the data is erased,
    only old bytes may remain until it runs again. True at once on PostgreSQL."""
    path = sqlite_path(database.url)
    if database.dialect != "sqlite" or path is None:
        return True
    deadline = time.monotonic() + wait
    try:
        with sqlite_writers_turn(path, wait):
            raw = database.engine.raw_connection()
            try:
                driver = raw.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                cursor = driver.cursor()
                previous_wait = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
                try:
                    cursor.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
                    # The copy VACUUM builds stays in memory, not in a temporary file.
                    cursor.execute("PRAGMA temp_store=MEMORY")
                    cursor.execute("VACUUM")
                    return _truncate_wal(cursor, deadline)
                finally:
                    cursor.execute("PRAGMA temp_store=DEFAULT")
                    cursor.execute(f"PRAGMA busy_timeout={previous_wait}")
                    cursor.close()
            finally:
                raw.close()
    except DatabaseBusyError:
        return False
    except sqlite3.OperationalError as error:  # still locked once the busy wait ran out
        if error.sqlite_errorcode & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return False
        raise


def _truncate_wal(cursor: sqlite3.Cursor, deadline: float) -> bool:
    """Copy the WAL into the file and cut it to nothing; a reader still on an older
    snapshot stops that (SQLite reports busy): try again until `deadline`."""
    while True:
        busy, _frames, _copied = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
