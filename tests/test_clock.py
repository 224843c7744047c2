"""One clock for all desks (docs/architecture.md, "One clock"): on PostgreSQL a process
decides and stamps by the database server's clock whatever its own PC's clock says; on
SQLite the PC's clock is the clock, and nothing is asked.

The skewed processes are real: libfaketime (the PyPI package `libfaketime`, a dev
dependency) is preloaded into the `frontdesk` subprocess and moves its wall clock by ten
minutes either way, as a PC whose clock is off would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import event

from app.cli.common import database_now
from app.clinic_file import import_clinic
from app.clock import NOTICEABLE_OFFSET, DatabaseClock, shared_clock
from db.engine import Database
from tests.test_cli import run

SKEW = timedelta(minutes=10)
MARGIN = timedelta(minutes=5)  # how far past (or short of) a rule's limit: well inside SKEW
# Process clocks: the PC's own, then ten minutes ahead, then ten minutes behind.
SKEWS = {"in time": timedelta(0), "ahead": SKEW, "behind": -SKEW}
ALL_DAY = [
    {"weekday": day, "start": "00:00", "end": "24:00"}
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
]
# Server time is compared with what a process stamped: the measured offset is off by at most
# half a round trip, so a second is plenty (the skew is 600 s).
STAMP_TOLERANCE = timedelta(seconds=1)
# The dev dependency is installed on Linux only (pyproject.toml), where CI runs.
skews_a_process = pytest.mark.skipif(sys.platform != "linux", reason="libfaketime: Linux")


def skewed(offset: timedelta) -> dict[str, str]:
    """The environment that moves a subprocess's wall clock by `offset` (its monotonic clock
    is left alone, as a PC's would be)."""
    from libfaketime import get_reload_information

    if not offset:
        return {}
    _needed, env = get_reload_information()
    return {**env, "FAKETIME": f"{int(offset.total_seconds()):+d}"}


def server_now(url: str) -> datetime:
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        row = connection.execute("SELECT clock_timestamp()").fetchone()
    assert row is not None
    return row[0].astimezone(UTC)


def _therapist(key: str, notice: timedelta) -> dict[str, Any]:
    return {
        "key": key, "name": f"Dr. {key}", "default_session_minutes": 50,
        "buffer_before_minutes": 0, "buffer_after_minutes": 0,
        "min_notice_minutes": int(notice.total_seconds() // 60), "max_advance_days": 60,
        "max_clients_per_day": 8, "status": "available", "working_hours": ALL_DAY,
    }  # fmt: skip


def _zone_away_from_midnight() -> str:
    """A zone whose local time is hours from midnight now: a session an hour or a day from now
    then fits in one day's working hours (a window ends at 24:00) whenever the test runs."""
    return "UTC" if 3 <= datetime.now(UTC).hour < 20 else "Asia/Tokyo"  # Tokyo: UTC+9


def _clinic(therapists: list[dict[str, Any]], sessions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "clinic": {"name": "Clock Clinic", "timezone": _zone_away_from_midnight(),
                   "slot_interval_minutes": 5,
                   "hold_minutes": 10, "cancellation_notice_hours": 24},
        "rooms": [{"key": f"r{n}", "name": f"Room {n}", "capacity": 1, "features": []}
                  for n in range(1, 7)],
        "services": [{"key": "individual", "name": "Individual", "duration_minutes": 50,
                      "price": "150.00", "required_features": []}],
        "therapists": therapists,
        "clients": [{"key": f"c{n}", "name": f"Client {n}", "phone": f"+1555123{n:04d}"}
                    for n in range(1, 7)],
        "users": [], "sessions": sessions,
    }  # fmt: skip


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M+00:00")


@skews_a_process
def test_the_faketime_environment_really_moves_a_process_clock() -> None:
    """What the tests below rely on: without it they would compare two unskewed runs."""
    for offset in (SKEW, -SKEW):
        probe = subprocess.run(
            [sys.executable, "-c", "import time; print(time.time())"],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, **skewed(offset)},
        )  # fmt: skip
        moved = float(probe.stdout) - datetime.now(UTC).timestamp()
        assert abs(moved - offset.total_seconds()) < 30, probe.stderr


