"""Recurring generation time: 10,000 active series over 50 therapists, one week ahead.

Each therapist works 07:00–21:00 every day (98 one-hour cells a week, cap 14 a day) and has
200 series laid out so that a week can hold them: 40 weekly, 60 biweekly (two per cell,
opposite weeks) and 100 monthly by weekday ordinal (four per cell, weeks 1–4 of the month).
Every series has its own client; every therapist a room of their own (50 rooms). The job
books a week through the real use case (`generate_recurring` → `book_each`), then runs
again (nothing to do: the idempotent path). Target (issue 5): under 30 s on SQLite; the
seeds' web systems quote 100 series in 5 minutes.

    .venv/bin/python benchmarks/recurring.py [--sqlite-only] [--pg-host 127.0.0.1]
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_databases import run_on_both
from sqlalchemy import func, insert, select

from app.booking.recurring import generate_recurring
from db.engine import Database
from db.enums import Frequency
from db.migrate import upgrade
from db.models import (
    Client,
    ClinicSettings,
    Notice,
    RecurringSeries,
    Room,
    Service,
    Therapist,
    TherapySession,
    WorkingHours,
)

ZONE = ZoneInfo("America/New_York")
THERAPISTS, PER_THERAPIST = 50, 200
FIRST_HOUR, HOURS = 7, 14
START = date(2026, 1, 5)  # a Monday: every series starts here or in the next weeks
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # generate 2–8 March


def build(database: Database) -> int:
    series_rows = []
    with database.write() as session:
        session.add(ClinicSettings(id=1, name="Bench Clinic", timezone=ZONE.key))
        session.execute(
            insert(Room),
            [{"id": r, "key": f"r{r}", "name": f"Room {r}"} for r in range(1, THERAPISTS + 1)],
        )
        session.execute(
            insert(Service),
            [
                {
                    "id": 1,
                    "key": "individual",
                    "name": "Individual",
                    "duration_minutes": 45,
                    "price_cents": 12000,
                }
            ],
        )
        session.execute(
            insert(Therapist),
            [
                {
                    "id": t,
                    "key": f"t{t}",
                    "name": f"Therapist {t}",
                    "max_clients_per_day": 14,
                    "min_notice_minutes": 60,
                    "max_advance_days": 90,
                    "preferred_room_id": t,
                }
                for t in range(1, THERAPISTS + 1)
            ],
        )
        session.execute(
            insert(WorkingHours),
            [
                {
                    "therapist_id": t,
                    "weekday": d,
                    "start_minute": FIRST_HOUR * 60,
                    "end_minute": (FIRST_HOUR + HOURS) * 60,
                }
                for t in range(1, THERAPISTS + 1)
                for d in range(7)
            ],
        )
        session.execute(
            insert(Client),
            [
                {"id": c, "key": f"c{c}", "name": f"Client {c}", "phone": f"+1555{c:07d}"}
                for c in range(1, THERAPISTS * PER_THERAPIST + 1)
            ],
        )
        client = 0
        for therapist in range(1, THERAPISTS + 1):
            for position in range(PER_THERAPIST):
                client += 1
                if position < 40:  # weekly, one cell each
                    cell, frequency, start = position, Frequency.WEEKLY, 0
                elif position < 100:  # biweekly, two per cell on alternate weeks
                    cell, frequency, start = 40 + (position - 40) // 2, Frequency.BIWEEKLY, 0
                    start = 7 * ((position - 40) % 2)
                else:  # monthly by weekday ordinal: weeks 1–4 of the month share a cell
                    cell, frequency = 70 + (position - 100) // 4, Frequency.MONTHLY
                    start = 0
                weekday, hour = divmod(cell, HOURS)
                first = START + timedelta(days=weekday + start)
                if frequency == Frequency.MONTHLY:  # the n-th such weekday of March
                    ordinal = (position - 100) % 4
                    first = date(2026, 3, 1) + timedelta(days=(weekday - 6) % 7 + 7 * ordinal)
                series_rows.append(
                    {
                        "key": f"s{client}",
                        "client_id": client,
                        "therapist_id": therapist,
                        "service_id": 1,
                        "frequency": frequency,
                        "weekday": first.weekday(),
                        "start_minute": (FIRST_HOUR + hour) * 60,
                        "start_date": first,
                        "price_cents": 12000,
                        "monthly_mode": "weekday",
                        "created_at": NOW,
                    }
                )
        session.execute(insert(RecurringSeries), series_rows)
    return len(series_rows)


def count(database: Database, model: type) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def run(label: str, url: str) -> None:
    database = Database(url)
    upgrade(database)
    started = time.perf_counter()
    series = build(database)
    print(
        f"{label}: {series} series over {THERAPISTS} therapists "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    started = time.perf_counter()
    summary = generate_recurring(database, NOW, days_ahead=7)
    elapsed = time.perf_counter() - started
    print(f"  generate a week: {elapsed:6.1f} s (target < 30 s) — {summary.describe()}")
    print(f"  {count(database, TherapySession)} sessions, {count(database, Notice)} notices")
    started = time.perf_counter()
    again = generate_recurring(database, NOW, days_ahead=7)
    print(
        f"  run again:       {time.perf_counter() - started:6.1f} s — "
        f"{again.generated} generated, {again.already} already there"
    )
    database.dispose()


if __name__ == "__main__":
    run_on_both(__doc__ or "", run)
