"""Reports at a clinic's full size (issue 19): utilisation, attendance, revenue, day sheet.

Builds a clinic of 50 therapists (weekly hours of five kinds: full days, split days with a
lunch break, evenings, three days a week, Tuesday–Saturday; date exceptions: days off and
short days; blocks: a weekly team meeting, a fortnightly supervision, a monthly training
day, holidays, sick days and personal hours, one inactive), 20 rooms, 4 services, 6,000
clients and 150,000 sessions from January 2024 to September 2026 (NOW is 15 June 2026):
each in a room, an hour a therapist works, never two at once for a therapist, a room or a
client; past ones mostly completed, some no-shows and cancellations (late ones with fees,
some waived), a few left scheduled; future ones scheduled or confirmed. Three in four
completed sessions (and charged no-show fees) are paid by a payment allocated to them (cash,
card, transfer or other; some leave credit, a few pay nothing in yet), some refunded in part
or reversed a week later, each with its negative allocation. Plus one busy day (8 sessions
for each therapist, 30 of the 50 at each hour online, without a room) for the day sheet.
Plain rows are inserted many at a time into a migrated database, not through the use cases.

The database is built once and kept (the SQLite file in `--cache`, the PostgreSQL database
`frontdesk_bench_reports`); `--rebuild` builds it again. Then, on SQLite and on PostgreSQL, it
prints for every report and grouping over a month (May 2026) and a year (2025): the cold
first run (the setup not yet read by this process) and the median/p95 of `--runs` warm runs
of `run_report`; and the day sheet of the busy day: `day_sheet()` and, once
`ui/documents/daysheet.py` exists, `write_day_sheet_pdf` (else it says that part is left).

`--results FILE` writes every report it ran (rows, total, weeks) as JSON: two such files of
the same data must be equal after a change meant only to make reports faster.

    .venv/bin/python benchmarks/reports.py [--rebuild] [--runs 7] [--results FILE]
        [--sqlite-only | --postgres-only] [--pg-host 127.0.0.1]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# The project first: its `ui` package, not benchmarks/ui.py
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desk_checks import percentile
from sqlalchemy import func, insert, select

from app.booking.loader import forget_kept_setup
from app.reports import GROUPINGS, Report, ReportKind, run_report
from app.reports.daysheet import day_sheet
from app.startup import freeze_startup_objects
from db.engine import Database
from db.enums import BlockType, PaymentKind, PaymentMethod, SessionStatus
from db.migrate import upgrade
from db.models import (
    BlockedTime,
    Client,
    ClinicSettings,
    DateException,
    ExceptionHours,
    Payment,
    PaymentAllocation,
    ReceiptCounter,
    ReferenceCounter,
    Room,
    Service,
    Therapist,
    TherapySession,
    WorkingHours,
)

ZONE = ZoneInfo("America/New_York")
NOW = datetime(2026, 6, 15, 8, 0, tzinfo=ZONE).astimezone(UTC)
CLINIC_NAME = "Bench Reports 1"  # a kept database of another build is built again
PG_NAME = "frontdesk_bench_reports"
THERAPISTS, ROOMS, CLIENTS, SESSIONS = 50, 20, 6_000, 150_000
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2026, 9, 30)
BUSY_DAY = date(2026, 6, 17)  # a Wednesday: 8 sessions for each therapist
MONTH = (date(2026, 5, 1), date(2026, 5, 31))
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
TARGET_MS = {("utilisation", "therapist", "month"): 300, ("utilisation", "therapist", "year"): 1500}
SERVICES = (  # key, name, minutes, price
    ("individual", "Individual therapy", 50, 15000),
    ("couples", "Couples therapy", 60, 18000),
    ("intake", "Intake assessment", 45, 12000),
    ("short", "Short follow-up", 30, 8000),
)
# Weekly hours by kind (weekday → windows in minutes): therapist t has kind t % 5
HOURS: tuple[dict[int, list[tuple[int, int]]], ...] = (
    {d: [(8 * 60, 18 * 60)] for d in range(5)},
    {d: [(9 * 60, 12 * 60), (13 * 60, 17 * 60)] for d in range(5)},
    {d: [(12 * 60, 20 * 60)] for d in range(5)},
    {d: [(8 * 60, 16 * 60)] for d in (0, 2, 4)},
    {d: [(10 * 60, 19 * 60)] for d in range(1, 6)},
)


# Building ---------------------------------------------------------------------------------


def local(day: date, minute: int) -> datetime:
    return datetime.combine(day, clock(minute // 60, minute % 60), ZONE).astimezone(UTC)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


@dataclass
class Setup:
    hours: dict[int, dict[int, list[tuple[int, int]]]]
    exceptions: dict[tuple[int, date], list[tuple[int, int]]]  # [] = the day off
    away: set[tuple[int, date]]  # all-day blocks


def build(database: Database) -> None:
    """A migrated, empty database filled (see the module's docstring)."""
    rng = random.Random(19)
    setup = _build_setup(database, rng)
    sessions = _build_sessions(database, setup, rng)
    _build_payments(database, sessions, rng)


def _insert_many(database: Database, model: type, rows: list[dict[str, Any]]) -> None:
    for chunk in range(0, len(rows), 5_000):
        with database.write() as session:
            session.execute(insert(model), rows[chunk : chunk + 5_000])


def _build_setup(database: Database, rng: random.Random) -> Setup:
    hours = {t: HOURS[t % 5] for t in range(1, THERAPISTS + 1)}
    exceptions: dict[tuple[int, date], list[tuple[int, int]]] = {}
    away: set[tuple[int, date]] = set()
    blocks: list[dict[str, Any]] = []
    workdays = [d for d in _days(FIRST_DAY, LAST_DAY) if d != BUSY_DAY]
    for t in range(1, THERAPISTS + 1):
        for day in rng.sample(workdays, 18):  # ~6 a year: days off and short days
            exceptions[(t, day)] = [] if rng.random() < 0.5 else [(10 * 60, 14 * 60)]
        weekday = rng.choice(sorted(hours[t]))
        meeting = next(d for d in _days(FIRST_DAY, LAST_DAY) if d.weekday() == weekday)
        start = min(w[0] for w in hours[t][weekday])
        blocks.append(_block(t, BlockType.MEETING, meeting, start, 60, "FREQ=WEEKLY"))
        if t % 3 == 0:
            blocks.append(
                _block(t, BlockType.MEETING, meeting, start + 120, 60, "FREQ=WEEKLY;INTERVAL=2")
            )
        if t % 4 == 0:
            blocks.append(_block(t, BlockType.TRAINING, date(2024, 1, 15), 0, 1440,
                                 "FREQ=MONTHLY", all_day=True))  # fmt: skip
        for year in (2024, 2025, 2026):  # two holiday weeks a year, three sick days
            for week_start in rng.sample(range(1, 50), 2):
                first = date.fromisocalendar(year, week_start, 1)
                blocks.append(_block(t, BlockType.VACATION, first, 0, 7 * 1440, all_day=True))
                away.update((t, first + timedelta(days=n)) for n in range(7))
            for day in rng.sample([d for d in workdays if d.year == year], 3):
                blocks.append(_block(t, BlockType.SICK_LEAVE, day, 0, 1440, all_day=True))
                away.add((t, day))
            for day in rng.sample([d for d in workdays if d.year == year], 4):
                blocks.append(_block(t, BlockType.PERSONAL, day, 14 * 60, 120))
        cancelled = _block(t, BlockType.OTHER, date(2025, 3, 3), 9 * 60, 60, "FREQ=DAILY")
        blocks.append(cancelled | {"active": False})
    with database.write() as session:
        session.add(ClinicSettings(id=1, name=CLINIC_NAME, timezone=ZONE.key))
        session.execute(
            insert(Room),
            [{"id": r, "key": f"room{r}", "name": f"Room {r}"} for r in range(1, ROOMS + 1)],
        )
        session.execute(
            insert(Service),
            [{"id": n, "key": key, "name": name, "duration_minutes": minutes,
              "price_cents": price} for n, (key, name, minutes, price) in
             enumerate(SERVICES, start=1)],
        )  # fmt: skip
        session.execute(
            insert(Therapist),
            [{"id": t, "key": f"t{t:02d}", "name": f"Therapist {t:02d}",
              "max_clients_per_day": 10, "buffer_before_minutes": 0, "buffer_after_minutes": 0,
              "min_notice_minutes": 60, "max_advance_days": 365}
             for t in range(1, THERAPISTS + 1)],
        )  # fmt: skip
        session.execute(
            insert(WorkingHours),
            [{"therapist_id": t, "weekday": d, "start_minute": s, "end_minute": e}
             for t, days in hours.items() for d, windows in days.items() for s, e in windows],
        )  # fmt: skip
        session.execute(
            insert(DateException),
            [{"id": n, "therapist_id": t, "on_date": d, "available": bool(w), "reason": None}
             for n, ((t, d), w) in enumerate(exceptions.items(), start=1)],
        )  # fmt: skip
        session.execute(
            insert(ExceptionHours),
            [{"exception_id": n, "start_minute": s, "end_minute": e}
             for n, windows in enumerate(exceptions.values(), start=1) for s, e in windows],
        )  # fmt: skip
        session.execute(insert(BlockedTime), blocks)
    _insert_many(
        database,
        Client,
        [{"id": c, "key": f"c{c:05d}", "name": f"Client {c:05d}",
          "created_at": NOW - timedelta(days=1000)} for c in range(1, CLIENTS + 1)],
    )  # fmt: skip
    return Setup(hours, exceptions, away)


def _block(therapist: int, kind: BlockType, day: date, minute: int, length: int,
           rrule: str | None = None, *, all_day: bool = False) -> dict[str, Any]:  # fmt: skip
    end_day = day + timedelta(days=(minute + length) // 1440)
    return {"therapist_id": therapist, "block_type": kind, "reason": None,
            "starts_at": local(day, minute), "ends_at": local(end_day, (minute + length) % 1440),
            "all_day": all_day, "rrule": rrule, "active": True}  # fmt: skip


def _works(setup: Setup, therapist: int, day: date, hour: int) -> bool:
    """Whether the hour from `hour`:00 lies inside one of the therapist's windows that day."""
    if (therapist, day) in setup.away:
        return False
    windows = setup.exceptions.get((therapist, day))
    if windows is None:
        windows = setup.hours[therapist].get(day.weekday(), [])
    return any(s <= hour * 60 and hour * 60 + 60 <= e for s, e in windows)


def _build_sessions(database: Database, setup: Setup, rng: random.Random) -> list[dict[str, Any]]:
    """150,000 sessions on the room grid (every hour 08:00–19:00 of every day but Sunday, a
    share of each hour's rooms filled by therapists working that hour), then the busy day."""
    hours = range(8, 20)
    grid = [
        (day, hour)
        for day in _days(FIRST_DAY, LAST_DAY)
        if day.weekday() < 6 and day != BUSY_DAY
        for hour in hours
    ]
    per_slot = {slot: [t for t in range(1, THERAPISTS + 1) if _works(setup, t, *slot)]
                for slot in grid}  # fmt: skip
    capacity = sum(min(ROOMS, len(ts)) for ts in per_slot.values())
    fill = min(1.0, 1.01 * (SESSIONS - THERAPISTS * 8) / capacity)
    rows: list[dict[str, Any]] = []
    for (day, hour), working in per_slot.items():
        wanted = min(ROOMS, len(working))
        count = int(wanted * fill) + (rng.random() < (wanted * fill) % 1)
        therapists = rng.sample(working, count)
        rooms = rng.sample(range(1, ROOMS + 1), count)
        clients = rng.sample(range(1, CLIENTS + 1), count)
        for therapist, room, client in zip(therapists, rooms, clients, strict=True):
            rows.append(_session(rng, day, hour, therapist, room, client))
    rows = rows[: SESSIONS - THERAPISTS * 8]
    for hour in range(9, 17):  # the busy day: every therapist, every hour, 30 online
        clients = rng.sample(range(1, CLIENTS + 1), THERAPISTS)
        for therapist in range(1, THERAPISTS + 1):
            seat = therapist if therapist <= ROOMS else None
            rows.append(_session(rng, BUSY_DAY, hour, therapist, seat, clients[therapist - 1]))
    rows.sort(key=lambda row: row["starts_at"])
    numbers: dict[int, int] = {}
    for n, row in enumerate(rows, start=1):
        year = row["starts_at"].year
        numbers[year] = numbers.get(year, 0) + 1
        row |= {"id": n, "reference": f"BK-{year}-{numbers[year]:06d}",
                "calendar_uid": f"{rng.getrandbits(128):032x}"}  # fmt: skip
    _insert_many(database, TherapySession, rows)
    with database.write() as session:
        session.execute(
            insert(ReferenceCounter),
            [{"year": y, "last_number": n} for y, n in numbers.items()],
        )
    return rows


def _session(rng: random.Random, day: date, hour: int, therapist: int, room: int | None,
             client: int) -> dict[str, Any]:  # fmt: skip
    service = rng.choices((1, 2, 3, 4), (70, 10, 10, 10))[0]
    _key, _name, minutes, price = SERVICES[service - 1]
    starts = local(day, hour * 60)
    ends = starts + timedelta(minutes=minutes)
    roll = rng.random()
    fee: int | None = None
    waived = None
    cancelled_at, late = None, False
    if roll < 0.06:
        status = SessionStatus.CANCELLED
        late = rng.random() < 0.4
        cancelled_at = starts - (timedelta(hours=rng.randrange(2, 20)) if late
                                 else timedelta(days=rng.randrange(2, 10)))  # fmt: skip
        if late and starts < NOW:
            fee = price // 2
    elif starts >= NOW:
        status = SessionStatus.CONFIRMED if roll < 0.4 else SessionStatus.SCHEDULED
    elif roll < 0.1:
        status = SessionStatus.NO_SHOW
        fee = price
    elif roll < 0.105:
        status = SessionStatus.SCHEDULED  # never marked
    else:
        status = SessionStatus.COMPLETED
    if fee is not None and rng.random() < 0.2:
        waived = "supervisor"
    return {"therapist_id": therapist, "client_id": client, "service_id": service,
            "room_id": room, "starts_at": starts, "ends_at": ends, "busy_from": starts,
            "busy_until": ends, "status": status, "session_type": "follow_up",
            "price_cents": price, "fee_cents": fee, "fee_waived_by": waived,
            "fee_waiver_reason": "first time" if waived else None,
            "cancelled_at": cancelled_at, "late_cancellation": late, "overridden": False,
            "revision": 1}  # fmt: skip


def _build_payments(database: Database, sessions: list[dict[str, Any]],
                    rng: random.Random) -> None:  # fmt: skip
    """Three in four sessions that ask for money paid when they end (what they ask, every
    twentieth 50.00 more as credit); one in 150 partly refunded and one in 400 reversed a
    week later; one in 100 payments on no session (money paid in advance)."""
    methods = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.TRANSFER,
               PaymentMethod.OTHER)  # fmt: skip
    payments: list[dict[str, Any]] = []
    allocations: list[dict[str, Any]] = []
    for row in sessions:
        if row["starts_at"] >= NOW or rng.random() >= 0.75:
            continue
        owed = row["price_cents"] if row["status"] is SessionStatus.COMPLETED else 0
        if row["fee_cents"] and not row["fee_waived_by"]:
            owed += row["fee_cents"]
        if not owed:
            continue
        extra = 5000 if rng.random() < 0.05 else 0
        paid = {"id": len(payments) + 1, "kind": PaymentKind.PAYMENT,
                "client_id": row["client_id"], "amount_cents": owed + extra,
                "method": rng.choices(methods, (20, 65, 10, 5))[0], "taken_by": "bench",
                "taken_at": row["ends_at"] + timedelta(minutes=5), "reverses_id": None,
                "reason": None}  # fmt: skip
        payments.append(paid)
        allocations.append({"payment_id": paid["id"], "session_id": row["id"],
                            "amount_cents": owed, "created_by": "bench"})  # fmt: skip
        if rng.random() < 0.01:
            later = paid["taken_at"] + timedelta(minutes=1)
            payments.append(paid | {"id": len(payments) + 1, "amount_cents": 10000,
                                    "taken_at": later})  # fmt: skip
        answer = rng.random()
        if answer < 1 / 150 + 1 / 400:
            refund = answer < 1 / 150
            amount = min(5000, owed) if refund else owed + extra
            back = paid | {"id": len(payments) + 1, "amount_cents": amount,
                           "kind": PaymentKind.REFUND if refund else PaymentKind.REVERSAL,
                           "taken_at": paid["taken_at"] + timedelta(days=7),
                           "reverses_id": paid["id"], "reason": "bench"}  # fmt: skip
            payments.append(back)
            allocations.append({"payment_id": back["id"], "session_id": row["id"],
                                "amount_cents": -min(amount, owed),
                                "created_by": "bench"})  # fmt: skip
    order = sorted(payments, key=lambda p: (p["taken_at"], p["id"]))
    numbers: dict[int, int] = {}
    for payment in order:
        year = payment["taken_at"].astimezone(ZONE).year
        numbers[year] = numbers.get(year, 0) + 1
        payment["receipt"] = f"RC-{year}-{numbers[year]:06d}"
    _insert_many(database, Payment, [p for p in payments if p["reverses_id"] is None])
    _insert_many(database, Payment, [p for p in payments if p["reverses_id"] is not None])
    _insert_many(database, PaymentAllocation, allocations)
    with database.write() as session:
        session.execute(
            insert(ReceiptCounter), [{"year": y, "last_number": n} for y, n in numbers.items()]
        )


def _analyse(database: Database) -> None:
    with database.engine.connect() as connection:
        if database.dialect == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("ANALYZE")


def _built(database: Database) -> bool:
    """Whether the kept database holds this build (its clinic's name and every session)."""
    try:
        with database.read() as session:
            name = session.scalar(select(ClinicSettings.name))
            count = session.scalar(select(func.count()).select_from(TherapySession))
    except Exception:  # an empty or half-built file: built again
        return False
    return name == CLINIC_NAME and count == SESSIONS


def ready(url: Callable[[bool], str], label: str, rebuild: bool) -> Database:
    """The kept database, built first (from nothing) when it is not there yet or `rebuild`;
    `url(fresh)` gives its address, an empty database when `fresh`."""
    if not rebuild:
        database = Database(url(False))
        if _built(database):
            print(f"\n{label}: the kept database ({database.engine.url})")
            return database
        database.dispose()
    database = Database(url(True))
    began = time.perf_counter()
    upgrade(database)
    build(database)
    _analyse(database)
    with database.read() as session:
        payments = session.scalar(select(func.count()).select_from(Payment))
        allocations = session.scalar(select(func.count()).select_from(PaymentAllocation))
    print(
        f"\n{label}: built {THERAPISTS} therapists, {ROOMS} rooms, {SESSIONS:,} sessions,"
        f" {payments:,} payments, {allocations:,} allocations"
        f" in {time.perf_counter() - began:.1f} s ({database.engine.url})"
    )
    return database


def sqlite_url(folder: Path, fresh: bool) -> str:
    """The kept SQLite file (removed first if `fresh`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "reports.sqlite3"
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def postgres_url(host: str, fresh: bool) -> str:
    """The kept PostgreSQL database (created empty when missing; dropped first if `fresh`)."""
    import psycopg

    with psycopg.connect(f"host={host} user=postgres dbname=postgres", autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (PG_NAME,)
        ).fetchone()
        if exists and fresh:
            admin.execute(f'DROP DATABASE "{PG_NAME}" WITH (FORCE)')
        if fresh or not exists:
            admin.execute(f'CREATE DATABASE "{PG_NAME}"')
    return f"postgresql+psycopg://postgres@{host}/{PG_NAME}"


# Measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    cold: float
    median: float
    p95: float
    cpu: float  # median CPU time of this process: what other work on the machine leaves be

    def __str__(self) -> str:
        return (
            f"cold {self.cold:6.0f}  median {self.median:7.1f}  p95 {self.p95:7.1f}"
            f"  cpu {self.cpu:7.1f} ms"
        )


def measure(call: Callable[[], Any], runs: int) -> Timing:
    """The first call (cold: the setup read again) and `runs` more: wall-clock time and the
    CPU time of this process (on SQLite all of the work, on PostgreSQL the client's part; a
    busy machine inflates only the first)."""
    forget_kept_setup()
    began = time.perf_counter()
    call()
    cold = (time.perf_counter() - began) * 1000
    spent, used = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        call()
        spent.append((time.perf_counter() - began) * 1000)
        used.append((time.process_time() - began_cpu) * 1000)
    return Timing(cold, percentile(spent, 0.5), percentile(spent, 0.95), percentile(used, 0.5))


def as_json(report: Report) -> dict[str, Any]:
    return {
        "rows": [list(row) for row in report.rows],
        "total": list(report.total),
        "weeks": [[str(week.first), values] for week, values in report.weeks],
    }


def run(label: str, database: Database, runs: int, results: dict[str, Any]) -> None:
    gc.collect()
    freeze_startup_objects()
    print(f"  {'report':<12} {'by':<10} {'period':<6} (milliseconds)")
    for period, (first, last) in (("month", MONTH), ("year", YEAR)):
        for kind in ReportKind:
            for by in GROUPINGS[kind]:
                report: list[Report] = []

                def once(
                    kind: ReportKind = kind,
                    by: str = by,
                    first: date = first,
                    last: date = last,
                    report: list[Report] = report,
                ) -> None:
                    report[:] = [run_report(database, kind, by, first, last)]

                timing = measure(once, runs if period == "month" else max(3, runs // 2))
                target = TARGET_MS.get((kind.value, by, period))
                verdict = ""
                if target:
                    verdict = f"  {'PASS' if timing.median < target else 'FAIL'} < {target} ms"
                print(f"  {kind.value:<12} {by:<10} {period:<6} {timing}{verdict}")
                results[f"{label} {kind.value} {by} {period}"] = as_json(report[0])
    _day_sheet(database, runs)


def _day_sheet(database: Database, runs: int) -> None:
    sheet = day_sheet(database, BUSY_DAY)
    print(f"  day sheet of {BUSY_DAY} ({len(sheet.rows)} sessions):")
    print(f"    day_sheet()                {measure(lambda: day_sheet(database, BUSY_DAY), runs)}")
    try:
        from ui.documents.daysheet import write_day_sheet_pdf  # type: ignore[import-not-found]
    except ModuleNotFoundError as error:
        if error.name != "ui.documents.daysheet":
            raise
        print("    write_day_sheet_pdf: not on this branch yet (ui/documents/daysheet.py);"
              " the PDF part is left")  # fmt: skip
        return
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "daysheet.pdf"
        for per_therapist in (False, True):

            def both(per_therapist: bool = per_therapist) -> None:
                write_day_sheet_pdf(day_sheet(database, BUSY_DAY), path,
                                    per_therapist=per_therapist)  # fmt: skip

            timing = measure(both, runs)
            verdict = "PASS" if timing.median < 1000 else "FAIL"
            print(f"    + PDF (per therapist {per_therapist!s:<5}) {timing}  {verdict} < 1000 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the kept databases again")
    parser.add_argument("--runs", type=int, default=7, help="warm runs of a month's report")
    parser.add_argument("--results", type=Path, help="write every report's figures as JSON")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "frontdesk-bench"
    )
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true")
    only.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--pg-host", default="127.0.0.1")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    targets = []
    if not args.postgres_only:
        targets.append(("SQLite", lambda fresh: sqlite_url(args.cache, fresh)))
    if not args.sqlite_only:
        targets.append(("PostgreSQL", lambda fresh: postgres_url(args.pg_host, fresh)))
    for label, url in targets:
        database = ready(url, label, args.rebuild)
        try:
            run(label, database, args.runs, results)
        finally:
            database.dispose()
    if args.results:
        args.results.write_text(json.dumps(results, indent=1, sort_keys=True, default=str))
        print(f"\nfigures written to {args.results}")


if __name__ == "__main__":
    main()
