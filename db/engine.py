"""Engines and units of work for SQLite (one PC) and PostgreSQL (several PCs)."""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from typing import Any, ClassVar

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]  # no module on Windows; checked for None

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db.private_files import make_private, private_file

SQLITE_BUSY_TIMEOUT_MS = 10_000
# A write waits this long at most for another desk's lock, then is refused (a stalled or
# suspended desk must not freeze the others; docs/architecture.md, "A stalled desk").
LOCK_WAIT_SECONDS = 3.0
# PostgreSQL ends a desk's transaction left this long between two statements (a dead desk).
IDLE_IN_TRANSACTION_SECONDS = 15.0
# A migration's or a clinic file import's transaction may wait and pause this long instead.
LENGTHY_SECONDS = 600
BUSY_MESSAGE = "another desk is busy, try again"
ENDED_MESSAGE = (
    "this desk paused too long in the middle of a change and the database cancelled it; "
    "nothing was saved, try again"
)
# SQLSTATEs: lock_timeout expired; the server ended a transaction left idle.
_LOCK_NOT_AVAILABLE = "55P03"
_IDLE_IN_TRANSACTION_TIMEOUT = "25P03"
_SQLITE_BUSY = 5  # the primary result code; extended ones keep it in the low byte


class DatabaseBusyError(Exception):
    """Another desk held the lock a write needed past the deadline; nothing was changed.
    Every writer shows it as the refusal "another desk is busy, try again" (reason `busy`)."""

    def __init__(self, message: str = BUSY_MESSAGE) -> None:
        super().__init__(message)


class TransactionEndedError(Exception):
    """The server ended this desk's transaction because it stayed idle too long in it (the
    desk was suspended or frozen mid-change); nothing of it was kept."""

    def __init__(self, message: str = ENDED_MESSAGE) -> None:
        super().__init__(message)


def translated_error(error: DBAPIError) -> Exception | None:
    """The database's "still locked" or "your transaction was ended" in the app's terms, or
    None for any other database error."""
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate == _LOCK_NOT_AVAILABLE:
        return DatabaseBusyError()
    if sqlstate == _IDLE_IN_TRANSACTION_TIMEOUT:
        return TransactionEndedError()
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None and code & 0xFF == _SQLITE_BUSY:
        return DatabaseBusyError()
    return None


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
        options = connection.get_execution_options()
        _bound_busy_wait(connection, options.get("write_deadline"))
        mode = options.get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _bound_busy_wait(connection: Any, deadline: float | None) -> None:
    """SQLite's own wait for the lock (busy_timeout) ends with the write's deadline; other
    transactions keep the default. Set on the DBAPI connection itself: a pragma that takes
    no lock and sends nothing anywhere, so no round trip is added to a turn."""
    if deadline is None:
        wanted = SQLITE_BUSY_TIMEOUT_MS
    else:
        wanted = max(1, int((deadline - time.monotonic()) * 1000))
    record = connection.connection
    if record.info.get("busy_timeout_ms", SQLITE_BUSY_TIMEOUT_MS) == wanted:
        return
    cursor = record.dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={wanted}")
    finally:
        cursor.close()
    record.info["busy_timeout_ms"] = wanted


