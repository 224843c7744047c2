"""A desk that stalls inside its write (a suspended laptop, a frozen VM) freezes no other desk:
another desk's write waits at most the lock deadline, then is refused "another desk is busy,
try again" (reason `busy`, exit 3) with nothing changed, and PostgreSQL ends the stalled
transaction itself (docs/architecture.md, "A stalled desk"). Real processes throughout: the
stalled writer is a process stopped with SIGSTOP or a psycopg connection in another process.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from app.booking import BookingRefusedError, BookingRequest, book, hold, release_hold_patiently
from app.clinic_file import import_clinic
from db.engine import (
    BUSY_MESSAGE,
    LOCK_WAIT_SECONDS,
    Database,
    DatabaseBusyError,
    TransactionEndedError,
)
from db.models import BookingHold, TherapySession
from tests.booking_support import at, booking_clinic, load_booking_clinic, snapshot

pytestmark = pytest.mark.skipif(os.name != "posix", reason="stalls a process with SIGSTOP")

FRONTDESK = [sys.executable, "-m", "app.cli"]
NOW = "2025-01-10T08:00"  # the reference counter of 2025 is the one every booking needs
REFUSED = {"error": BUSY_MESSAGE, "reason": "busy", "alternatives": []}
WITHIN = LOCK_WAIT_SECONDS + 3  # the deadline and a process's start, on a busy machine


def frontdesk(url: str, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run one command; what it printed and how long it took (seconds)."""
    began = time.monotonic()
    result = subprocess.run(
        [*FRONTDESK, "--db", url, *args], capture_output=True, text=True, timeout=90
    )
    return result, time.monotonic() - began


def book_args(therapist: str, client: str, start: str) -> list[str]:
    return ["book", "--therapist", therapist, "--client", client, "--service", "individual",
            "--start", start, "--now", NOW, "--json"]  # fmt: skip


def session_count(database: Database) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(TherapySession)) or 0)


# --- PostgreSQL ------------------------------------------------------------------------------

_HOLD_THE_COUNTER = """
import sys, time, psycopg
with psycopg.connect(sys.argv[1]) as connection:
    connection.execute("SELECT last_number FROM reference_counters WHERE year = 2025 FOR UPDATE")
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def counter_held(postgres_url: str) -> Iterator[str]:
    """Another process holds this year's reference counter row (`FOR UPDATE`) in a
    transaction it never ends, as psql did in the issue's reproduction."""
    database = Database(postgres_url)
    load_booking_clinic(database)
    book(database, BookingRequest("carter", "c1", "individual", at("2025-01-13T10:00")),
         actor="test", now=at(NOW))  # fmt: skip  # the year's counter row exists
    database.dispose()
    dsn = make_url(postgres_url).set(drivername="postgresql").render_as_string(False)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_THE_COUNTER, dsn], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield postgres_url
    finally:
        holder.kill()
        holder.wait(30)


def test_a_booking_behind_a_stalled_desk_on_postgresql_is_refused_busy_in_time(
    counter_held: str,
) -> None:
    database = Database(counter_held)
    before, sessions = snapshot(database), session_count(database)
    refused, waited = frontdesk(counter_held, *book_args("kim", "c2", "2025-01-14T10:00"))
    assert refused.returncode == 3, refused.stderr
    assert json.loads(refused.stdout) == REFUSED
    assert refused.stderr == f"frontdesk: refused: {BUSY_MESSAGE}\n"
    assert LOCK_WAIT_SECONDS - 0.5 < waited < WITHIN, waited  # it waited for the lock, no longer
    moved, _ = frontdesk(counter_held, "reschedule", "BK-2025-000001",
                         "--start", "2025-01-13T14:00", "--now", NOW, "--json")  # fmt: skip
    assert moved.returncode == 3 and json.loads(moved.stdout) == REFUSED, moved.stderr
    assert snapshot(database) == before and session_count(database) == sessions
    print(f"\nPostgreSQL: the refused booking took {waited:.2f} s")
    database.dispose()


