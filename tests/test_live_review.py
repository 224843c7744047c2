"""A tester's review of live desks (issue 16): what real processes found that the first tests
did not (docs/architecture.md, "Live changes", "A stalled desk", "One clock")."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.clinic_file import import_clinic
from db.engine import BUSY_MESSAGE, LOCK_WAIT_SECONDS, Database, make_engine, sqlite_path
from tests.booking_support import booking_clinic, snapshot
from tests.test_cli import FRONTDESK
from tests.test_live_changes import Follower
from tests.test_stalled_desks import WITHIN, book_args, end_the_stall, frontdesk, stall_a_writer

NOW = "2025-01-10T08:00"


@pytest.fixture
def sqlite_clinic(sqlite_url: str) -> Iterator[Database]:
    database = Database(sqlite_url)
    import_clinic(database, booking_clinic(), actor="test")
    yield database
    database.dispose()


def _book(url: str, start: str) -> None:
    """A booking by a process of its own, which exits (closing its connection) at once."""
    command = ["book", "--therapist", "kim", "--client", "c2", "--service", "individual"]
    booked = subprocess.run(
        [*FRONTDESK, "--db", url, *command, "--start", start, "--now", NOW, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert booked.returncode == 0, booked.stderr


def _write_in_another_process(path: str) -> None:
    """One commit by a plain SQLite connection in a process that then exits."""
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "c.execute(\"UPDATE clients SET phone = phone WHERE key = 'c3'\"); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, path], check=True, timeout=60)


def test_a_follower_hears_every_commit_of_writers_that_come_and_go(
    sqlite_clinic: Database,
) -> None:
    """`changes follow` opens the database (migration check) before its follower's own
    connection; every booking by a short-lived process is heard, not only the first."""
    sqlite_clinic.dispose()  # no other process keeps the file open: each writer is the last
    follower = Follower(sqlite_clinic.url, "--json")
    try:
        for day in ("2025-01-20", "2025-01-21", "2025-01-22"):
            _book(sqlite_clinic.url, f"{day}T09:00")
            assert follower.change() == (["session"], [day])
    finally:
        follower.process.kill()
        follower.process.wait()


def test_another_engine_on_the_file_leaves_this_process_connections_counted(
    sqlite_clinic: Database,
) -> None:
    """Opening (and closing) the database file to make it private drops every POSIX lock this
    process's SQLite connections hold on it: a writer process closing afterwards thinks it
    is the last connection, checkpoints and deletes the WAL and the shared-memory index under
    this process's open connections, which go on with an orphaned index (a follower opened
    then never hears another commit)."""
    path = sqlite_path(sqlite_clinic.url) or ""
    with sqlite_clinic.read() as session:  # a connection of this process, kept in the pool
        session.execute(text("SELECT 1"))
    follower_engine = make_engine(sqlite_clinic.url)  # as a change follower does
    try:
        _write_in_another_process(path)
        assert Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
    finally:
        follower_engine.dispose()


def test_a_restore_behind_a_stalled_sqlite_writer_is_refused_busy_in_time(
    sqlite_clinic: Database, tmp_path: Path
) -> None:
    """A restore writes the live file like any desk: it waits for a stalled writer no longer
    than a booking would (it used to retry forever), then is refused, nothing restored."""
    url = sqlite_clinic.url
    backup, _ = frontdesk(url, "backup", "--to", str(tmp_path / "backup.sqlite3"))
    assert backup.returncode == 0, backup.stderr
    _book(url, "2025-01-20T09:00")  # what the restore would take away
    before = snapshot(sqlite_clinic)
    writer = stall_a_writer(url)
    try:
        refused, waited = frontdesk(url, "restore", str(tmp_path / "backup.sqlite3"))
    finally:
        end_the_stall(writer)
    assert refused.returncode == 3, refused.stderr
    assert refused.stderr == f"frontdesk: refused: {BUSY_MESSAGE}\n"
    assert LOCK_WAIT_SECONDS - 0.5 < waited < WITHIN, waited
    assert snapshot(sqlite_clinic) == before
    restored, _ = frontdesk(url, "restore", str(tmp_path / "backup.sqlite3"))
    assert restored.returncode == 0, restored.stderr  # once the stall ended, it goes through
    assert snapshot(sqlite_clinic) != before


def test_a_restore_behind_a_writer_outside_the_queue_gives_up_at_its_deadline(
    sqlite_clinic: Database, tmp_path: Path
) -> None:
    """A lock taken by a connection that never queued (a hand-made SQL fix left open): the
    page copy itself stops waiting at the deadline."""
    from db.backup import backup_sqlite, restore_sqlite
    from db.engine import DatabaseBusyError

    live = sqlite_path(sqlite_clinic.url) or ""
    backup = backup_sqlite(live, tmp_path / "backup.sqlite3")
    before = snapshot(sqlite_clinic)
    holder = sqlite3.connect(live, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    outcome: list[BaseException | None] = []

    def restore() -> None:
        try:
            restore_sqlite(backup, live, lock_wait=0.5)
            outcome.append(None)
        except BaseException as error:  # the thread's outcome, checked below
            outcome.append(error)

    began = time.monotonic()
    thread = threading.Thread(target=restore, daemon=True)
    thread.start()
    thread.join(10)
    took = time.monotonic() - began
    holder.rollback()
    holder.close()
    assert outcome and isinstance(outcome[0], DatabaseBusyError), (outcome, took)
    assert took < 2.0, took
    assert snapshot(sqlite_clinic) == before


def test_a_folder_given_as_the_database_keeps_its_mode(tmp_path: Path) -> None:
    """Only a database file is made private: a folder named by mistake is left as it is."""
    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    make_engine(f"sqlite:///{folder}").dispose()
    assert folder.stat().st_mode & 0o777 == 0o755


START, START_UTC = "2025-01-14T10:00", "2025-01-14 15:00"  # New York, and as stored


def test_a_booking_made_while_a_restore_runs_is_kept_somewhere(
    sqlite_clinic: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desk books between the restore's safety copy of the live data and the restore
    itself: the booking must end up in the restored database (it waited for the restore's
    turn) or be refused; never committed and then overwritten, in neither copy."""
    import app.backups
    from app.backups import restore
    from app.config import load_config
    from db.backup import backup_sqlite

    live = sqlite_path(sqlite_clinic.url) or ""
    backup = backup_sqlite(live, tmp_path / "backup.sqlite3")
    monkeypatch.setenv("FRONTDESK_DATABASE_URL", sqlite_clinic.url)
    keep_safety_copy = app.backups.backup_sqlite
    booked: list[subprocess.CompletedProcess[str]] = []
    desks: list[threading.Thread] = []

    def desk_books() -> None:
        booked.append(frontdesk(sqlite_clinic.url, *book_args("kim", "c2", START))[0])

    def safety_copy_then_a_desk_books(source: Path, destination: Path) -> Path:
        kept = keep_safety_copy(source, destination)
        desks.append(threading.Thread(target=desk_books))
        desks[0].start()
        desks[0].join(1.5)  # the booking commits now, unless it waits for the restore's turn
        return kept

    monkeypatch.setattr(app.backups, "backup_sqlite", safety_copy_then_a_desk_books)
    result = restore(load_config(), backup)
    desks[0].join(30)
    outcome = booked[0]
    in_live = _has_session_at(live, START_UTC)
    in_kept = result.kept is not None and _has_session_at(str(result.kept), START_UTC)
    if outcome.returncode == 0:
        assert in_live or in_kept, "a booking the desk was told was made is in neither copy"
    else:
        assert outcome.returncode == 3 and not in_live, outcome.stdout


def _has_session_at(path: str, utc_start: str) -> bool:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT count(*) FROM sessions WHERE starts_at LIKE ?", (f"{utc_start}%",)
        ).fetchone()
    finally:
        connection.close()
    return bool(row[0])


def test_a_restore_refused_busy_leaves_no_safety_copy_behind(
    sqlite_clinic: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused busy, a restore has replaced nothing: the copy it kept of the live data goes
    too, so the backups folder holds no trace of a restore that did not happen."""
    from app.backups import SAFETY_PREFIX, restore
    from app.config import load_config
    from db.backup import backup_sqlite
    from db.engine import DatabaseBusyError

    live = sqlite_path(sqlite_clinic.url) or ""
    backup = backup_sqlite(live, tmp_path / "backup.sqlite3")
    monkeypatch.setenv("FRONTDESK_DATABASE_URL", sqlite_clinic.url)
    config = load_config()
    holder = sqlite3.connect(live, isolation_level=None)  # a writer outside the queue
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError):
            restore(config, backup)
    finally:
        holder.rollback()
        holder.close()
    folder = config.backup_dir
    assert not folder.exists() or not list(folder.glob(f"{SAFETY_PREFIX}*"))