@skews_a_process
@pytest.mark.postgres
def test_minimum_notice_and_booking_stamps_follow_the_server_whatever_the_pc_clock(
    postgres_url: str,
) -> None:
    """One start, five minutes past one therapist's minimum notice and five minutes short
    of another's: every process books the first and is refused `too_soon` by the second,
    whether its clock is right, ten minutes ahead or ten minutes behind. A process deciding
    by its own clock would refuse the first when ahead and accept the second when behind."""
    now = server_now(postgres_url)
    start = _minute(now) + timedelta(minutes=60)
    start -= timedelta(minutes=start.minute % 5)  # on the clinic's 5-minute grid
    lead = start - now
    therapists = []
    for n, _name in enumerate(SKEWS):
        therapists += [
            _therapist(f"over{n}", lead - MARGIN),
            _therapist(f"under{n}", lead + MARGIN),
        ]
    database = Database(postgres_url)
    import_clinic(database, _clinic(therapists, []), actor="test")
    database.dispose()
    booked: list[tuple[datetime, str, datetime]] = []
    for n, offset in enumerate(SKEWS.values()):
        common = ["--service", "individual", "--start", _stamp(start), "--json"]
        before = server_now(postgres_url)
        over = run("--db", postgres_url, "book", "--therapist", f"over{n}",
                   "--client", f"c{2 * n + 1}", *common, env=skewed(offset))  # fmt: skip
        after = server_now(postgres_url)
        assert over.returncode == 0, (offset, over.stdout, over.stderr)
        booked.append((before, json.loads(over.stdout)["reference"], after))
        under = run("--db", postgres_url, "book", "--therapist", f"under{n}",
                    "--client", f"c{2 * n + 2}", *common, env=skewed(offset))  # fmt: skip
        assert under.returncode == 3, (offset, under.stdout, under.stderr)
        assert json.loads(under.stdout)["reason"] == "too_soon"
    # Each booking is stamped by the server's clock, so the stamps keep the order in which
    # the processes booked, as the audit log's own stamps (the server's) do.
    with psycopg.connect(postgres_url.replace("postgresql+psycopg", "postgresql")) as connection:
        created = dict(connection.execute("SELECT reference, created_at FROM sessions").fetchall())
        audited = [row[0] for row in connection.execute(
            "SELECT s.reference FROM audit_log a JOIN sessions s ON s.id = a.entity_id "
            "WHERE a.action = 'session.book' ORDER BY a.at, a.id"
        )]  # fmt: skip
    for before, reference, after in booked:
        assert before - STAMP_TOLERANCE <= created[reference] <= after + STAMP_TOLERANCE
    references = [reference for _b, reference, _a in booked]
    assert sorted(references, key=created.__getitem__) == references
    assert audited == references


@skews_a_process
@pytest.mark.postgres
def test_late_cancellation_follows_the_server_whatever_the_pc_clock(postgres_url: str) -> None:
    """Sessions five minutes past and five minutes short of the clinic's 24-hour notice: the
    first is cancelled in time and the second late by every process, skewed or not; and the
    cancellation is stamped by the server's clock."""
    now = server_now(postgres_url)
    notice = timedelta(hours=24)
    sessions, therapists = [], []
    for n, _name in enumerate(SKEWS):
        for late, start in ((False, now + notice + MARGIN), (True, now + notice - MARGIN)):
            number = 2 * n + late + 1  # a therapist and a client of its own
            therapists.append(_therapist(f"t{number}", timedelta(0)))
            sessions.append({
                "reference": f"BK-2000-{number:06d}", "therapist": f"t{number}",
                "client": f"c{number}", "service": "individual", "start": _stamp(start),
            })  # fmt: skip
    database = Database(postgres_url)
    import_clinic(database, _clinic(therapists, sessions), actor="test")
    database.dispose()
    for n, offset in enumerate(SKEWS.values()):
        for late in (False, True):
            reference = f"BK-2000-{2 * n + late + 1:06d}"
            before = server_now(postgres_url)
            cancelled = run("--db", postgres_url, "cancel", reference, "--reason", "ill",
                            "--json", env=skewed(offset))  # fmt: skip
            after = server_now(postgres_url)
            assert cancelled.returncode == 0, (offset, cancelled.stderr)
            assert json.loads(cancelled.stdout)["late"] is late, (offset, late)
            with psycopg.connect(postgres_url.replace("postgresql+psycopg", "postgresql")) as c:
                row = c.execute(
                    "SELECT cancelled_at FROM sessions WHERE reference = %s", (reference,)
                ).fetchone()
            assert row is not None
            assert before - STAMP_TOLERANCE <= row[0] <= after + STAMP_TOLERANCE


# -- the clock itself ------------------------------------------------------------------------


@contextmanager
def statements_sent(database: Database) -> Iterator[list[str]]:
    """Every statement sent to the database's engines meanwhile."""
    seen: list[str] = []
    engines = {database.engine}
    reader = getattr(database, "_reader", None)
    if reader is not None:
        engines.add(reader)

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", count)