def _private_sqlite_file(url: str) -> None:
    """The database file is created 0600 before SQLite opens it (SQLite would make it
    0644 less the umask), and one readable by others is made private; its -wal, -shm and
    -journal files take its mode. A path that cannot be made so is left for SQLite to
    open or to refuse in its own words.

    An existing file is never opened here: closing any descriptor of it would drop every
    POSIX lock this process's SQLite connections hold on it (another engine on the same
    file, such as a change follower's), and a writer process closing next would take
    itself for the last connection and delete the WAL and its index under them."""
    path = sqlite_path(url)
    if path is None or path.startswith("file:"):
        return
    with suppress(OSError):
        if os.path.isfile(path):
            make_private(path)
        elif not os.path.exists(path):  # anything else there is SQLite's to refuse
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

    A writer that stops in its turn without dying (a suspended laptop, a frozen VM) keeps
    its byte, so every wait here ends at the write's deadline: the waiter is refused busy
    and lets its own byte go, and its successor goes on to SQLite's lock, which it waits
    for only until its own deadline. The waits poll without blocking (no blocking record
    lock can be given a timeout): short naps that grow to `_LONGEST_NAP`.

    POSIX record locks belong to the process and all of them on a file go when any of its
    descriptors closes, so one queue object per file and process is shared (`for_file`).
    """

    _COUNTER = 8  # bytes of the ticket counter at the start of the file
    _RING = 1 << 20  # ticket bytes reused after this many turns
    _FIRST_NAP = 0.0001  # seconds
    _LONGEST_NAP = 0.001
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
    def turn(self, deadline: float) -> Iterator[None]:
        """This writer's turn, or DatabaseBusyError once `deadline` (time.monotonic) passed."""
        if fcntl is None:
            yield
            return
        if not self._threads.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise DatabaseBusyError()
        try:
            if self._descriptor is None:
                self._descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            descriptor = self._descriptor
            ticket = self._draw_ticket(descriptor, deadline)
            mine = self._COUNTER + ticket % self._RING
            try:
                if ticket > 0:
                    before = self._COUNTER + (ticket - 1) % self._RING
                    shared = fcntl.LOCK_SH | fcntl.LOCK_NB
                    self._within(deadline, lambda: fcntl.lockf(descriptor, shared, 1, before))
                    fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, before)  # predecessor done
                yield
            finally:
                fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, mine)
        finally:
            self._threads.release()

    def _draw_ticket(self, descriptor: int, deadline: float) -> int:
        """Take the next ticket and hold its byte before anyone can draw the one after."""
        self._within(deadline, lambda: fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB))
        try:
            counter = os.pread(descriptor, self._COUNTER, 0)
            ticket = int.from_bytes(counter, "little") if len(counter) == self._COUNTER else 0
            mine = self._COUNTER + ticket % self._RING
            # Free unless its holder a whole ring of turns ago is still stalled in its turn.
            exclusive = fcntl.LOCK_EX | fcntl.LOCK_NB
            self._within(deadline, lambda: fcntl.lockf(descriptor, exclusive, 1, mine))
            try:
                os.pwrite(descriptor, (ticket + 1).to_bytes(self._COUNTER, "little"), 0)
            except BaseException:
                fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, mine)
                raise
            return ticket
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)

    def _within(self, deadline: float, attempt: Callable[[], object]) -> None:
        """Repeat a non-blocking lock `attempt` until it succeeds; DatabaseBusyError if the
        lock is still held at `deadline`."""
        nap = self._FIRST_NAP
        while True:
            try:
                attempt()
                return
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise DatabaseBusyError()
            time.sleep(min(nap, left))
            nap = min(nap * 2, self._LONGEST_NAP)


