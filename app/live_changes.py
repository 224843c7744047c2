"""Following what other processes commit: the database's change signal (`db.change_signal`)
turned into `Change` events, one per transaction heard (docs/architecture.md, "Live changes").

A follower runs on a daemon thread of its own, with a connection of its own: a desk's UI
thread never waits for it, and `on_change` is called on that thread. When events may have
been lost (a dropped PostgreSQL connection, change rows pruned before they were read, the
database file replaced, the computer asleep) it says so with a `missed` change, which asks
for a full refresh: a view is never left silently stale.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from app.timezones import clinic_zone
from db.change_signal import CHANGE_TABLE, CHANNEL
from db.engine import make_engine, sqlite_path

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from db.engine import Database

log = logging.getLogger(__name__)

KINDS = ("session", "hold", "setup", "client", "payment", "waitlist", "outbox")

SQLITE_POLL_SECONDS = 0.1
POSTGRES_WAIT_SECONDS = 0.2  # how long `stop()` may wait for the thread to notice
# A transaction's notifications arrive together; those heard within this much of each other
# are read as one batch (and merged per transaction), at most this long.
POSTGRES_LINGER_SECONDS = 0.005
POSTGRES_BATCH_SECONDS = 0.05
FIRST_RETRY_SECONDS, LAST_RETRY_SECONDS = 0.2, 5.0
# A wait (a fraction of a second) that took this long by the wall clock: the computer slept
# or its clock jumped, and whatever a view shows may be stale.
ASLEEP_SECONDS = 3.0
STOP_JOIN_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class Change:
    at: datetime  # UTC, when this process heard it
    kinds: frozenset[str]  # among KINDS
    days: frozenset[date]  # clinic dates touched; empty = none known / all
    missed: bool = False  # events may have been lost (reconnect, gap, resume): refresh ALL


def missed_change() -> Change:
    """Everything may have changed."""
    return Change(datetime.now(UTC), frozenset(KINDS), frozenset(), missed=True)


class _Listener(Protocol):
    def open(self) -> None: ...

    def wait(self) -> list[Change]:
        """The changes heard within a short wait (empty: none); raises when the connection
        is lost. Changes it knows it missed come back as `missed_change()`."""

    def close(self) -> None: ...


class ChangeFollower:
    """Hears every change committed to `database` by any process, until `stop()`."""

    def __init__(
        self,
        database: Database,
        on_change: Callable[[Change], None],
        *,
        on_ready: Callable[[], None] | None = None,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._database = database
        self._on_change = on_change
        self._on_ready = on_ready
        self._wall_clock = wall_clock
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Listen on a daemon thread; returns at once."""
        if self._thread is not None:
            raise RuntimeError("this follower was started already")
        self._thread = threading.Thread(target=self._run, name="change-follower", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """End the thread; it notices within a poll (a fraction of a second)."""
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(STOP_JOIN_SECONDS)

    def _listener(self) -> _Listener:
        if self._database.dialect == "postgresql":
            return _PostgresListener(self._database)
        return _SqliteListener(self._database)

    def _run(self) -> None:
        listener = self._listener()
        ready = False
        failed_to_open = False  # before it first listened
        retry = FIRST_RETRY_SECONDS
        while not self._stopping.is_set():
            try:
                listener.open()
            except Exception as error:  # the database away: try again, a little later each time
                failed_to_open = True
                listener.close()
                log.warning("cannot follow changes (%s); again in %.1f s", _name(error), retry)
                self._stopping.wait(retry)
                retry = min(retry * 2, LAST_RETRY_SECONDS)
                continue
            if not ready:
                ready = True
                self._call(self._on_ready)
                if failed_to_open:  # its first tries failed: the changes meanwhile are unknown
                    self._deliver(missed_change())
            else:  # what was committed while this process was not listening is unknown
                self._deliver(missed_change())
            listening_since = time.monotonic()
            try:
                self._follow(listener)
            except Exception as error:
                log.warning("lost the change signal (%s); again in %.1f s", _name(error), retry)
            finally:
                listener.close()
            if time.monotonic() - listening_since > LAST_RETRY_SECONDS:
                retry = FIRST_RETRY_SECONDS  # it had held: a new loss starts from the shortest
            self._stopping.wait(retry)
            retry = min(retry * 2, LAST_RETRY_SECONDS)

    def _follow(self, listener: _Listener) -> None:
        while not self._stopping.is_set():
            before = self._wall_clock()
            changes = listener.wait()
            if abs(self._wall_clock() - before) > ASLEEP_SECONDS:
                changes = [missed_change()]
            for change in changes:
                self._deliver(change)

    def _deliver(self, change: Change) -> None:
        if not self._stopping.is_set():
            self._call(self._on_change, change)

    @staticmethod
    def _call(callback: Callable[..., None] | None, *args: Any) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:  # a listener's bug must not end the following
            log.exception("a change listener failed")


def _name(error: BaseException) -> str:
    """What went wrong, without the message (it may quote a URL or a row)."""
    return type(error).__name__


class _PostgresListener:
    """LISTEN on a connection of its own (autocommit, TCP keepalives so a dead server or
    network is noticed); each transaction's notifications become one change."""

    def __init__(self, database: Database) -> None:
        self._engine = database.engine
        self._connection: Any = None

    def open(self) -> None:
        import psycopg

        _args, params = self._engine.dialect.create_connect_args(self._engine.url)
        params.pop("context", None)  # SQLAlchemy's type adapters: nothing here to adapt
        self._connection = psycopg.connect(
            **params,
            autocommit=True,
            connect_timeout=5,
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=5,
            keepalives_count=3,
        )
        self._connection.execute(f"LISTEN {CHANNEL}")

    def wait(self) -> list[Change]:
        connection = self._connection
        payloads = [
            n.payload for n in connection.notifies(timeout=POSTGRES_WAIT_SECONDS, stop_after=1)
        ]
        if not payloads:
            return []
        until = time.monotonic() + POSTGRES_BATCH_SECONDS
        while time.monotonic() < until:
            more = [n.payload for n in connection.notifies(timeout=POSTGRES_LINGER_SECONDS)]
            if not more:
                break
            payloads.extend(more)
        return _changes_by_transaction(payloads)

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with suppress(Exception):  # already broken: nothing left to close
                connection.close()


def _changes_by_transaction(payloads: list[str]) -> list[Change]:
    """`<transaction> <kind>[ <day>]` payloads, merged into one change per transaction (in
    the order they were heard). A payload not of that shape is someone else's: ignored."""
    heard = datetime.now(UTC)
    merged: dict[str, tuple[set[str], set[date]]] = {}
    for payload in payloads:
        parts = payload.split(" ")
        if len(parts) not in (2, 3) or parts[1] not in KINDS:
            continue
        kinds, days = merged.setdefault(parts[0], (set(), set()))
        kinds.add(parts[1])
        if len(parts) == 3:
            try:
                days.add(date.fromisoformat(parts[2]))
            except ValueError:
                continue
    return [Change(heard, frozenset(k), frozenset(d)) for k, d in merged.values()]


class _SqliteListener:
    """Polls `PRAGMA data_version` on a connection of its own (it moves when any other
    connection commits) and reads the change rows after the last one read. A locked or
    briefly unreadable file is tried again at the next poll."""

    def __init__(self, database: Database) -> None:
        self._url = database.url
        self._path = sqlite_path(database.url)
        self._raw: Any = None
        self._connection: Any = None
        self._engine: Any = None
        self._version: int | None = None
        self._last_seq = 0
        self._identity: tuple[int, int] | None = None

    def open(self) -> None:
        from sqlalchemy.pool import NullPool

        self._engine = make_engine(self._url, poolclass=NullPool)
        raw = self._engine.raw_connection()
        self._connection = raw.driver_connection
        self._raw = raw
        # a poll must never wait long for a lock: it is simply tried again
        self._connection.execute("PRAGMA busy_timeout=50")
        self._identity = self._file_identity()
        # the version first: a commit in between is read, not lost
        self._version = self._data_version()
        self._last_seq = self._newest_seq()

    def wait(self) -> list[Change]:
        import sqlite3

        time.sleep(SQLITE_POLL_SECONDS)
        try:
            if self._file_identity() != self._identity:
                raise _FileReplacedError
            version = self._data_version()
            # data_version alone stays put after the first change while another connection
            # of this process has the file open (a desk's own pool): the newest change row
            # (one small read) tells as well
            newest = self._newest_seq()
            if version == self._version and newest == self._last_seq:
                return []
            rows = self._connection.execute(
                f"SELECT seq, kind, starts_at FROM {CHANGE_TABLE} WHERE seq > ? ORDER BY seq",
                (self._last_seq,),
            ).fetchall()
            zone = self._zone() if any(row[2] is not None for row in rows) else None
        except (sqlite3.OperationalError, FileNotFoundError):
            return []  # locked, or the file briefly away: the next poll reads it
        self._version = version
        if newest < self._last_seq:  # a backup restored in place: the file went back in time
            self._last_seq = newest
            return [missed_change()]
        if not rows:
            return []
        gap = rows[0][0] != self._last_seq + 1
        self._last_seq = rows[-1][0]
        if gap:
            return [missed_change()]
        return _change_from_rows(rows, zone)

    def _newest_seq(self) -> int:
        """The last change row ever written (AUTOINCREMENT's own record: pruning keeps it)."""
        row = self._connection.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = ?", (CHANGE_TABLE,)
        ).fetchone()
        return int(row[0]) if row else 0

    def _data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def _zone(self) -> ZoneInfo | None:
        row = self._connection.execute(
            "SELECT timezone FROM clinic_settings WHERE id = 1"
        ).fetchone()
        try:
            return clinic_zone(row[0]) if row else None
        except ValueError:
            return None

    def _file_identity(self) -> tuple[int, int] | None:
        """The file itself (a restore may put another file at the same path)."""
        if self._path is None or self._path.startswith("file:"):
            return None
        status = os.stat(self._path)
        return (status.st_dev, status.st_ino)

    def close(self) -> None:
        raw, engine = self._raw, self._engine
        self._raw = self._connection = self._engine = None
        with suppress(Exception):  # already broken: nothing left to close
            if raw is not None:
                raw.close()
        if engine is not None:
            engine.dispose()


class _FileReplacedError(Exception):
    """The database file at the path is another file now: follow that one, from scratch."""


def _change_from_rows(
    rows: list[tuple[int, str, str | None]], zone: ZoneInfo | None
) -> list[Change]:
    """One change for the rows read: their kinds, and their clinic days unless a day could
    not be told (no clinic zone, a time SQL wrote in another shape), then none: any day."""
    kinds: set[str] = set()
    days: set[date] | None = set()
    for _seq, kind, starts_at in rows:
        if kind not in KINDS:
            continue
        kinds.add(kind)
        if starts_at is None or days is None:
            continue
        day = _clinic_day(starts_at, zone)
        if day is None:
            days = None
        else:
            days.add(day)
    if not kinds:
        return []
    return [Change(datetime.now(UTC), frozenset(kinds), frozenset(days or ()))]


def _clinic_day(stored: object, zone: ZoneInfo | None) -> date | None:
    """The clinic date of a time as SQLite stores it (naive UTC text), or None."""
    if zone is None:
        return None
    try:
        instant = datetime.fromisoformat(str(stored))
    except ValueError:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone).date()