def test_on_sqlite_the_clock_is_the_pcs_and_asks_nothing(sqlite_database: Database) -> None:
    pc = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    clock = DatabaseClock(sqlite_database, local=lambda: pc)
    with statements_sent(sqlite_database) as seen:
        clock.measure()
        clock.measure_once()
        clock.keep_measuring(every_seconds=0.01)
        threading.Event().wait(0.1)
        clock.stop()
        assert database_now(sqlite_database) <= datetime.now(UTC)
    assert clock.now() == pc and clock.offset == timedelta(0) and clock.measured
    assert seen == []


@pytest.mark.postgres
def test_on_postgresql_a_command_asks_the_server_once(postgres_url: str) -> None:
    """Not a query per decision: the command line's first `now` measures (one statement),
    the rest add the offset."""
    database = Database(postgres_url)
    with statements_sent(database) as seen:
        first = database_now(database)
        for _ in range(5):
            database_now(database)
    assert [s for s in seen if "clock_timestamp" in s] == seen and len(seen) == 1
    assert abs(first - server_now(postgres_url)) < timedelta(seconds=5)
    database.dispose()


def skewed_local(offset: timedelta) -> Callable[[], datetime]:
    return lambda: datetime.now(UTC) + offset


@pytest.mark.postgres
def test_a_skewed_pc_clock_is_measured_and_corrected(postgres_url: str) -> None:
    database = Database(postgres_url)
    clock = DatabaseClock(database, local=skewed_local(SKEW))
    clock.measure()
    assert abs(clock.offset + SKEW) < STAMP_TOLERANCE
    assert clock.round_trip is not None and clock.round_trip < timedelta(seconds=1)
    assert abs(clock.now() - server_now(postgres_url)) < STAMP_TOLERANCE
    database.dispose()


@pytest.mark.postgres
def test_a_failed_measurement_keeps_the_last_offset_and_is_tried_again(
    postgres_url: str,
) -> None:
    away = Database(postgres_url.replace(":5432/", ":1/"))  # nothing listens there
    clock = DatabaseClock(away, local=skewed_local(SKEW))
    clock.offset = -SKEW  # as measured before the server went away
    with pytest.raises(Exception):  # noqa: B017 (whatever the driver raises)
        clock.measure()
    assert clock.offset == -SKEW
    # Kept measuring: the failure is logged and tried again, the offset kept meanwhile.
    attempts: list[int] = []
    original = clock.measure

    def counted(samples: int = 3) -> None:
        attempts.append(samples)
        original(samples)

    clock.measure = counted  # type: ignore[method-assign]
    clock.keep_measuring(every_seconds=0.05)
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while len(attempts) < 2 and datetime.now(UTC) < deadline:
        threading.Event().wait(0.02)
    clock.stop()
    assert len(attempts) >= 2 and clock.offset == -SKEW
    away.dispose()


@pytest.mark.postgres
def test_kept_measuring_tells_its_listeners(postgres_url: str) -> None:
    database = Database(postgres_url)
    clock = DatabaseClock(database, local=skewed_local(-SKEW))
    heard: list[timedelta] = []
    clock.listen(heard.append)
    clock.keep_measuring(every_seconds=0.05)
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while len(heard) < 2 and datetime.now(UTC) < deadline:
        threading.Event().wait(0.02)
    clock.stop()
    assert len(heard) >= 2 and all(abs(offset - SKEW) < STAMP_TOLERANCE for offset in heard)
    database.dispose()


def test_a_process_shares_one_clock_per_database(sqlite_database: Database, tmp_path: Path) -> None:
    other = Database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert shared_clock(sqlite_database) is shared_clock(sqlite_database)
    assert shared_clock(other) is not shared_clock(sqlite_database)
    other.dispose()


# -- the desk's status bar ------------------------------------------------------------------


@pytest.mark.postgres
def test_the_status_bar_says_when_this_pc_is_off_the_servers_clock(
    qtbot: Any, postgres_url: str
) -> None:
    from ui.status_bar import DeskStatusBar

    database = Database(postgres_url)
    skew = {"now": SKEW}
    clock = DatabaseClock(database, local=lambda: datetime.now(UTC) + skew["now"])
    bar = DeskStatusBar(database, None, clock=clock)
    qtbot.addWidget(bar)
    bar.resize(1600, 30)
    bar.show()
    assert bar.clock_label.isHidden()
    measuring = threading.Thread(target=clock.measure)  # as the desk does: off the UI thread
    measuring.start()
    measuring.join()
    qtbot.waitUntil(lambda: bar.clock_label.isVisible())
    assert bar.clock_label.text() == (
        "This PC's clock is 10 min ahead of the database server's; the desk uses the server's time"
    )
    # A re-measurement after the PC's clock was put right clears it.
    skew["now"] = timedelta(0)
    measuring = threading.Thread(target=clock.measure)
    measuring.start()
    measuring.join()
    qtbot.waitUntil(lambda: bar.clock_label.isHidden())
    assert abs(clock.offset) < NOTICEABLE_OFFSET
    bar.stop()
    database.dispose()