@contextmanager
def sqlite_writers_turn(path: str, lock_wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """This process's turn among the writers of the SQLite file at `path`, for a write made
    without a `Database` (a restore copies pages into the live file): it queues behind the
    desks' writes as theirs do, and a writer stalled in its turn ends the wait in
    DatabaseBusyError after `lock_wait` seconds."""
    queue = _WriterQueue.for_file(path)
    try:
        with queue.turn(time.monotonic() + lock_wait):
            yield
    finally:
        queue.release()


def _make_postgres_reader(url: str, engine_kwargs: dict[str, Any]) -> Engine:
    """Connections for reads only: every statement on its own (autocommit, so no BEGIN and
    COMMIT round trips around a read, and no ROLLBACK, at which psycopg forgets every
    prepared statement of the connection) and read-only, so a write by mistake fails
    instead of being kept. Each statement sees what is committed when it runs, as in the
    READ COMMITTED transactions used elsewhere."""
    kwargs = _with_server_options(engine_kwargs, "-c default_transaction_read_only=on")
    return make_engine(url, isolation_level="AUTOCOMMIT", **kwargs)


def _with_server_options(engine_kwargs: dict[str, Any], options: str) -> dict[str, Any]:
    """The engine's keyword arguments with `options` (server settings, `-c name=value`)
    added to what the caller gave for every new PostgreSQL connection."""
    kwargs = dict(engine_kwargs)
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args["options"] = f"{connect_args.get('options', '')} {options}".strip()
    return {**kwargs, "connect_args": connect_args}


def allow_lengthy_transaction(connection: Connection, *, waiting_for_locks: bool) -> None:
    """PostgreSQL: this transaction may pause between its statements for `LENGTHY_SECONDS`
    (a clinic file is checked inside its import) and, with `waiting_for_locks`, wait that
    long for a lock (a desk starting while another migrates waits for it to finish). The
    desk's own limits stay for every other transaction; SQLite has neither."""
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(
        f"SET LOCAL idle_in_transaction_session_timeout = '{LENGTHY_SECONDS}s'"
    )
    if waiting_for_locks:
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{LENGTHY_SECONDS}s'")


class Database:
    """One database: its engines and the two kinds of unit of work the app uses.

    A write waits at most `lock_wait` seconds for another desk (then DatabaseBusyError);
    on PostgreSQL the server ends a write left idle for `idle_in_transaction` seconds
    (the stalled desk then gets TransactionEndedError)."""

    def __init__(
        self,
        url: str,
        *,
        lock_wait: float = LOCK_WAIT_SECONDS,
        idle_in_transaction: float = IDLE_IN_TRANSACTION_SECONDS,
        **engine_kwargs: Any,
    ) -> None:
        self.url = normalise_url(url)
        self.lock_wait = lock_wait
        if make_url(self.url).get_backend_name() == "postgresql":
            limits = (
                f"-c lock_timeout={int(lock_wait * 1000)}"
                f" -c idle_in_transaction_session_timeout={int(idle_in_transaction * 1000)}"
            )
            self.engine = make_engine(self.url, **_with_server_options(engine_kwargs, limits))
        else:
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
    def snapshot_read(self) -> Iterator[Session]:
        """A read-only unit of work whose statements all see one moment: a report's total and
        its parts, read by several statements, must agree. On SQLite `read` already is one
        transaction; on PostgreSQL the readers' autocommit connections give every statement
        its own moment, so this is a REPEATABLE READ, READ ONLY transaction on the writers'
        engine, rolled back at the end."""
        if self._reader is None:
            with self.read() as session:
                yield session
            return
        with self._writers() as session, session.begin():
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            session.execute(text("SET TRANSACTION READ ONLY"))
            yield session
            session.expunge_all()
            session.rollback()

    @contextmanager
    def write(self, *, lengthy: bool = False) -> Iterator[Session]:
        """One transaction that commits on success; on SQLite it takes the write lock first
        (BEGIN IMMEDIATE) so that a re-check followed by a write cannot interleave.

        Waiting for another desk ends at a deadline `lock_wait` from now, in
        DatabaseBusyError, nothing changed; the server ending the transaction is
        TransactionEndedError. `lengthy`: a transaction that may pause between its statements
        (an import), see `allow_lengthy_transaction`."""
        deadline = time.monotonic() + self.lock_wait
        try:
            with (
                self._turn(deadline),
                self._writers(execution_options={"write_deadline": deadline}) as session,
                session.begin(),
            ):
                if lengthy:
                    allow_lengthy_transaction(session.connection(), waiting_for_locks=False)
                yield session
        except DBAPIError as error:
            translated = translated_error(error)
            if translated is None:
                raise
            raise translated from error

    def _turn(self, deadline: float) -> AbstractContextManager[None]:
        if self._writer_queue is None:
            return nullcontext()  # nothing to wait for before the database's own lock
        return self._writer_queue.turn(deadline)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._reader is not None:
            self._reader.dispose()
        if self._writer_queue is not None:
            self._writer_queue.release()
            self._writer_queue = None
