"""Live changes: what one process commits, another hears within a fraction of a second
(docs/architecture.md, "Live changes"; docs/interfaces.md, `frontdesk changes follow`).

The listener is a real `frontdesk changes follow --json` process; the writer is this test's
process, through the use cases, the ORM and hand-made SQL alike."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import insert, text

from app.booking.booking import book
from app.booking.holds import hold
from app.booking.lifecycle import cancel
from app.booking.model import BookingRequest
from app.clients.adding import create_client
from app.clinic_file import import_clinic
from app.live_changes import KINDS, Change, ChangeFollower
from db.backup import backup_sqlite, restore_sqlite
from db.change_signal import CHANNEL, KEEP_ROWS
from db.engine import Database, sqlite_path
from db.models import BookingHold, TherapySession
from tests.booking_support import ZONE, at, booking_clinic
from tests.test_cli import FRONTDESK

NOW = datetime(2025, 1, 10, 13, 0, tzinfo=UTC)
LINE_SECONDS = 10  # generous: the machine is shared; the latency is measured elsewhere


@pytest.fixture
def clinic(database: Database) -> Database:
    """The booking tests' clinic; Dr. Kim also sees clients on Wednesday evenings, when the
    clinic's date (New York) is a day behind UTC's."""
    clinic_file = booking_clinic()
    kim = clinic_file["therapists"][1]
    evening = {"weekday": "wednesday", "start": "19:00", "end": "21:00"}
    kim["working_hours"] = [*kim["working_hours"], evening]
    import_clinic(database, clinic_file, actor="test")
    return database


class Follower:
    """A `frontdesk changes follow --json` process and the lines it printed."""

    def __init__(self, url: str, *options: str) -> None:
        self.process = subprocess.Popen(
            [*FRONTDESK, "--db", url, "changes", "follow", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        if options == ("--json",):
            assert self.next() == {"ready": True}

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)

    def next(self, timeout: float = LINE_SECONDS) -> dict[str, Any]:
        return dict(json.loads(self.text(timeout)))

    def text(self, timeout: float = LINE_SECONDS) -> str:
        try:
            return self._lines.get(timeout=timeout).rstrip("\n")
        except queue.Empty:
            self.process.kill()
            _out, errors = self.process.communicate()
            raise AssertionError(f"no line within {timeout} s; stderr: {errors}") from None

    def change(self, timeout: float = LINE_SECONDS) -> tuple[list[str], list[str]]:
        """The next line's kinds and days, checked against the contract's shape."""
        line = self.next(timeout)
        assert set(line) == {"at", "kinds", "days"}, line
        assert line["at"].endswith("Z") and len(line["at"]) == len("2026-11-24T15:00:00.123Z")
        assert line["kinds"] == sorted(line["kinds"]) and line["days"] == sorted(line["days"])
        return line["kinds"], line["days"]

    def stop(self, how: signal.Signals = signal.SIGTERM) -> int:
        self.process.send_signal(how)
        return self.process.wait(timeout=10)


@pytest.fixture
def follower(clinic: Database) -> Iterator[Follower]:
    listening = Follower(clinic.url, "--json")
    yield listening
    if listening.process.poll() is None:
        listening.process.kill()
        listening.process.wait()


def _request(start: str, therapist: str = "carter", client: str = "c1") -> BookingRequest:
    return BookingRequest(therapist=therapist, client=client, service="individual", start=at(start))


def _sql(database: Database, *statements: str) -> None:
    """Hand-made SQL, in one transaction."""
    with database.write() as session:
        for statement in statements:
            session.execute(text(statement))


def test_every_kind_of_change_is_heard_by_another_process(
    clinic: Database, follower: Follower
) -> None:
    first = book(clinic, _request("2025-01-16T09:00"), actor="alex", now=NOW)
    assert follower.change() == (["session"], ["2025-01-16"])

    # 19:30 in New York is 00:30 the next day in UTC: the clinic's date is what is heard
    evening = book(clinic, _request("2025-01-15T19:30", "kim", "c2"), actor="alex", now=NOW)
    assert evening.starts_at.astimezone(UTC).date() == date(2025, 1, 16)
    assert follower.change() == (["session"], ["2025-01-15"])

    cancel(clinic, first.reference, "client asked", actor="alex", now=NOW)
    assert follower.change() == (["session"], ["2025-01-16"])

    hold(clinic, "carter", "individual", at("2025-01-17T09:00"), actor="alex", now=NOW)
    assert follower.change() == (["hold"], ["2025-01-17"])

    _sql(clinic, "UPDATE rooms SET name = 'Quiet Room' WHERE key = 'r2'")
    assert follower.change() == (["setup"], [])

    create_client(clinic, "Dee Four", "+15551230004", None, actor="alex", now=NOW)
    assert follower.change() == (["client"], [])

    _sql(
        clinic,
        "INSERT INTO outbox (target, kind, revision, payload, status, attempts)"
        " VALUES ('email_client', 'confirmation', 1, '{}', 'pending', 0)",
    )
    assert follower.change() == (["outbox"], [])
    _sql(clinic, "UPDATE outbox SET attempts = attempts + 1")
    assert follower.change() == (["outbox"], [])

    # One transaction, several tables and days: one line.
    _sql(
        clinic,
        "DELETE FROM booking_holds",
        f"UPDATE sessions SET status = 'confirmed' WHERE id = {evening.session_id}",
        "UPDATE therapists SET name = 'Dr. Kim Lee' WHERE key = 'kim'",
    )
    assert follower.change() == (["hold", "session", "setup"], ["2025-01-15", "2025-01-17"])

    # A statement that changes no row is not a change: the next line is the next write's.
    _sql(clinic, "UPDATE outbox SET attempts = 0 WHERE id < 0")
    _sql(clinic, "UPDATE clients SET phone = phone WHERE key = 'c3'")
    assert follower.change() == (["client"], [])

    assert follower.stop() == 0
    assert follower.process.stderr is not None and follower.process.stderr.read() == ""


def test_a_bulk_write_is_one_change_and_a_bounded_number_of_notifications(
    clinic: Database, follower: Follower
) -> None:
    # 2,000 sessions an hour apart from 1 February: 84 clinic days, one transaction
    first = datetime(2025, 2, 1, 5, 0, tzinfo=UTC)
    starts = [first + timedelta(hours=n) for n in range(2_000)]
    days = sorted({start.astimezone(ZONE).date() for start in starts})
    notifications = _notifications_of(clinic)
    with clinic.write() as session:
        session.execute(
            insert(TherapySession),
            [
                {
                    "reference": f"BK-2025-{n + 1:06d}", "therapist_id": 1, "client_id": 1,
                    "service_id": 1, "starts_at": start, "ends_at": start + timedelta(minutes=50),
                    "busy_from": start, "busy_until": start + timedelta(minutes=50),
                }
                for n, start in enumerate(starts)
            ],
        )  # fmt: skip
    assert follower.change() == (["session"], [day.isoformat() for day in days])
    if notifications is not None:  # PostgreSQL: one per kind and day, not one per row
        assert len(notifications()) == len(days) == 84
    _sql(clinic, "UPDATE clients SET phone = phone WHERE key = 'c3'")
    assert follower.change() == (["client"], [])  # and nothing else came in between


def _notifications_of(database: Database) -> Any:
    """On PostgreSQL, a listening connection of the test's own: a function returning what it
    heard. None on SQLite."""
    if database.dialect != "postgresql":
        return None
    connection = psycopg.connect(database.url.replace("+psycopg", ""), autocommit=True)
    connection.execute(f"LISTEN {CHANNEL}")

    def heard() -> list[str]:
        try:
            return [n.payload for n in connection.notifies(timeout=1.0)]
        finally:
            connection.close()

    return heard


@pytest.mark.usefixtures("postgres_server")
@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_dropped_postgresql_connection_is_listened_again_after_a_full_refresh(
    clinic: Database, follower: Follower
) -> None:
    with clinic.write() as session:
        killed = session.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND query = :listen"
            ),
            {"listen": f"LISTEN {CHANNEL}"},
        )
    assert killed == 1
    line = follower.next()
    assert line.pop("missed") is True
    assert line["kinds"] == sorted(KINDS) and line["days"] == []
    _sql(clinic, "UPDATE clients SET phone = phone WHERE key = 'c3'")
    assert follower.change() == (["client"], [])


class Heard:
    """A follower in this process and what it heard."""

    def __init__(self, database: Database, **options: Any) -> None:
        self.changes: queue.Queue[Change] = queue.Queue()
        self.ready = threading.Event()
        self.follower = ChangeFollower(
            database, self.changes.put, on_ready=self.ready.set, **options
        )
        self.follower.start()
        assert self.ready.wait(LINE_SECONDS)

    def next(self) -> Change:
        return self.changes.get(timeout=LINE_SECONDS)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_change_rows_pruned_before_they_were_read_are_a_missed_change(clinic: Database) -> None:
    heard = Heard(clinic)
    rows = KEEP_ROWS + 2_000  # the oldest are pruned within this very transaction
    _sql(
        clinic,
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})"
        " INSERT INTO desk_changes (kind) SELECT 'client' FROM n",
    )
    change = heard.next()
    assert change.missed and change.kinds == frozenset(KINDS) and change.days == frozenset()
    _sql(clinic, "UPDATE clients SET phone = phone WHERE key = 'c3'")
    later = heard.next()  # and it follows on from there
    heard.follower.stop()
    assert (later.kinds, later.days, later.missed) == ({"client"}, set(), False)


def test_the_follower_stops_promptly(clinic: Database) -> None:
    heard = Heard(clinic)
    thread = heard.follower._thread
    assert thread is not None and thread.is_alive()
    began = time.monotonic()
    heard.follower.stop()
    assert time.monotonic() - began < 1.0
    assert not thread.is_alive()


def test_a_jump_of_the_wall_clock_is_a_missed_change(clinic: Database) -> None:
    """The computer slept: what a view shows may be stale, whatever the signal said."""
    jump = {"seconds": 0.0}
    heard = Heard(clinic, wall_clock=lambda: time.time() + jump["seconds"])
    jump["seconds"] = 3600.0
    change = heard.next()
    heard.follower.stop()
    assert change.missed and change.kinds == frozenset(KINDS)


def test_a_zone_the_database_does_not_know_never_makes_a_write_fail(clinic: Database) -> None:
    """The change is still heard, on no day in particular (a refresh of every day)."""
    heard = Heard(clinic)
    start = datetime(2025, 1, 16, 15, 0, tzinfo=UTC)
    with clinic.write() as session:
        session.execute(text("UPDATE clinic_settings SET timezone = 'Nowhere/Atlantis'"))
        session.execute(
            insert(BookingHold),
            [{"therapist_id": 1, "service_id": 1, "starts_at": start,
              "ends_at": start + timedelta(minutes=50), "expires_at": start}],
        )  # fmt: skip
    change = heard.next()
    heard.follower.stop()
    assert (change.kinds, change.days, change.missed) == ({"hold", "setup"}, set(), False)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_human_lines_and_ctrl_c(clinic: Database) -> None:
    follower = Follower(clinic.url)
    try:
        assert follower.text() == "listening for changes (Ctrl+C stops)"
        book(clinic, _request("2025-01-16T09:00"), actor="alex", now=NOW)
        assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} session — 2025-01-16", follower.text())
        assert follower.stop(signal.SIGINT) == 0
        assert follower.process.stderr is not None and follower.process.stderr.read() == ""
    finally:
        follower.process.kill()
        follower.process.wait()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_reader_that_went_away_ends_the_command_quietly(clinic: Database) -> None:
    process = subprocess.Popen(
        [*FRONTDESK, "--db", clinic.url, "changes", "follow", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline()) == {"ready": True}
    process.stdout.close()
    _sql(clinic, "UPDATE clients SET phone = phone WHERE key = 'c3'")
    try:
        assert process.wait(timeout=LINE_SECONDS) == 141
    finally:
        process.kill()
    assert process.stderr.read() == ""


def test_a_database_out_of_reach_is_the_usual_message() -> None:
    result = subprocess.run(
        [*FRONTDESK, "--db", "postgresql://postgres@127.0.0.1:1/none", "changes", "follow"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("frontdesk: cannot open the database: ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("how", ["in place", "whole file"])
def test_a_backup_restored_under_a_follower_is_a_missed_change(
    clinic: Database, tmp_path: Path, how: str
) -> None:
    live = Path(sqlite_path(clinic.url) or "")
    backup = backup_sqlite(live, tmp_path / "backup.sqlite3")
    heard = Heard(clinic)
    _sql(clinic, "UPDATE clients SET phone = phone WHERE key = 'c3'")
    assert heard.next().kinds == {"client"}
    if how == "in place":  # as `frontdesk restore` does: pages copied under the lock
        restore_sqlite(backup, live)
    else:  # as it does with a damaged file: another file put at the path
        clinic.dispose()
        for sibling in ("-wal", "-shm"):
            Path(f"{live}{sibling}").unlink(missing_ok=True)
        os.replace(backup, live)
    change = heard.next()
    assert change.missed and change.kinds == frozenset(KINDS)
    writer = Database(clinic.url)
    _sql(writer, "UPDATE clients SET phone = phone WHERE key = 'c3'")
    later = heard.next()
    heard.follower.stop()
    writer.dispose()
    assert (later.kinds, later.missed) == ({"client"}, False)


def test_a_follower_started_while_the_database_is_away_listens_once_it_is_back(
    postgres_server: str, empty_postgres_url: str
) -> None:
    name = empty_postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}"')
    database = Database(empty_postgres_url)
    ready = threading.Event()
    heard: list[Change] = []
    follower = ChangeFollower(database, heard.append, on_ready=ready.set)
    follower.start()
    try:
        assert not ready.wait(0.5)  # no such database yet: it tries again, never fails
        with psycopg.connect(postgres_server, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        assert ready.wait(LINE_SECONDS)
        # What was committed while it could not listen is unknown: a full refresh.
        deadline = time.monotonic() + LINE_SECONDS
        while not heard and time.monotonic() < deadline:
            time.sleep(0.02)
        assert heard and heard[0].missed
    finally:
        follower.stop()
        database.dispose()