def test_the_desks_connections_carry_the_lock_and_idle_limits(postgres_url: str) -> None:
    database = Database(postgres_url)
    with database.write() as session:
        lock_wait = session.execute(text("SHOW lock_timeout")).scalar_one()
        idle = session.execute(text("SHOW idle_in_transaction_session_timeout")).scalar_one()
    assert (lock_wait, idle) == ("3s", "15s")
    with database.write(lengthy=True) as session:  # a clinic file's import may pause longer
        idle = session.execute(text("SHOW idle_in_transaction_session_timeout")).scalar_one()
        assert idle == "10min"
    database.dispose()


def test_a_clinic_file_import_may_pause_longer_than_a_desks_turn(postgres_url: str) -> None:
    """The file is checked inside the import's transaction, between its first reads and its
    writes: a large one takes longer than a desk may stay idle in a transaction."""
    from datetime import UTC, datetime

    from app.demo import build_demo_clinic

    database = Database(postgres_url, idle_in_transaction=0.1)
    demo = build_demo_clinic(seed=7, now=datetime(2026, 11, 22, 15, 0, tzinfo=UTC))
    import_clinic(database, demo, actor="demo", demo=True)
    assert session_count(database) > 100
    database.dispose()


def test_a_desk_starting_while_another_migrates_waits_for_it(empty_postgres_url: str) -> None:
    """Another desk's migration holds the migration lock (db/migrations/env.py) longer than
    a desk's lock wait: a desk starting meanwhile waits for it instead of failing."""
    from db.migrate import head_revision, upgrade

    migration_lock = 0x46524E54  # MIGRATION_LOCK_ID of db/migrations/env.py
    dsn = make_url(empty_postgres_url).set(drivername="postgresql").render_as_string(False)
    database = Database(empty_postgres_url, lock_wait=0.2)
    with psycopg.connect(dsn) as other_desk:
        other_desk.execute("SELECT pg_advisory_xact_lock(%s)", (migration_lock,))
        threading.Timer(1.0, other_desk.rollback).start()
        began = time.monotonic()
        assert upgrade(database).to_revision == head_revision()
        assert time.monotonic() - began > 0.9
    database.dispose()


def test_postgresql_ends_a_stalled_desks_transaction_and_tells_it_clearly(
    postgres_url: str,
) -> None:
    """The stalled desk holds the counter row and pauses past the (here short) idle limit:
    the server ends its transaction, so another desk books at once, and the stalled one,
    waking, is told in one sentence that nothing of its change was saved."""
    from ui.feedback import describe_error

    setup = Database(postgres_url)
    load_booking_clinic(setup)
    book(setup, BookingRequest("carter", "c1", "individual", at("2025-01-13T10:00")),
         actor="test", now=at(NOW))  # fmt: skip
    stalled = Database(postgres_url, idle_in_transaction=1)
    with pytest.raises(TransactionEndedError) as ended, stalled.write() as session:
        session.execute(text("SELECT last_number FROM reference_counters FOR UPDATE"))
        session.execute(text("UPDATE clients SET name = 'Changed' WHERE key = 'c1'"))
        time.sleep(1.5)  # the laptop's lid is closed
        session.execute(text("SELECT 1"))
    assert describe_error(ended.value) == str(ended.value)
    assert "nothing was saved" in str(ended.value)
    began = time.monotonic()  # the row is free again: another desk books without waiting
    other = book(setup, BookingRequest("kim", "c2", "individual", at("2025-01-14T10:00")),
                 actor="test", now=at(NOW))  # fmt: skip
    assert other.reference == "BK-2025-000002" and time.monotonic() - began < 1
    with setup.read() as session:
        assert session.scalar(text("SELECT name FROM clients WHERE key = 'c1'")) == "Ana One"
    with stalled.write() as session:  # and the stalled desk's next write works
        assert session.execute(text("SELECT 1")).scalar_one() == 1
    stalled.dispose()
    setup.dispose()


# --- SQLite ----------------------------------------------------------------------------------


def _stall_in_turn(url: str, entered: Any) -> None:
    """A desk's write that gets its turn and SQLite's write lock, then never ends (the test
    stops this process there)."""
    database = Database(url)
    with database.write() as session:
        session.execute(text("UPDATE clinic_settings SET name = 'Half written'"))
        entered.set()
        time.sleep(120)


