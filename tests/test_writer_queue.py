"""Writers to one SQLite file take turns in arrival order, and a writer that dies mid-turn
does not jam the others (real OS processes; POSIX record locks)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from db.engine import Database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the queue uses POSIX file locks")


def _tickets_drawn(database_file: Path) -> int:
    raw = Path(f"{database_file}.writers").read_bytes()[:8]
    return int.from_bytes(raw, "little") if len(raw) == 8 else 0


def _wait_for_tickets(database_file: Path, count: int) -> None:
    deadline = time.monotonic() + 30
    while _tickets_drawn(database_file) < count:
        assert time.monotonic() < deadline, "a writer never reached the queue"
        time.sleep(0.01)


def _write_in_turn(url: str, name: str, entered: Any, hold: Any) -> None:
    # Queued behind writers that start one spawned process at a time: on a slow machine that
    # takes longer than a desk's 3 s wait, and a busy refusal is not what is tested here.
    database = Database(url, lock_wait=60)
    with database.write() as session:
        session.execute(text("INSERT INTO arrivals (name) VALUES (:name)"), {"name": name})
        entered.set()
        hold.wait(timeout=60)
    database.dispose()


def _start(context: Any, url: str, name: str) -> tuple[Any, Any, Any]:
    entered, hold = context.Event(), context.Event()
    process = context.Process(target=_write_in_turn, args=(url, name, entered, hold))
    process.start()
    return process, entered, hold


@pytest.fixture
def queue_database(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "queue.sqlite3"
    url = f"sqlite:///{path}"
    database = Database(url)
    with database.write() as session:
        session.execute(text("CREATE TABLE arrivals (n INTEGER PRIMARY KEY, name TEXT)"))
    database.dispose()
    return url, path


def test_writers_enter_in_the_order_they_arrived(queue_database: tuple[str, Path]) -> None:
    url, path = queue_database
    context = multiprocessing.get_context("spawn")
    already = _tickets_drawn(path)
    first, first_in, first_done = _start(context, url, "first")
    assert first_in.wait(30)
    waiting = []
    for number, name in enumerate(["second", "third", "fourth", "fifth"], start=2):
        waiting.append(_start(context, url, name))
        _wait_for_tickets(path, already + number)  # this one queued before the next starts
    first_done.set()
    for _process, entered, hold in waiting:
        assert entered.wait(30)
        hold.set()
    for process in [first] + [w[0] for w in waiting]:
        process.join(30)
        assert process.exitcode == 0
    database = Database(url)
    with database.read() as session:
        names = session.execute(text("SELECT name FROM arrivals ORDER BY n")).scalars().all()
    database.dispose()
    assert names == ["first", "second", "third", "fourth", "fifth"]


def test_a_writer_killed_in_its_turn_does_not_jam_the_queue(
    queue_database: tuple[str, Path],
) -> None:
    url, path = queue_database
    context = multiprocessing.get_context("spawn")
    already = _tickets_drawn(path)
    doomed, doomed_in, _never = _start(context, url, "doomed")
    assert doomed_in.wait(30)
    survivor, survivor_in, survivor_done = _start(context, url, "survivor")
    _wait_for_tickets(path, already + 2)
    assert not survivor_in.wait(0.3)  # really waiting for the doomed writer
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.join(30)
    assert survivor_in.wait(30)
    survivor_done.set()
    survivor.join(30)
    assert survivor.exitcode == 0
    database = Database(url)
    with database.read() as session:
        names = session.execute(text("SELECT name FROM arrivals ORDER BY n")).scalars().all()
    database.dispose()
    assert names == ["survivor"]  # the killed writer's transaction never committed


def test_closing_a_second_handle_keeps_the_first_ones_turn(
    queue_database: tuple[str, Path],
) -> None:
    """POSIX record locks belong to the process and closing any descriptor of the file drops
    them all: a second handle on the same file, disposed mid-turn, must not let another
    process in."""
    url, _path = queue_database
    context = multiprocessing.get_context("spawn")
    one, two = Database(url), Database(url)
    with two.write() as session:
        session.execute(text("INSERT INTO arrivals (name) VALUES ('two')"))
    with one.write() as session:
        session.execute(text("INSERT INTO arrivals (name) VALUES ('one')"))
        two.dispose()
        other, other_in, other_done = _start(context, url, "other")
        assert not other_in.wait(1.0)  # still waiting for our turn to end
    assert other_in.wait(30)
    other_done.set()
    other.join(30)
    assert other.exitcode == 0
    one.dispose()
    database = Database(url)
    with database.read() as session:
        names = session.execute(text("SELECT name FROM arrivals ORDER BY n")).scalars().all()
    database.dispose()
    assert names == ["two", "one", "other"]
