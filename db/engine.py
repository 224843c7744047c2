"""Engines and units of work for SQLite (one PC) and PostgreSQL (several PCs)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, ClassVar

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]  # no module on Windows; checked for None

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from db.private_files import private_file

SQLITE_BUSY_TIMEOUT_MS = 10_000


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the URL names (or none)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def display_url(url: str) -> str:
    """The URL as safe to show on screen or in logs (password hidden)."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_path(url: str) -> str | None:
    """The file behind a SQLite URL, or None for PostgreSQL and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return parsed.database


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling would hide BEGIN; we issue it ourselves so that
    # booking writes can ask for BEGIN IMMEDIATE and be serialized between processes.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed booking survives a power cut too (NORMAL would only survive an
        # application crash); in WAL mode that is one WAL sync per commit, well under 1 ms.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _private_sqlite_file(url: str) -> None:
    """The database file is created 0600 before SQLite opens it (SQLite would make it
    0644 less the umask), and one readable by others is made private; its -wal, -shm and
    -journal files take its mode. A path that cannot be made so is left for SQLite to
    open or to refuse in its own words."""
    path = sqlite_path(url)
    if path is None or path.startswith("file:"):
        return
    with suppress(OSError):
        private_file(path)


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _private_sqlite_file(url)
        _configure_sqlite(engine)
    return engine


class _WriterQueue:
    """Writers to one SQLite file take turns, first come first served, before BEGIN IMMEDIATE.

    SQLite's own busy handler sleeps and retries with growing naps (up to 100 ms), and a plain
    `flock` wakes every waiter to race for the lock, so under contention some writers wait
    many turns. Here each writer draws a ticket and waits only for the writer just before it:
    the ticket counter sits in the first bytes of `<db>.writers` (drawn under a brief
    `flock`), and each ticket is a one-byte POSIX record lock the holder keeps for its turn.
    A writer that dies releases its byte with its process, so the queue never jams. POSIX
    only; elsewhere the busy timeout alone serializes.

    POSIX record locks belong to the process and all of them on a file go when any of its
    descriptors closes, so one queue object per file and process is shared (`for_file`).
    """

    _COUNTER = 8  # bytes of the ticket counter at the start of the file
    _RING = 1 << 20  # ticket bytes reused after this many turns
    _shared: ClassVar[dict[tuple[int, str], _WriterQueue]] = {}
    _registry: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: str) -> None:
        self._path = path
        self._threads = threading.Lock()  # record locks are per process: threads queue here
        self._descriptor: int | None = None
        self._users = 0

    @classmethod
    def for_file(cls, database_path: str) -> _WriterQueue:
        path = os.path.realpath(database_path) + ".writers"
        with cls._registry:
            queue = cls._shared.setdefault((os.getpid(), path), cls(path))
            queue._users += 1
            return queue

    def release(self) -> None:
        with self._registry:
            self._users -= 1
            if self._users > 0:
                return  # another handle in this process may be mid-turn: keep the locks
            self._shared.pop((os.getpid(), self._path), None)
        with self._threads:
            if self._descriptor is not None:
                os.close(self._descriptor)
                self._descriptor = None

    @contextmanager
    def turn(self) -> Iterator[None]:
        if fcntl is None:
            yield
            return
        with self._threads:
            if self._descriptor is None:
                self._descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            descriptor = self._descriptor
            ticket = self._draw_ticket(descriptor)
            mine = self._COUNTER + ticket % self._RING
            try:
                if ticket > 0:
                    before = self._COUNTER + (ticket - 1) % self._RING
                    fcntl.lockf(descriptor, fcntl.LOCK_SH, 1, before)  # predecessor done
                    fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, before)
                yield
            finally:
                fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, mine)

    def _draw_ticket(self, descriptor: int) -> int:
        """Take the next ticket and hold its byte before anyone can draw the one after."""
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            counter = os.pread(descriptor, self._COUNTER, 0)
            ticket = int.from_bytes(counter, "little") if len(counter) == self._COUNTER else 0
            os.pwrite(descriptor, (ticket + 1).to_bytes(self._COUNTER, "little"), 0)
            fcntl.lockf(descriptor, fcntl.LOCK_EX, 1, self._COUNTER + ticket % self._RING)
            return ticket
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


def _make_postgres_reader(url: str, engine_kwargs: dict[str, Any]) -> Engine:
    """Connections for reads only: every statement on its own (autocommit, so no BEGIN and
    COMMIT round trips around a read, and no ROLLBACK, at which psycopg forgets every
    prepared statement of the connection) and read-only, so a write by mistake fails
    instead of being kept. Each statement sees what is committed when it runs, as in the
    READ COMMITTED transactions used elsewhere."""
    kwargs = dict(engine_kwargs)
    connect_args = dict(kwargs.pop("connect_args", {}))
    options = connect_args.get("options", "")
    connect_args["options"] = f"{options} -c default_transaction_read_only=on".strip()
    return make_engine(url, isolation_level="AUTOCOMMIT", connect_args=connect_args, **kwargs)


class Database:
    """One database: its engines and the two kinds of unit of work the app uses."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, **engine_kwargs)
        self._reader: Engine | None = None
        if self.engine.dialect.name == "postgresql":
            self._reader = _make_postgres_reader(self.url, engine_kwargs)
        self._sessions = sessionmaker(self._reader or self.engine, expire_on_commit=False)
        writer = self.engine
        self._writer_queue: _WriterQueue | None = None
        if self.engine.dialect.name == "sqlite":
            writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
            path = sqlite_path(self.url)
            if path is not None:
                self._writer_queue = _WriterQueue.for_file(path)
        self._writers = sessionmaker(writer, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def writers_take_turns(self) -> bool:
        """One writer at a time for the whole file (SQLite): what a write transaction does
        under its lock, every other writer waits for."""
        return self.dialect == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only unit of work, its loaded objects kept usable (detached, not
        expired) for the caller. It writes nothing: on SQLite it is rolled back at the end;
        on PostgreSQL its connections can only read (see `_make_postgres_reader`)."""
        with self._sessions() as session, session.begin():
            yield session
            session.expunge_all()
            if self._reader is None:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that commits on success; on SQLite it takes the write lock first
        (BEGIN IMMEDIATE) so that a re-check followed by a write cannot interleave."""
        if self._writer_queue is None:
            with self._writers() as session, session.begin():
                yield session
            return
        with self._writer_queue.turn(), self._writers() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
        if self._reader is not None:
            self._reader.dispose()
        if self._writer_queue is not None:
            self._writer_queue.release()
            self._writer_queue = None
