"""One clock for all desks (docs/architecture.md, "One clock").

Desks sharing a PostgreSQL database decide "too soon", "late cancellation", hold expiry and
reminders, and stamp the audit, by the database server's clock, so a PC whose own clock is
off decides like the others. Asking the server on every decision would add a round trip to
each, so a process measures the offset between its clock and the server's now and then
(`measure`) and adds it (`now`). An SQLite file is used by one PC: its clock is that PC's,
offset 0, and nothing is asked.

Each process shares one `DatabaseClock` per database (`shared_clock`): the command line
measures it once per command, the desk and the long-running services keep it measured from
a thread of their own (`keep_measuring`), never from the UI thread.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from db.engine import Database
from db.statements import keeps_a_clock, server_clock

log = logging.getLogger(__name__)

MEASURE_EVERY_SECONDS = 300.0  # a PC's clock drifts by seconds a day, not in five minutes
RETRY_SECONDS = 30.0  # after a failed measurement (the server away): the last offset is kept
SAMPLES = 3  # per measurement; the one with the shortest round trip is kept
# A PC this far off the server's clock is worth telling the desk about.
NOTICEABLE_OFFSET = timedelta(minutes=1)

Listener = Callable[[timedelta], None]


def pc_clock() -> datetime:
    return datetime.now(UTC)


class DatabaseClock:
    """ "Now" for rules and stamps: this PC's clock plus the last measured offset to the
    database server's clock. `now()` never queries."""

    def __init__(self, database: Database, local: Callable[[], datetime] = pc_clock) -> None:
        # Weakly: the process's clocks are kept per database (`shared_clock`) and must not
        # keep a disposed database, its engines and its pool, alive.
        self._database = weakref.ref(database)
        self._keeps_a_clock = keeps_a_clock(database.engine)
        self.local = local  # this PC's clock (tests hand in a skewed one)
        self.offset = timedelta(0)  # the server's clock minus this PC's
        self.round_trip: timedelta | None = None  # of the sample the offset came from
        self.measured = not self._keeps_a_clock  # SQLite: nothing to measure
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def database(self) -> Database:
        database = self._database()
        if database is None:
            raise RuntimeError("the database this clock measured is gone")
        return database

    def now(self) -> datetime:
        """This moment by the database server's clock (aware, UTC)."""
        return self.local() + self.offset

    def measure(self, samples: int = SAMPLES) -> None:
        """Ask the server for its clock `samples` times on one connection and keep the offset
        of the quickest round trip, taken at its midpoint (the answer is then off by at most
        half that round trip). Raises what the database raises; the last offset stays."""
        if not self._keeps_a_clock:
            return
        best: tuple[float, timedelta] | None = None
        with self.database.read() as session:
            connection = session.connection()  # connected before any sample is timed
            for _ in range(max(1, samples)):
                sent = self.local()
                began = time.perf_counter()
                server = server_clock(connection)
                trip = time.perf_counter() - began
                if best is None or trip < best[0]:
                    best = (trip, server - (sent + timedelta(seconds=trip / 2)))
        assert best is not None
        self.round_trip = timedelta(seconds=best[0])
        self.offset = best[1]
        self.measured = True
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(self.offset)
            except Exception:  # one listener's trouble is not the measurement's
                log.exception("a clock listener failed")

    def measure_once(self) -> None:
        """Measure unless measured already: what a command that runs once needs (one round
        trip on PostgreSQL, none on SQLite)."""
        if not self.measured:
            self.measure(samples=1)

    def listen(self, listener: Listener) -> None:
        """`listener(offset)` after each measurement, on the measuring thread."""
        with self._listeners_lock:
            self._listeners.append(listener)

    def forget(self, listener: Listener) -> None:
        with self._listeners_lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def keep_measuring(self, every_seconds: float = MEASURE_EVERY_SECONDS) -> None:
        """Measure every `every_seconds` on a thread of its own, at once if not measured
        yet, until `stop`; a failed measurement is logged and tried again sooner. Nothing to
        do on SQLite."""
        if self._thread is not None or not self._keeps_a_clock:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._measure_until_stopped, args=(every_seconds,), name="clock", daemon=True
        )
        self._thread.start()

    def _measure_until_stopped(self, every_seconds: float) -> None:
        wait = every_seconds if self.measured else 0.0
        while not self._stop.wait(wait):
            if self._database() is None:
                return  # nothing left to measure against
            wait = every_seconds
            try:
                self.measure()
            except Exception:  # the server away: keep the last offset, ask again soon
                log.warning("could not read the database server's clock", exc_info=True)
                wait = min(RETRY_SECONDS, every_seconds)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None


_shared: weakref.WeakKeyDictionary[Database, DatabaseClock] = weakref.WeakKeyDictionary()
_shared_lock = threading.Lock()


def shared_clock(database: Database) -> DatabaseClock:
    """This process's one clock for `database`, made on first use (not yet measured)."""
    with _shared_lock:
        clock = _shared.get(database)
        if clock is None:
            clock = _shared[database] = DatabaseClock(database)
        return clock
