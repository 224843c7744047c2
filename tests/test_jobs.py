"""Background jobs with a controlled clock, and one leader per database (real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlalchemy import select as sql_select

from app.booking import BookingRequest, book, cancel, hold
from app.clinic_file import import_clinic
from app.config import load_config
from app.jobs import enqueue_reminders, run_due_jobs
from db.engine import Database
from db.models import BookingHold
from tests.booking_support import at, booking_clinic

NOW = datetime(2025, 1, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def clinic(database: Database) -> Database:
    data = booking_clinic()
    data["clinic"]["reminder_offsets_minutes"] = [1440, 120]
    data["clients"][0]["email"] = "ana@mail.example.com"
    data["clients"][1].update(email="ben@mail.example.com", preferred_channel="phone")
    import_clinic(database, data, actor="test")
    return database


def make(database: Database, start: str, client: str = "c1", now: datetime = NOW) -> str:
    request = BookingRequest(therapist="carter", client=client, service="individual",
                             start=at(start))  # fmt: skip
    return book(database, request, actor="alex", now=now).reference


def reminders(database: Database) -> list[tuple[str, str]]:
    with database.read() as session:
        rows = session.execute(
            text(
                "SELECT s.reference, o.kind FROM outbox AS o JOIN sessions AS s"
                " ON s.id = o.session_id WHERE o.kind LIKE 'reminder%' ORDER BY o.id"
            )
        ).all()
    return [(row[0], row[1]) for row in rows]


def test_reminders_are_queued_once_per_offset_when_due(clinic: Database) -> None:
    early = make(clinic, "2025-01-13T09:00")  # 14:00 UTC, booked three days ahead
    make(clinic, "2025-01-13T11:00", client="c2")  # prefers the phone: no email reminder
    start = datetime(2025, 1, 13, 14, 0, tzinfo=UTC)
    assert enqueue_reminders(clinic, start - timedelta(hours=25)) == 0
    assert enqueue_reminders(clinic, start - timedelta(hours=23)) == 1
    assert enqueue_reminders(clinic, start - timedelta(hours=22)) == 0  # idempotent
    assert enqueue_reminders(clinic, start - timedelta(minutes=90)) == 1
    assert enqueue_reminders(clinic, start - timedelta(minutes=30)) == 0
    assert enqueue_reminders(clinic, start + timedelta(minutes=1)) == 0  # started: none
    assert reminders(clinic) == [(early, "reminder:1440"), (early, "reminder:120")]


def test_no_reminder_for_a_session_booked_inside_the_window_or_cancelled(
    clinic: Database,
) -> None:
    start = datetime(2025, 1, 13, 15, 0, tzinfo=UTC)  # 10:00 New York
    late = make(clinic, "2025-01-13T10:00", now=start - timedelta(hours=5))
    assert enqueue_reminders(clinic, start - timedelta(hours=4)) == 0  # booked inside 24 h
    assert enqueue_reminders(clinic, start - timedelta(minutes=100)) == 1  # the 2 h one
    assert reminders(clinic) == [(late, "reminder:120")]
    gone = make(clinic, "2025-01-14T10:00")
    cancel(clinic, gone, reason="client ill", actor="t", now=NOW)
    assert enqueue_reminders(clinic, datetime(2025, 1, 13, 16, 0, tzinfo=UTC)) == 0


def test_run_once_expires_holds_queues_reminders_and_backs_up_once_a_day(
    sqlite_database: Database, tmp_path: Path
) -> None:
    clinic = sqlite_database
    data = booking_clinic()
    data["clients"][0]["email"] = "ana@mail.example.com"
    import_clinic(clinic, data, actor="test")
    config = load_config(clinic.url, {"FRONTDESK_DATA_DIR": str(tmp_path / "data")})
    hold(clinic, "carter", "individual", at("2025-01-13T09:00"), actor="alex", now=NOW)
    make(clinic, "2025-01-13T13:00")
    later = NOW + timedelta(days=2, hours=22)
    outcomes = dict(run_due_jobs(config, clinic, later))
    assert outcomes["holds"] == "1 lapsed holds removed"
    assert outcomes["reminders"] == "1 reminders queued"
    assert outcomes["backup"].startswith("written to ")
    again = dict(run_due_jobs(config, clinic, later + timedelta(minutes=1)))
    assert again == {
        "holds": "0 lapsed holds removed",
        "reminders": "0 reminders queued",
        "recurring": "0 series processed, 0 sessions generated, 0 skipped with a notice, 0 errors",
        "waitlist": "0 expired, 0 closed as booked, 0 new matches",
        "backup": "none due",
    }
    assert len(list(config.backup_dir.glob("frontdesk-*.sqlite3"))) == 1
    with clinic.read() as session:
        assert session.scalar(sql_select(func.count()).select_from(BookingHold)) == 0


class Announcements:
    """Lines each process prints, collected by a reader thread per process."""

    def __init__(self, processes: list[subprocess.Popen]) -> None:  # type: ignore[type-arg]
        import threading

        self.lines: list[list[str]] = [[] for _ in processes]
        for index, process in enumerate(processes):
            threading.Thread(target=self._read, args=(process, index), daemon=True).start()

    def _read(self, process: subprocess.Popen, index: int) -> None:  # type: ignore[type-arg]
        assert process.stdout is not None
        for line in process.stdout:
            self.lines[index].append(line)

    def leaders(self, among: list[int], seconds: float) -> list[int]:
        """Which of `among` have announced leadership, once one has or time is up."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            leading = [i for i in among if any("leading" in line for line in self.lines[i])]
            if leading:
                time.sleep(2)  # a second leader, if any, would show up meanwhile
                return [i for i in among if any("leading" in line for line in self.lines[i])]
            time.sleep(0.1)
        return []


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_one_process_leads_and_another_takes_over_when_it_dies(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("sqlite_url" if kind == "sqlite" else "postgres_url")
    env = {**os.environ, "FRONTDESK_JOBS_STANDBY_SECONDS": "1",
           "FRONTDESK_DATA_DIR": str(tmp_path / "data")}  # fmt: skip
    command = [sys.executable, "-m", "app.cli", "jobs", "run", "--db", url]
    processes = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1
        )
        for _ in range(2)
    ]
    announcements = Announcements(processes)
    try:
        first = announcements.leaders([0, 1], 15)
        assert len(first) == 1, announcements.lines  # exactly one leads
        processes[first[0]].send_signal(signal.SIGKILL)
        processes[first[0]].wait(10)
        standby = 1 - first[0]
        assert announcements.leaders([standby], 15) == [standby]  # and the other takes over
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(10)


def test_jobs_run_once_from_the_command_line(clinic: Database) -> None:
    make(clinic, "2025-01-13T09:00")
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "jobs", "run-once", "--db", clinic.url,
         "--now", "2025-01-12T10:00"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "reminders: 1 reminders queued" in done.stdout


def test_the_leading_jobs_process_delivers_the_outbox(
    clinic: Database, tmp_path: Path, inbox
) -> None:  # type: ignore[no-untyped-def]
    from tests.sync_support import smtp_environment

    handler, port = inbox
    make(clinic, "2025-01-13T09:00")
    env = {**os.environ, **smtp_environment(port), "FRONTDESK_DATA_DIR": str(tmp_path / "d")}
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "jobs", "run", "--db", clinic.url],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while not handler.received and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [to for to, _raw in handler.received] == [["ana@mail.example.com"]]
    finally:
        process.terminate()
        process.wait(10)
