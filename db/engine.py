"""Engines and units of work for SQLite (one PC) and PostgreSQL (several PCs)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

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
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


class _WriterQueue:
    """Writers to one SQLite file take turns through an OS file lock before BEGIN IMMEDIATE.

    SQLite's own busy handler sleeps and retries with growing naps (up to 100 ms), so under
    contention a writer often sleeps long after the lock came free; a blocking `flock` wakes
    the next writer at once. POSIX only; elsewhere the busy timeout alone serializes.
    """

    def __init__(self, database_path: str) -> None:
        self._path = database_path + ".writers"
        self._threads = threading.Lock()  # flock is per process: threads queue here first
        self._descriptor: int | None = None

    @contextmanager
    def turn(self) -> Iterator[None]:
        if fcntl is None:
            yield
            return
        with self._threads:
            if self._descriptor is None:
                self._descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._descriptor, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._descriptor, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


class Database:
    """One database: its engine and the two kinds of unit of work the app uses."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, **engine_kwargs)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine
        self._writer_queue: _WriterQueue | None = None
        if self.engine.dialect.name == "sqlite":
            writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
            path = sqlite_path(self.url)
            if path is not None:
                self._writer_queue = _WriterQueue(path)
        self._writers = sessionmaker(writer, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only unit of work: rolled back at the end, its loaded objects kept
        usable (detached, not expired) for the caller."""
        with self._sessions() as session, session.begin():
            yield session
            session.expunge_all()
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
        if self._writer_queue is not None:
            self._writer_queue.close()
