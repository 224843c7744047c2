"""Availability and booking on a large clinic, on SQLite and PostgreSQL.

Builds 50 therapists, 20 rooms and three years of sessions (about 150,000 rows), then prints:
- one therapist's 31-day availability, cold (nothing kept, the clinic's setup read too;
  median and p95 over 20 therapists) and with the setup kept as a running desk has it,
- a one-day grid for all 50 therapists,
- the bare indexed SELECT of the rows the 31-day availability reads (the ratio is the engine
  and loader overhead),
- booking latency p50/p95 with 8 writer processes booking at once, flat out and with a
  short pause between attempts (each desk still books several times a second), after each
  desk has booked a few sessions on its own (the first of them, a desk's first booking
  after it starts, is printed apart).

Every process is CPU-bound Python; on a machine with fewer cores than writers the flat-out
figures measure the CPU queue as much as the booking.

    .venv/bin/python benchmarks/availability.py [--sqlite-only] [--pg-host 127.0.0.1]
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_databases import run_on_both
from sqlalchemy import insert, text

from app.booking import BookingRefusedError, BookingRequest, available_slots, book, day_grid
from app.booking.loader import forget_kept_setup
from app.startup import freeze_startup_objects
from app.timezones import day_start_utc
from db.engine import Database
from db.migrate import upgrade
from db.models import (
    BlockedTime,
    Client,
    ClinicSettings,
    Room,
    Service,
    Therapist,
    TherapySession,
    WorkingHours,
)

ZONE = ZoneInfo("America/New_York")
THERAPISTS, ROOMS, CLIENTS = 50, 20, 5000
SLOTS_PER_DAY = 10  # hourly 08:00–17:00 starts, 50 minutes + 10 buffer
SESSIONS_PER_SLOT = 19  # of 20 rooms: busy, as a real clinic is
FIRST_DAY, LAST_DAY = date(2025, 1, 6), date(2027, 12, 31)
NOW = datetime(2026, 6, 15, 8, 0, tzinfo=ZONE).astimezone(UTC)
WRITERS, BOOKINGS_PER_WRITER, WARM_UP = 8, 40, 5


def build(database: Database) -> int:
    """Fill an empty, migrated database; returns the number of sessions."""
    rng = random.Random(42)
    with database.write() as session:
        session.add(ClinicSettings(id=1, name="Bench Clinic", timezone=ZONE.key))
        session.execute(
            insert(Room),
            [
                {
                    "id": r,
                    "key": f"r{r}",
                    "name": f"Room {r}",
                    "capacity": 1 + r % 4,
                    "features": ["family"] if r % 5 == 0 else [],
                }
                for r in range(1, ROOMS + 1)
            ],
        )
        session.execute(
            insert(Service),
            [
                {
                    "id": 1,
                    "key": "individual",
                    "name": "Individual",
                    "duration_minutes": 50,
                    "price_cents": 15000,
                    "required_features": [],
                },
                {
                    "id": 2,
                    "key": "family",
                    "name": "Family",
                    "duration_minutes": 50,
                    "price_cents": 20000,
                    "required_features": ["family"],
                },
            ],
        )
        session.execute(
            insert(Therapist),
            [
                {
                    "id": t,
                    "key": f"t{t}",
                    "name": f"Therapist {t}",
                    "max_clients_per_day": 8,
                    "buffer_before_minutes": 0,
                    "buffer_after_minutes": 10,
                    "min_notice_minutes": 120,
                    "max_advance_days": 730,
                    "preferred_room_id": 1 + t % ROOMS,
                }
                for t in range(1, THERAPISTS + 1)
            ],
        )
        session.execute(
            insert(WorkingHours),
            [
                {"therapist_id": t, "weekday": d, "start_minute": 8 * 60, "end_minute": 18 * 60}
                for t in range(1, THERAPISTS + 1)
                for d in range(5)
            ],
        )
        session.execute(
            insert(Client),
            [
                {"id": c, "key": f"c{c}", "name": f"Client {c}", "phone": f"+1555{c:07d}"}
                for c in range(1, CLIENTS + 1)
            ],
        )
        blocks = []
        for t in range(1, THERAPISTS + 1):
            monday = datetime(2025, 1, 6, 8, 0)
            blocks.append(
                {
                    "therapist_id": t,
                    "block_type": "meeting",
                    "reason": "Team",
                    "starts_at": monday.replace(tzinfo=ZONE).astimezone(UTC),
                    "ends_at": (monday + timedelta(hours=1)).replace(tzinfo=ZONE).astimezone(UTC),
                    "rrule": "FREQ=WEEKLY;BYDAY=MO",
                }
            )
            for _ in range(3):
                first = FIRST_DAY + timedelta(days=rng.randrange(0, 1000))
                blocks.append(
                    {
                        "therapist_id": t,
                        "block_type": "vacation",
                        "all_day": True,
                        "starts_at": day_start_utc(first, ZONE),
                        "ends_at": day_start_utc(first + timedelta(days=5), ZONE),
                    }
                )
        session.execute(insert(BlockedTime), blocks)
    rows, number, day = [], 0, FIRST_DAY
    while day <= LAST_DAY:
        if day.weekday() < 5:
            for slot in range(SLOTS_PER_DAY):
                start = datetime(day.year, day.month, day.day, 8 + slot, tzinfo=ZONE)
                start = start.astimezone(UTC)
                chosen = rng.sample(range(1, THERAPISTS + 1), SESSIONS_PER_SLOT)
                clients = rng.sample(range(1, CLIENTS + 1), SESSIONS_PER_SLOT)
                for room, (therapist, client) in enumerate(zip(chosen, clients, strict=True)):
                    number += 1
                    end = start + timedelta(minutes=50)
                    rows.append(
                        {
                            "reference": f"BK-1000-{number:06d}",
                            "therapist_id": therapist,
                            "client_id": client,
                            "service_id": 1,
                            "room_id": room + 1,
                            "starts_at": start,
                            "ends_at": end,
                            "busy_from": start,
                            "busy_until": end + timedelta(minutes=10),
                            "status": "cancelled" if number % 17 == 0 else "scheduled",
                            "cancelled_at": start if number % 17 == 0 else None,
                            "price_cents": 15000,
                        }
                    )
        day += timedelta(days=1)
    for chunk in range(0, len(rows), 20_000):
        with database.write() as session:
            session.execute(insert(TherapySession), rows[chunk : chunk + 20_000])
    if database.dialect == "postgresql":
        with database.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    else:
        with database.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    return len(rows)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bare_select_ms(database: Database, therapist: int, first: date, last: date) -> float:
    """The indexed SELECTs of the session rows a 31-day availability reads, and nothing else."""
    start = day_start_utc(first, ZONE) - timedelta(days=1)
    end = day_start_utc(last + timedelta(days=1), ZONE) + timedelta(days=1)
    columns = "id, therapist_id, starts_at, ends_at, busy_from, busy_until, room_id, service_id"
    sqlite = database.dialect == "sqlite"
    bounds = {
        "a": start.replace(tzinfo=None) if sqlite else start,
        "b": end.replace(tzinfo=None) if sqlite else end,
        "t": therapist,
    }
    with database.engine.connect() as connection:
        began = time.perf_counter()
        connection.execute(
            text(
                f"SELECT {columns} FROM sessions WHERE therapist_id = :t AND starts_at >= :a"
                " AND starts_at < :b AND status <> 'cancelled'"
            ),
            bounds,
        ).all()
        connection.execute(
            text(
                f"SELECT {columns} FROM sessions WHERE starts_at >= :a AND starts_at < :b"
                " AND room_id IS NOT NULL AND status <> 'cancelled'"
            ),
            bounds,
        ).all()
        return (time.perf_counter() - began) * 1000


def measure_reads(database: Database) -> dict[str, float]:
    first = date(2026, 6, 22)
    last = first + timedelta(days=30)
    available_slots(database, "t1", "individual", first, 31, NOW)  # warm the page cache
    spans, kept, bare, candidates = [], [], [], 0
    for therapist in range(1, 21):
        forget_kept_setup()  # cold: nothing kept from earlier reads, the setup read too
        began = time.perf_counter()
        listing = available_slots(database, f"t{therapist}", "individual", first, 31, NOW)
        spans.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()  # the same again, the setup kept as a running desk has it
        available_slots(database, f"t{therapist}", "individual", first, 31, NOW)
        kept.append((time.perf_counter() - began) * 1000)
        candidates += sum(len(d.slots) for d in listing.days)
        bare.append(bare_select_ms(database, therapist, first, last))
    grid = []
    for _ in range(5):
        began = time.perf_counter()
        day_grid(database, first, "individual", NOW)
        grid.append((time.perf_counter() - began) * 1000)
    return {
        "avail_median": statistics.median(spans),
        "avail_p95": percentile(spans, 0.95),
        "kept_median": statistics.median(kept),
        "bare_median": statistics.median(bare),
        "ratio": statistics.median(spans) / statistics.median(bare),
        "candidates": candidates / 20,
        "grid": statistics.median(grid),
    }


def _attempt(database: Database, rng: random.Random, index: int) -> tuple[bool, float] | None:
    """Look at a random therapist's day (not timed), pick a start the listing shows as
    available and book it (timed): (booked, ms); None when the day had no free start."""
    day = date(2026, 7, 1) + timedelta(days=rng.randrange(0, 120))
    if day.weekday() >= 5:
        return None
    therapist = f"t{rng.randrange(1, THERAPISTS + 1)}"
    listing = available_slots(database, therapist, "individual", day, 1, NOW)
    free = [s.start for s in listing.days[0].slots if s.status.value == "available"]
    if not free:
        return None
    request = BookingRequest(therapist=therapist, client=f"c{rng.randrange(1, CLIENTS + 1)}",
                             service="individual", start=rng.choice(free))  # fmt: skip
    began = time.perf_counter()
    try:
        book(database, request, actor=f"bench{index}", now=NOW)
        return True, (time.perf_counter() - began) * 1000
    except BookingRefusedError:
        return False, (time.perf_counter() - began) * 1000


def _writer(url: str, index: int, pause_ms: float, barrier, results) -> None:  # type: ignore[no-untyped-def]
    """One front desk. It first books WARM_UP sessions on its own (a desk that has been
    open a while: statements compiled and prepared, the server's caches warm; the first is
    reported apart as a desk's first booking of the day), then, with the others at once,
    books BOOKINGS_PER_WRITER times (timed). Others may take a start first: that refusal
    is timed too. Between attempts the desk pauses a random 0–2×`pause_ms` (0: no pause)."""
    database = Database(url)
    rng = random.Random(index)
    freeze_startup_objects()  # as every desk process does when it starts (app.cli)
    warm: list[float] = []
    while len(warm) < WARM_UP:
        if (attempt := _attempt(database, rng, index)) is not None:
            warm.append(attempt[1])
    booked, refused = [], []
    barrier.wait()
    while len(booked) + len(refused) < BOOKINGS_PER_WRITER:
        attempt = _attempt(database, rng, index)
        if attempt is None:
            continue
        (booked if attempt[0] else refused).append(attempt[1])
        if pause_ms:
            time.sleep(rng.uniform(0, 2 * pause_ms) / 1000)
    results.put((booked, refused, warm[0]))
    database.dispose()


def measure_bookings(url: str, pause_ms: float = 0, writers: int = WRITERS) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(writers), context.Queue()
    workers = [
        context.Process(target=_writer, args=(url, i, pause_ms, barrier, results))
        for i in range(writers)
    ]
    for worker in workers:
        worker.start()
    booked: list[float] = []
    refused: list[float] = []
    first: list[float] = []
    for _ in workers:
        some_booked, some_refused, first_of_day = results.get(timeout=600)
        booked += some_booked
        refused += some_refused
        first.append(first_of_day)
    for worker in workers:
        worker.join()
    every = booked + refused
    return {
        "p50": percentile(every, 0.50),
        "p95": percentile(every, 0.95),
        "booked": len(booked),
        "booked_p95": percentile(booked, 0.95),
        "refused": len(refused),
        "refused_p95": percentile(refused, 0.95) if refused else 0.0,
        "first_median": statistics.median(first),
        "first_max": max(first),
    }


def run(label: str, url: str) -> None:
    database = Database(url)
    upgrade(database)
    began = time.perf_counter()
    count = build(database)
    print(f"\n{label}: built {count:,} sessions in {time.perf_counter() - began:.1f} s")
    gc.collect()  # the build's garbage is no desk's: read as a desk does once started
    freeze_startup_objects()
    reads = measure_reads(database)
    database.dispose()
    print(
        f"  31-day availability, one therapist ({reads['candidates']:.0f} candidates): "
        f"median {reads['avail_median']:.1f} ms, p95 {reads['avail_p95']:.1f} ms "
        f"(cold: the clinic's setup read too; with it kept, as a running desk: median "
        f"{reads['kept_median']:.1f} ms)"
    )
    print(
        f"  bare indexed SELECT of the same session rows: median {reads['bare_median']:.1f} ms"
        f"  → ratio {reads['ratio']:.2f}×"
    )
    print(f"  one-day grid, all {THERAPISTS} therapists: {reads['grid']:.1f} ms")
    cores = os.cpu_count() or 1
    for writers, pause, label in (
        (1, 0, "1 writer process alone (the floor)"),
        (WRITERS, 0, f"{WRITERS} writer processes flat out, no pause ({cores} CPU cores)"),
        (WRITERS, 100, f"{WRITERS} writer processes pausing ~100 ms between attempts"),
    ):
        writes = measure_bookings(url, pause, writers)
        print(
            f"  booking, {label}: p50 {writes['p50']:.1f} ms, "
            f"p95 {writes['p95']:.1f} ms over {writes['booked'] + writes['refused']} attempts "
            f"({writes['booked']} booked, p95 {writes['booked_p95']:.1f} ms; "
            f"{writes['refused']} lost a race, p95 {writes['refused_p95']:.1f} ms "
            f"with alternatives); a desk's first booking after it starts: median "
            f"{writes['first_median']:.1f} ms, slowest {writes['first_max']:.1f} ms"
        )


def main() -> None:
    run_on_both(__doc__.splitlines()[0], run)


if __name__ == "__main__":
    main()