@pytest.mark.postgres
def test_a_desk_in_time_says_nothing_about_its_clock(qtbot: Any, postgres_url: str) -> None:
    from ui.status_bar import DeskStatusBar

    database = Database(postgres_url)
    clock = DatabaseClock(database)
    clock.measure()
    bar = DeskStatusBar(database, None, clock=clock)
    qtbot.addWidget(bar)
    bar.show()
    assert bar.clock_label.isHidden() and bar.clock_label.text() == ""
    bar.stop()
    database.dispose()


# A desk's status bar in a process of its own, as `ui.launch` builds it: the process's
# shared clock, kept measured on its thread; prints what the clock item says.
DESK_STATUS_SCRIPT = """
import sys, time
from PySide6.QtWidgets import QApplication
from app.clock import shared_clock
from db.engine import Database
from ui.status_bar import DeskStatusBar

app = QApplication([])
database = Database(sys.argv[1])
bar = DeskStatusBar(database, None)
bar.resize(1600, 30)
bar.show()
clock = shared_clock(database)
clock.keep_measuring()
deadline = time.monotonic() + 20
while not clock.measured and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
for _ in range(50):  # the measurement reaches the bar through the event loop
    app.processEvents()
    time.sleep(0.01)
clock.stop()
print(bar.clock_label.text() if bar.clock_label.isVisible() else "(nothing)")
"""


@skews_a_process
@pytest.mark.postgres
@pytest.mark.parametrize(
    ("offset", "said"),
    [
        (SKEW, "This PC's clock is 10 min ahead of the database server's; "
               "the desk uses the server's time"),
        (-SKEW, "This PC's clock is 10 min behind the database server's; "
                "the desk uses the server's time"),
        (timedelta(seconds=30), "(nothing)"),
        (timedelta(0), "(nothing)"),
    ],
)  # fmt: skip
def test_a_desk_whose_pc_clock_is_off_says_so(
    postgres_url: str, offset: timedelta, said: str
) -> None:
    desk = subprocess.run(
        [sys.executable, "-c", DESK_STATUS_SCRIPT, postgres_url],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **skewed(offset)},
    )  # fmt: skip
    assert desk.returncode == 0, desk.stderr
    assert desk.stdout.strip() == said


def test_a_clock_does_not_keep_its_database_alive(tmp_path: Path) -> None:
    """The process's clocks are kept per database; a database disposed and dropped goes,
    with its engines, and its clock with it."""
    import gc
    import weakref

    from app import clock as clocks

    gone = []
    for number in range(3):
        database = Database(f"sqlite:///{tmp_path / f'clinic{number}.sqlite3'}")
        clocks.shared_clock(database).now()
        database.dispose()
        gone.append(weakref.ref(database))
        del database
    gc.collect()
    assert [ref() for ref in gone] == [None, None, None]


@skews_a_process
def test_an_import_stamps_by_the_servers_clock(postgres_url: str, tmp_path: Path) -> None:
    """A cancelled session a clinic file gives without its cancellation time is stamped with
    the server's now, by a command whose PC clock is 10 minutes ahead."""
    start = _minute(server_now(postgres_url) + timedelta(days=2))
    session = {"reference": "BK-2000-000001", "therapist": "t1", "client": "c1",
               "service": "individual", "start": _stamp(start), "status": "cancelled"}  # fmt: skip
    clinic_file = tmp_path / "clinic.json"
    clinic_file.write_text(json.dumps(_clinic([_therapist("t1", timedelta(0))], [session])))
    before = server_now(postgres_url)
    imported = run("--db", postgres_url, "import", str(clinic_file), env=skewed(SKEW))
    after = server_now(postgres_url)
    assert imported.returncode == 0, imported.stderr
    with psycopg.connect(postgres_url.replace("postgresql+psycopg", "postgresql")) as connection:
        row = connection.execute("SELECT cancelled_at FROM sessions").fetchone()
    assert row is not None
    assert before - STAMP_TOLERANCE <= row[0] <= after + STAMP_TOLERANCE
