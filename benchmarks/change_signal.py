"""The change signal's cost and speed (docs/architecture.md, "Live changes").

1. Bulk insert: 20,000 sessions (10 therapists, hourly, in one transaction, as an import
   writes them: 20,000 statements) on a database without the signal (revision 0009) and
   with it (head); the best of 4 runs each.
2. One INSERT … SELECT of 100,000 sessions, the same way (best of 3).
3. Latency: a `frontdesk changes follow --json` process listens while this process commits
   50 small writes; the time from each commit to its line (p50, p95, max).

    .venv/bin/python benchmarks/change_signal.py [--sqlite-only] [--pg-host 127.0.0.1]
"""

from __future__ import annotations

import json
import queue
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_databases import run_on_both
from sqlalchemy import insert, text

from db.engine import Database
from db.migrate import upgrade
from db.models import Client, ClinicSettings, Service, Therapist, TherapySession

BEFORE_SIGNAL = "0009"
THERAPISTS, PER_THERAPIST, RUNS = 10, 2_000, 4
WRITES = 50


def _clinic(database: Database) -> None:
    with database.write() as session:
        session.add(ClinicSettings(id=1, name="Bench", timezone="America/New_York"))
        session.add(Service(id=1, key="s", name="S", duration_minutes=50, price_cents=0))
        session.execute(
            insert(Therapist),
            [{"id": t, "key": f"t{t}", "name": f"T {t}"} for t in range(1, THERAPISTS + 1)],
        )
        session.execute(
            insert(Client),
            [{"id": t, "key": f"c{t}", "name": f"C {t}"} for t in range(1, THERAPISTS + 1)],
        )


def _insert_seconds(database: Database, run: int) -> float:
    first = datetime(2030 + run, 1, 1, tzinfo=UTC)
    rows = [
        {
            "reference": f"BK-{2030 + run}-{t * PER_THERAPIST + n:06d}",
            "therapist_id": t,
            "client_id": t,
            "service_id": 1,
            "starts_at": first + timedelta(hours=n),
            "ends_at": first + timedelta(hours=n, minutes=50),
            "busy_from": first + timedelta(hours=n),
            "busy_until": first + timedelta(hours=n, minutes=50),
        }
        for t in range(1, THERAPISTS + 1)
        for n in range(PER_THERAPIST)
    ]
    began = time.perf_counter()
    with database.write() as session:
        session.execute(insert(TherapySession), rows)
    return time.perf_counter() - began


ONE_STATEMENT_ROWS = 100_000
_SERIES = {
    "postgresql": "SELECT g AS n, timestamptz '2040-01-01 00:00+00' + g * interval '1 hour' AS t"
    " FROM generate_series(1, :rows) AS g",
    "sqlite": "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < :rows)"
    " SELECT n, datetime('2040-01-01', '+' || n || ' hours') AS t FROM g",
}


def _one_statement_seconds(database: Database, run: int) -> float:
    """ONE_STATEMENT_ROWS sessions in one INSERT … SELECT (hand-made SQL, a migration)."""
    plus = "+ interval '50 minutes'" if database.dialect == "postgresql" else ""
    end = "t " + plus if plus else "datetime(t, '+50 minutes')"
    statement = (
        "INSERT INTO sessions (reference, therapist_id, client_id, service_id, starts_at,"
        " ends_at, busy_from, busy_until, calendar_uid, status, session_type, price_cents,"
        " late_cancellation, overridden, revision)"
        f" SELECT 'BK-{2040 + run}-' || substr('000000' || n, -6, 6), {run + 1}, {run + 1}, 1, t,"
        f" {end}, t, {end}, 'u{run}-' || n, 'scheduled', 'follow_up', 0,"
        f" false, false, 1 FROM ({_SERIES[database.dialect]}) AS series"
    )
    if database.dialect == "postgresql":
        statement = statement.replace("substr('000000' || n, -6, 6)", "lpad(n::text, 6, '0')")
    began = time.perf_counter()
    with database.write() as session:
        session.execute(text(statement), {"rows": ONE_STATEMENT_ROWS})
    return time.perf_counter() - began


def _bulk_insert(url: str, target: str) -> tuple[float, float]:
    database = Database(url)
    upgrade(database, target=target)
    _clinic(database)
    # the best run: the machine's other work only ever adds time
    seconds = min(_insert_seconds(database, run) for run in range(RUNS))
    one_statement = min(_one_statement_seconds(database, run) for run in range(3))
    if target != BEFORE_SIGNAL:
        with database.read() as session:
            rows = session.scalar(text("SELECT count(*) FROM desk_changes"))
        print(f"  change rows kept after {RUNS} runs: {rows:,}")
    database.dispose()
    return seconds, one_statement


def _reset(url: str) -> None:
    database = Database(url)
    if database.dialect == "sqlite":
        database.dispose()
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", ".writers"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    database.dispose()


def _latency(url: str) -> list[float]:
    database = Database(url)
    upgrade(database)
    _clinic(database)
    follower = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--db", url, "changes", "follow", "--json"],
        stdout=subprocess.PIPE,
        text=True,
    )
    heard: queue.Queue[tuple[float, dict[str, object]]] = queue.Queue()

    def read() -> None:
        assert follower.stdout is not None
        for line in follower.stdout:
            heard.put((time.time(), json.loads(line)))

    threading.Thread(target=read, daemon=True).start()
    assert heard.get(timeout=30)[1] == {"ready": True}
    latencies = []
    try:
        for n in range(WRITES):
            time.sleep(random.uniform(0.02, 0.12))  # not in step with SQLite's polls
            with database.write() as session:
                session.execute(
                    text("UPDATE clients SET name = :name WHERE id = 1"), {"name": f"C {n}"}
                )
            committed = time.time()
            received, line = heard.get(timeout=10)
            assert line["kinds"] == ["client"], line
            latencies.append(received - committed)
    finally:
        follower.terminate()
        follower.wait()
        database.dispose()
    return latencies


def run(label: str, url: str) -> None:
    before = _bulk_insert(url, BEFORE_SIGNAL)
    _reset(url)
    after = _bulk_insert(url, "head")
    rows = THERAPISTS * PER_THERAPIST
    for what, without, with_signal in (
        (f"{rows:,} single-row INSERTs in one transaction", before[0], after[0]),
        (f"one INSERT … SELECT of {ONE_STATEMENT_ROWS:,} sessions", before[1], after[1]),
    ):
        print(
            f"{label}: {what}: {without * 1000:.0f} ms without the signal,"
            f" {with_signal * 1000:.0f} ms with it ({(with_signal / without - 1) * 100:+.0f}%)"
        )
    _reset(url)
    latencies = sorted(_latency(url))
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    print(
        f"{label}: commit → `changes follow` line over {WRITES} writes: p50 {p50:.0f} ms,"
        f" p95 {p95:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    run_on_both(__doc__ or "", run)
