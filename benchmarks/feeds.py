"""Calendar feed generation time, on SQLite and PostgreSQL.

Builds a clinic of 50 therapists with three years of sessions (about 34,000 rows), one of
them booked solid: 10 sessions a day, every day, so that her feed window (30 days back,
180 ahead) holds about 2,100 sessions. Prints, for each database: the time to build her feed
(target: under 200 ms), the whole clinic's feed, and a full HTTP request to the feed server
(token lookup, build, ETag bookkeeping) and a 304 answer.

    .venv/bin/python benchmarks/feeds.py [--sqlite-only] [--pg-host 127.0.0.1]
"""

from __future__ import annotations

import http.client
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_databases import run_on_both
from sqlalchemy import insert

from app.feeds import FeedScope, create_token
from db.engine import Database
from db.migrate import upgrade
from db.models import Client, ClinicSettings, Room, Service, Therapist, TherapySession
from sync.feeds import FeedServer, build_feed

ZONE = ZoneInfo("Europe/Madrid")
THERAPISTS, ROOMS, CLIENTS = 50, 20, 3000
FIRST_DAY, LAST_DAY = date(2025, 1, 1), date(2027, 12, 31)
NOW = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)
RUNS = 15


def build(database: Database) -> tuple[int, int]:
    """Fill an empty, migrated database; returns (all sessions, sessions in the busy feed)."""
    rng = random.Random(7)
    with database.write() as session:
        session.add(ClinicSettings(id=1, name="Bench Clinic", timezone=ZONE.key))
        session.execute(
            insert(Room), [{"id": r, "key": f"r{r}", "name": f"Room {r}"} for r in range(1, 21)]
        )
        session.execute(
            insert(Service),
            [{"id": 1, "key": "individual", "name": "Individual", "duration_minutes": 45}],
        )
        session.execute(
            insert(Therapist),
            [
                {"id": t, "key": f"t{t}", "name": f"Therapist {t}", "max_clients_per_day": 12}
                for t in range(1, THERAPISTS + 1)
            ],
        )
        session.execute(
            insert(Client),
            [
                {"id": c, "key": f"c{c}", "name": f"Client Number{c}", "email": f"c{c}@x.test"}
                for c in range(1, CLIENTS + 1)
            ],
        )
    rows, number, day = [], 0, FIRST_DAY
    window = (NOW.date() - timedelta(days=30), NOW.date() + timedelta(days=180))
    in_window = 0
    while day <= LAST_DAY:
        for hour in range(8, 18):
            start = datetime(day.year, day.month, day.day, hour, tzinfo=ZONE).astimezone(UTC)
            # t1 every hour of every day; on weekdays three others too, in other rooms.
            busy = [1] if day.weekday() >= 5 else [1, *rng.sample(range(2, THERAPISTS + 1), 3)]
            clients = rng.sample(range(1, CLIENTS + 1), len(busy))
            for position, (therapist, client) in enumerate(zip(busy, clients, strict=True)):
                number += 1
                end = start + timedelta(minutes=45)
                rows.append(
                    {
                        "reference": f"BK-1000-{number:06d}",
                        "therapist_id": therapist,
                        "client_id": client,
                        "service_id": 1,
                        "room_id": position + 1,
                        "starts_at": start,
                        "ends_at": end,
                        "busy_from": start,
                        "busy_until": end,
                        "status": "confirmed",
                        "price_cents": 0,
                        "calendar_uid": uuid.uuid4().hex,
                    }
                )  # fmt: skip
                if therapist == 1 and window[0] <= day <= window[1]:
                    in_window += 1
        day += timedelta(days=1)
    for chunk in range(0, len(rows), 20_000):
        with database.write() as session:
            session.execute(insert(TherapySession), rows[chunk : chunk + 20_000])
    with database.engine.connect() as connection:
        if database.dialect == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE")
    return len(rows), in_window


def timed(action, runs: int = RUNS) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    spans = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        spans.append((time.perf_counter() - began) * 1000)
    spans.sort()
    return statistics.median(spans), spans[int(len(spans) * 0.95) - 1]


def run(label: str, url: str) -> None:
    database = Database(url)
    upgrade(database)
    began = time.perf_counter()
    total, in_window = build(database)
    print(f"\n{label}: built {total:,} sessions in {time.perf_counter() - began:.1f} s")
    busy = FeedScope("therapist", "t1")
    feed = build_feed(database, busy, NOW)
    median, p95 = timed(lambda: build_feed(database, busy, NOW))
    print(
        f"  one therapist's feed, {feed.events:,} events ({len(feed.body) / 1024:.0f} KiB): "
        f"median {median:.0f} ms, p95 {p95:.0f} ms (target < 200 ms)"
    )
    assert feed.events == in_window, (feed.events, in_window)
    clinic = build_feed(database, FeedScope("clinic"), NOW)
    median, p95 = timed(lambda: build_feed(database, FeedScope("clinic"), NOW), 5)
    print(
        f"  whole clinic's feed, {clinic.events:,} events ({len(clinic.body) / 1024:.0f} KiB): "
        f"median {median:.0f} ms"
    )
    token = create_token(database, busy, actor="bench")
    server = FeedServer(database, "127.0.0.1", 0, clock=lambda: NOW)
    server.start()
    host, port = server.address

    def fetch(headers: dict[str, str]) -> tuple[int, http.client.HTTPMessage]:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request("GET", token.path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, response.headers  # names case-insensitive, as in HTTP

    _status, headers = fetch({})
    median, p95 = timed(lambda: fetch({}))
    print(f"  HTTP GET of that feed from the feed server: median {median:.0f} ms, p95 {p95:.0f} ms")
    median, p95 = timed(lambda: fetch({"If-None-Match": headers["ETag"]}))
    print(f"  HTTP GET answered 304 Not Modified: median {median:.0f} ms, p95 {p95:.0f} ms")
    server.stop()
    database.dispose()


def main() -> None:
    run_on_both(__doc__.splitlines()[0], run)


if __name__ == "__main__":
    main()
