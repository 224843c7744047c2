"""Front-desk view timings on the demo clinic (issue 4's targets).

Builds the demo clinic in a temporary SQLite file, then makes its busiest week hold 400
sessions: therapists work 08:00–20:00 every day with a cap of 14, and free starts are booked
through `book` (the real use case) until the week is full enough. Prints:

- loading the week (`load_desk_calendar`: every query and the engine's schedules);
- building each view from the loaded week (scene items for 400 sessions: the day view of all
  therapists for every day of the week, the week view of every therapist, and the room view),
  target under 150 ms for the whole week's items;
- one drag-move validity check (`CalendarView.target_for`: pointer → column, snapped start,
  engine check), p50/p95 over 2,000 pointer positions, target under 4 ms.

    .venv/bin/python benchmarks/ui.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from app.booking import BookingRefusedError, BookingRequest, book
from app.clinic_file import import_clinic
from app.demo import build_demo_clinic
from app.desk_calendar import load_desk_calendar
from db.engine import Database
from db.migrate import upgrade
from db.models import Client, Service, Therapist, WorkingHours
from ui.calendar_view import CalendarView, ViewMode

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
WEEK = date(2026, 11, 30)  # a Monday, in the future: bookable, and filled by the demo too
TARGET_SESSIONS = 400
RUNS = 9


def fill_week(database: Database) -> int:
    """Open every therapist 08:00–20:00 all week and book free starts until 400 sessions."""
    with database.write() as session:
        session.execute(update(Therapist).values(max_clients_per_day=14))
        ids = list(session.scalars(select(Therapist.id)))
        session.query(WorkingHours).delete()
        session.add_all(
            WorkingHours(therapist_id=t, weekday=d, start_minute=8 * 60, end_minute=20 * 60)
            for t in ids
            for d in range(7)
        )
    with database.read() as session:
        clients = list(session.scalars(select(Client.key)))
        service = session.scalar(select(Service.key).where(Service.key == "individual"))
    assert service is not None
    rng = random.Random(7)
    calendar = load_desk_calendar(database, WEEK, WEEK + timedelta(days=6), NOW)
    count = len(calendar.sessions)
    needs = calendar.services[next(i for i, s in calendar.services.items() if s.key == service)]
    for day in calendar.days:
        for therapist in calendar.therapists:
            slots = calendar.schedules[therapist.id].day_slots(day, needs.needs).slots
            for slot in slots[::4]:  # an hour apart: 50 min + buffer fits
                if count >= TARGET_SESSIONS:
                    return count
                if slot.status.value != "available":
                    continue
                request = BookingRequest(therapist.key, rng.choice(clients), service, slot.start)
                try:
                    book(database, request, actor="bench", now=NOW)
                    count += 1
                except BookingRefusedError:
                    pass  # a client busy elsewhere, a room gone: try the next start
    return count


def timed(work: object, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'ui-bench.sqlite3'}")
        upgrade(database)
        import_clinic(database, build_demo_clinic(seed=7, now=NOW), actor="bench")
        started = time.perf_counter()
        sessions = fill_week(database)
        print(
            f"demo clinic; week of {WEEK}: {sessions} sessions "
            f"(filled in {time.perf_counter() - started:.1f} s)"
        )
        last = WEEK + timedelta(days=6)
        load_ms, calendar = timed(lambda: load_desk_calendar(database, WEEK, last, NOW))
        print(f"load the week (queries + engine schedules), median: {load_ms:7.1f} ms")

        view = CalendarView()
        view.resize(1600, 1000)
        view.show()
        app.processEvents()

        def build_all(mode: ViewMode) -> int:
            """Fresh items for the whole week in `mode` (every day or every therapist)."""
            shown = 0
            view.forget_items()
            if mode == ViewMode.WEEK:
                for therapist in calendar.therapists:
                    view.show_calendar(calendar, mode, WEEK, therapist.id)
                    shown += len(view.items_by_id)
            else:
                for day in calendar.days:
                    view.show_calendar(calendar, mode, day)
                    shown += len(view.items_by_id)
            view.viewport().repaint()
            return shown

        for mode in (ViewMode.WEEK, ViewMode.THERAPISTS, ViewMode.ROOMS):
            ms, shown = timed(lambda mode=mode: build_all(mode))
            print(
                f"build {mode.value:10s} views of the whole week ({shown} session items), "
                f"median: {ms:6.1f} ms (target < 150)"
            )
        view.show_calendar(calendar, ViewMode.THERAPISTS, WEEK + timedelta(days=1))
        app.processEvents()
        rng = random.Random(3)
        movable = [c for c in calendar.sessions if c.movable and c.starts_at.date() == WEEK]
        rect = view.sceneRect()
        times = []
        for _ in range(2000):
            card = rng.choice(movable)
            point = QPointF(rng.uniform(60, rect.width() - 2), rng.uniform(60, rect.height() - 2))
            started = time.perf_counter()
            view.target_for(card, point)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(
            f"drag-move check: p50 {times[len(times) // 2]:.3f} ms, "
            f"p95 {times[int(len(times) * 0.95)]:.3f} ms, max {times[-1]:.3f} ms "
            "(target < 4 ms)"
        )
        view.close()
        database.dispose()


if __name__ == "__main__":
    main()
    os._exit(0)  # skip Qt's teardown at exit (nothing left to save)