def stall_a_writer(url: str) -> Any:
    """A writer process stopped (SIGSTOP) in the middle of its turn."""
    context = multiprocessing.get_context("spawn")
    entered = context.Event()
    writer = context.Process(target=_stall_in_turn, args=(url, entered))
    writer.start()
    assert entered.wait(60)
    os.kill(writer.pid, signal.SIGSTOP)
    return writer


def end_the_stall(writer: Any) -> None:
    os.kill(writer.pid, signal.SIGCONT)
    writer.kill()
    writer.join(30)


@pytest.fixture
def sqlite_clinic(sqlite_url: str) -> Iterator[str]:
    database = Database(sqlite_url)
    load_booking_clinic(database)
    book(database, BookingRequest("carter", "c1", "individual", at("2025-01-13T10:00")),
         actor="test", now=at(NOW))  # fmt: skip
    database.dispose()
    yield sqlite_url


def test_every_write_behind_a_stalled_sqlite_writer_is_refused_busy_in_time(
    sqlite_clinic: str, tmp_path: Path
) -> None:
    clinic_file = tmp_path / "clinic.json"
    clinic_file.write_text(json.dumps(booking_clinic()))
    database = Database(sqlite_clinic)
    before, sessions = snapshot(database), session_count(database)
    writer = stall_a_writer(sqlite_clinic)
    try:
        refused, waited = frontdesk(sqlite_clinic, *book_args("kim", "c2", "2025-01-14T10:00"))
        assert refused.returncode == 3, refused.stderr
        assert json.loads(refused.stdout) == REFUSED
        assert LOCK_WAIT_SECONDS - 0.5 < waited < WITHIN, waited
        # Every other writing command, all at once: they queue behind one another, each
        # gives up at its own deadline and lets the next one try.
        commands = [
            ["reschedule", "BK-2025-000001", "--start", "2025-01-13T14:00", "--now", NOW, "--json"],
            ["cancel", "BK-2025-000001", "--reason", "ill", "--now", NOW, "--json"],
            ["status", "BK-2025-000001", "confirmed", "--now", NOW],
            ["import", str(clinic_file)],
        ]
        began = time.monotonic()
        running = [
            subprocess.Popen([*FRONTDESK, "--db", sqlite_clinic, *command],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for command in commands
        ]  # fmt: skip
        results = [(process.communicate(timeout=90), process.returncode) for process in running]
        together = time.monotonic() - began
        for command, ((out, err), status) in zip(commands, results, strict=True):
            assert status == 3, (command, err)
            assert err == f"frontdesk: refused: {BUSY_MESSAGE}\n", (command, err)
            if "--json" in command:
                assert json.loads(out)["reason"] == "busy", command
            else:
                assert out == "", command
        # Not one after another (4 deadlines); each process's own work is slower when four
        # start on a busy machine at once, so no tighter bound.
        assert together < 4 * LOCK_WAIT_SECONDS, together
        with database.read() as session:  # the stalled writer's change is not seen either
            assert session.scalar(text("SELECT name FROM clinic_settings")) == "Test Clinic"
        assert snapshot(database) == before and session_count(database) == sessions
    finally:
        end_the_stall(writer)
    booked, _ = frontdesk(sqlite_clinic, *book_args("kim", "c2", "2025-01-14T10:00"))
    assert booked.returncode == 0, booked.stderr  # the queue is not jammed
    assert json.loads(booked.stdout)["reference"] == "BK-2025-000002"
    print(f"\nSQLite: the refused booking took {waited:.2f} s; four more at once {together:.2f} s")
    database.dispose()


def test_a_writer_that_gave_up_leaves_the_queue_working(sqlite_clinic: str) -> None:
    """In one process: a write refused busy behind the stalled writer, then, once that one
    is gone, writes of the same process and of another take their turns again."""
    database = Database(sqlite_clinic, lock_wait=0.5)
    writer = stall_a_writer(sqlite_clinic)
    try:
        began = time.monotonic()
        with pytest.raises(DatabaseBusyError), database.write() as session:
            session.execute(text("UPDATE clients SET name = 'Never' WHERE key = 'c1'"))
        assert time.monotonic() - began < 1.5
        request = BookingRequest("kim", "c2", "individual", at("2025-01-14T10:00"))
        with pytest.raises(BookingRefusedError) as refused:
            book(database, request, actor="test", now=at(NOW))
        assert (refused.value.reason, refused.value.message) == ("busy", BUSY_MESSAGE)
        assert refused.value.alternatives == []
    finally:
        end_the_stall(writer)
    assert book(database, request, actor="test", now=at(NOW)).reference == "BK-2025-000002"
    booked, _ = frontdesk(sqlite_clinic, *book_args("kim", "c3", "2025-01-14T11:00"))
    assert booked.returncode == 0, booked.stderr
    database.dispose()


def test_sqlites_own_wait_for_its_lock_ends_at_the_deadline_too(sqlite_clinic: str) -> None:
    """A writer outside the queue (a plain sqlite3 connection, as a maintenance tool would
    be) holds the file's write lock: the turn is free, so the wait is SQLite's busy
    handler, bounded by the same deadline instead of the 10 s busy timeout."""
    import sqlite3

    path = make_url(sqlite_clinic).database
    assert path is not None
    outsider = sqlite3.connect(path, isolation_level=None)
    outsider.execute("BEGIN IMMEDIATE")
    database = Database(sqlite_clinic, lock_wait=0.5)
    try:
        began = time.monotonic()
        with pytest.raises(DatabaseBusyError), database.write() as session:
            session.execute(text("UPDATE clients SET name = 'Never' WHERE key = 'c1'"))
        assert time.monotonic() - began < 1.5
    finally:
        outsider.rollback()
        outsider.close()
    with database.read() as session:  # reads keep SQLite's usual patience
        assert session.execute(text("PRAGMA busy_timeout")).scalar_one() == 10_000
    with database.write() as session:
        assert 0 < session.execute(text("PRAGMA busy_timeout")).scalar_one() <= 500
    database.dispose()


def test_a_command_stopped_by_the_database_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Whatever the command: another desk busy is a refusal (exit 3; with --json, reason
    `busy`); a transaction the server ended is one line, exit 1, not a traceback."""
    from argparse import Namespace

    from app.cli.common import EXIT_ERROR, EXIT_REFUSED, stopped_by_another_desk

    assert stopped_by_another_desk(Namespace(json=True), DatabaseBusyError()) == EXIT_REFUSED
    out, err = capsys.readouterr()
    assert json.loads(out) == {"error": BUSY_MESSAGE, "reason": "busy"}
    assert err == f"frontdesk: refused: {BUSY_MESSAGE}\n"
    assert stopped_by_another_desk(Namespace(), TransactionEndedError()) == EXIT_ERROR
    out, err = capsys.readouterr()
    assert out == "" and err == f"frontdesk: {TransactionEndedError()}\n"
    assert stopped_by_another_desk(Namespace(), RuntimeError("other")) is None


def test_the_desk_words_a_busy_database_as_a_refusal() -> None:
    """Any write of the desk, not only bookings (a setup change, a client's details)."""
    from ui.feedback import describe_error

    assert describe_error(DatabaseBusyError()) == BUSY_MESSAGE
    assert describe_error(TransactionEndedError()).endswith("nothing was saved, try again")


# --- the desk --------------------------------------------------------------------------------


def test_the_booking_dialog_says_another_desk_is_busy(qtbot, sqlite_url: str) -> None:
    from datetime import UTC, date, datetime

    from app.demo import build_demo_clinic
    from tests.test_gui_desk import FRONT_DESK, choose_client, free_starts, open_window
    from ui.calendar_view import ViewMode

    demo_now = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
    database = Database(sqlite_url, lock_wait=1.0)
    import_clinic(database, build_demo_clinic(seed=7, now=demo_now), actor="demo", demo=True)
    window = open_window(qtbot, database, FRONT_DESK, ViewMode.THERAPISTS)
    carter = next(t for t in window.calendar.therapists if t.name == "Dr. Emily Carter")  # type: ignore[union-attr]
    dialog = window.open_booking(carter.id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.starts.count() > 3)
    dialog.date.setDate(date(2026, 11, 26))  # a Thursday with several free starts
    qtbot.waitUntil(lambda: dialog.calendar is not None and dialog.calendar.first_day.day == 26)
    qtbot.waitUntil(lambda: len(free_starts(dialog)) > 2)
    choose_client(qtbot, dialog, "Harris")
    dialog.starts.setCurrentItem(free_starts(dialog)[0])
    qtbot.waitUntil(lambda: dialog._held is not None, timeout=10_000)
    sessions = session_count(database)
    writer = stall_a_writer(sqlite_url)
    try:
        dialog.starts.setCurrentItem(free_starts(dialog)[1])  # holding it is refused too
        qtbot.waitUntil(lambda: "Not held" in dialog.message.text(), timeout=15_000)
        assert dialog.message.text() == f"Not held: {BUSY_MESSAGE}."
        dialog.submit()
        qtbot.waitUntil(lambda: "Not booked" in dialog.message.text(), timeout=15_000)
        assert dialog.message.text() == f"Not booked: {BUSY_MESSAGE}."
        assert dialog.alternative_buttons() == [] and dialog.isVisible()
        assert dialog.book_button.isEnabled()  # the receptionist can try again
    finally:
        end_the_stall(writer)
    assert session_count(database) == sessions
    # The other desk is gone: with the day read again, a start is booked as usual.
    qtbot.waitUntil(lambda: len(free_starts(dialog)) > 1, timeout=10_000)
    dialog.starts.setCurrentItem(free_starts(dialog)[-1])
    qtbot.waitUntil(lambda: dialog._held is not None, timeout=10_000)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.submit()
    assert session_count(database) == sessions + 1
    database.dispose()


def test_a_hold_given_back_behind_a_stalled_writer_goes_once_the_stall_ends(
    sqlite_clinic: str,
) -> None:
    """The booking dialog gives its hold back off the UI thread; refused busy, it tries again,
    so the start is not kept from every desk until the hold lapses."""
    database = Database(sqlite_clinic, lock_wait=0.5)
    held = hold(database, "kim", "individual", at("2025-01-14T10:00"), actor="test", now=at(NOW))
    writer = stall_a_writer(sqlite_clinic)
    threading.Timer(1.5, end_the_stall, args=(writer,)).start()
    try:
        assert release_hold_patiently(database, held.hold_id, pause_seconds=0.5)
    finally:
        if writer.is_alive():
            end_the_stall(writer)
    with database.read() as session:
        assert session.get(BookingHold, held.hold_id) is None
    database.dispose()


def test_a_hold_that_stays_busy_is_refused_busy_after_its_tries(sqlite_clinic: str) -> None:
    database = Database(sqlite_clinic, lock_wait=0.2)
    held = hold(database, "kim", "individual", at("2025-01-14T10:00"), actor="test", now=at(NOW))
    writer = stall_a_writer(sqlite_clinic)
    try:
        with pytest.raises(DatabaseBusyError):
            release_hold_patiently(database, held.hold_id, attempts=2, pause_seconds=0.1)
    finally:
        end_the_stall(writer)
    database.dispose()


def test_the_desk_gives_a_hold_back_without_taking_a_pool_thread(qtbot, sqlite_clinic: str) -> None:
    """The give-back may retry for seconds behind a stall: on a thread of its own, so the
    shared pool every view reloads on stays free; the hold goes once the stall ends."""
    from PySide6.QtCore import QThreadPool

    from ui.booking_dialog import _give_back

    database = Database(sqlite_clinic, lock_wait=0.3)
    held = hold(database, "kim", "individual", at("2025-01-14T10:00"), actor="test", now=at(NOW))
    writer = stall_a_writer(sqlite_clinic)
    try:
        _give_back(database, held.hold_id, None)
        qtbot.wait(500)  # its first try is refused busy meanwhile
        assert QThreadPool.globalInstance().activeThreadCount() == 0
    finally:
        end_the_stall(writer)

    def gone() -> bool:
        with database.read() as session:
            return session.get(BookingHold, held.hold_id) is None

    qtbot.waitUntil(gone, timeout=15_000)
    database.dispose()
