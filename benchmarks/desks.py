"""A working day in miniature: many front desks on one database at once (issue 16, part 6).

On SQLite (a temporary file, 4 desks) and PostgreSQL (a new database at --pg-host, 12
desks), with the demo clinic grown to 12 therapists and 10 rooms (its three months of
sessions around today), for --seconds (default 300):

- N desk processes (`benchmarks/desk_day.py`), each working through a receptionist's mix
  with think times: open weeks and days, hold a start while on the phone (0.5–3 s) then
  book it or let it go, book, move, cancel, mark arrived/completed or confirm; each runs a
  `ChangeFollower` and notes when it hears every change;
- one `frontdesk jobs run` leader, one `frontdesk sync run` delivering to a local SMTP
  server (aiosmtpd), and `frontdesk feeds serve` polled by a client every few seconds.

It prints per operation count/p50/p95 (refused attempts included) and refusals by reason;
the change latency, commit at one desk → heard at each other desk, p50/p95/max; the feed
poll's answers; the invariants checked in SQL after a final `sync run --once` (no
therapist, room or client overlap; references gapless per year; receipts once payments
exist; nothing stuck in the outbox; every write heard by every other desk; no unexpected
error at a desk); and each process's memory at the start and the end. It exits 1 when an
invariant breaks. Several processes on a machine with few cores: the latencies include
waiting for a CPU.

    .venv/bin/python benchmarks/desks.py [--seconds 300] [--desks N]
        [--sqlite-only | --postgres-only] [--pg-host 127.0.0.1]
"""

from __future__ import annotations

import argparse
import copy
import http.client
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from aiosmtpd.controller import Controller
from bench_databases import postgres_database, sqlite_database
from desk_checks import Check, invariant_checks, match_changes, percentile
from desk_day import DeskReport, rss_kib, run_desk

from app.clinic_file import import_clinic
from app.clock import shared_clock
from app.demo import build_demo_clinic
from app.feeds import FeedScope, create_token
from db.engine import Database
from db.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
SECONDS_RANGE = (10, 3600)
DESKS_RANGE = (2, 32)
DEFAULT_DESKS = {"SQLite": 4, "PostgreSQL": 12}
EXTRA_THERAPISTS = 4  # the demo's 8 → 12
EXTRA_ROOMS = 4  # the demo's 6 → 10
FEED_POLL_SECONDS = 3.0
READY_TIMEOUT_SECONDS = 180


# -- the clinic ---------------------------------------------------------------------------


def build_clinic(database: Database, now: datetime) -> dict[str, int]:
    """The demo clinic around `now`, with four more rooms and four more therapists (copies
    of the first four's hours, blocks and days off, no sessions yet); returns its size."""
    document = build_demo_clinic(seed=7, now=now)
    for number in range(1, EXTRA_ROOMS + 1):
        document["rooms"].append(
            {"key": f"r30{number}", "name": f"Room 30{number}", "capacity": 2,
             "features": [], "active": True}
        )  # fmt: skip
    for number in range(1, EXTRA_THERAPISTS + 1):
        therapist = copy.deepcopy(document["therapists"][number - 1])
        therapist.update(
            key=f"extra{number}",
            name=f"Extra Therapist {number}",
            email=f"extra{number}@riverside-therapy.example",
            preferred_room=f"r30{number}",
        )
        document["therapists"].append(therapist)
    import_clinic(database, document, actor="bench", demo=True)
    return {key: len(document[key]) for key in ("therapists", "rooms", "clients", "sessions")}


# -- the services around the desks --------------------------------------------------------


class CountingInbox:
    """An SMTP handler that accepts every message and keeps only how many arrived."""

    def __init__(self) -> None:
        self.messages = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages += 1
        return "250 Message accepted"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Command:
    """A `frontdesk` command running as its own process, its output in a file."""

    def __init__(self, name: str, arguments: list[str], environment: dict[str, str],
                 folder: Path) -> None:  # fmt: skip
        self.name = name
        self.output = folder / f"{name.replace(' ', '-')}.log"
        with self.output.open("wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.cli", *arguments],
                stdout=output,
                stderr=subprocess.STDOUT,
                env=environment,
            )
        self.rss_start_kib = self.rss_end_kib = 0

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """The first line of its output containing `text` (it says it is running)."""
        limit = time.time() + timeout
        while time.time() < limit:
            for line in self.output.read_text(errors="replace").splitlines():
                if text in line:
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start:\n{self.tail()}")

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.output.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Ctrl+C, as an operator stops it; killed if it does not end within 20 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class FeedPoller:
    """A calendar client: GET the feed every few seconds with the ETag it last saw."""

    url: str
    statuses: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        parts = urlsplit(self.url)
        etag = None
        while not self.stopping.wait(FEED_POLL_SECONDS):
            began = time.time()
            connection = http.client.HTTPConnection(parts.netloc, timeout=30)
            try:
                connection.request(
                    "GET", parts.path, headers={"If-None-Match": etag} if etag else {}
                )
                response = connection.getresponse()
                response.read()
                etag = response.getheader("ETag") or etag
                self.statuses[str(response.status)] += 1
            except OSError as error:
                self.statuses[type(error).__name__] += 1
            finally:
                connection.close()
            self.latencies_ms.append((time.time() - began) * 1000)


# -- the day ------------------------------------------------------------------------------


@dataclass
class DayResult:
    label: str
    desks: int
    seconds: int
    clinic: dict[str, int]
    reports: list[DeskReport]
    commands: list[Command]
    feeds: FeedPoller
    emails: int
    checks: list[Check]


def gather(answers: Any, desks: list[Any], timeout: float, what: str) -> list[Any]:
    """One answer from each desk; a desk that died or is too slow ends the run, named."""
    received: list[Any] = []
    limit = time.time() + timeout
    while len(received) < len(desks):
        try:
            received.append(answers.get(timeout=1))
        except queue.Empty:
            dead = [d.name for d in desks if d.exitcode not in (None, 0)]
            if dead or time.time() > limit:
                late = ", ".join(dead) or f"{len(desks) - len(received)} desks"
                raise RuntimeError(f"{late} did not {what}") from None
    return received


def run_desks(url: str, count: int, seconds: int) -> list[DeskReport]:
    """Start the desks, wait until each follows changes and shows its first week, then let
    them all work until the same deadline."""
    context = multiprocessing.get_context("spawn")
    ready: Any = context.Queue()
    results: Any = context.Queue()
    go = context.Event()
    deadline = context.Value("d", 0.0)
    desks = [
        context.Process(target=run_desk, args=(url, i, 1000 + i, ready, go, deadline, results))
        for i in range(1, count + 1)
    ]
    for desk in desks:
        desk.start()
    try:
        gather(ready, desks, READY_TIMEOUT_SECONDS, "follow changes and show a first week")
        deadline.value = time.time() + seconds
        go.set()
        reports: list[DeskReport] = gather(results, desks, seconds + 300, "report")
    finally:
        for desk in desks:
            desk.join(30)
            if desk.is_alive():
                desk.kill()
    return sorted(reports, key=lambda r: r.desk)


def run_day(label: str, url: str, desks: int, seconds: int) -> DayResult:
    database = Database(url)
    upgrade(database)
    clock = shared_clock(database)  # the server's clock, as the services' and the desks'
    clock.measure()
    clinic = build_clinic(database, clock.now())
    feed_path = create_token(database, FeedScope("clinic"), actor="bench").path
    inbox = CountingInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    commands: list[Command] = []
    with tempfile.TemporaryDirectory() as folder:
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
            "PYTHONUNBUFFERED": "1",
            "FRONTDESK_DATABASE_URL": url,
            "FRONTDESK_DATA_DIR": str(Path(folder) / "data"),
            "FRONTDESK_LOG_DIR": str(Path(folder) / "logs"),
            "FRONTDESK_SMTP_HOST": "127.0.0.1",
            "FRONTDESK_SMTP_PORT": str(smtp.port),
            "FRONTDESK_SMTP_SECURITY": "none",
            "FRONTDESK_SMTP_FROM": "desk@riverside-therapy.example",
        }

        def command(name: str, *arguments: str) -> Command:
            commands.append(Command(name, list(arguments), environment, Path(folder)))
            return commands[-1]

        try:
            command("jobs run", "jobs", "run").wait_for("leading")
            command("sync run", "sync", "run").wait_for("delivering")
            serving = command("feeds serve", "feeds", "serve", "--port", "0").wait_for("serving")
            base = serving.split(" at ")[1].split("/feeds/")[0]
            feeds = FeedPoller(base + feed_path)
            for each in commands:
                each.rss_start_kib = rss_kib(each.process.pid)
            polling = threading.Thread(target=feeds.run, daemon=True)
            polling.start()
            reports = run_desks(url, desks, seconds)
            feeds.stopping.set()
            polling.join()
            for each in commands:
                each.rss_end_kib = rss_kib(each.process.pid)
        finally:
            for each in commands:
                each.stop()
        final_pass_at = clock.now()
        final = subprocess.run(
            [sys.executable, "-m", "app.cli", "sync", "run", "--once"],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if final.returncode != 0:
            print(f"final sync run --once exited {final.returncode}:\n{final.stdout}{final.stderr}")
    smtp.stop()
    checks = invariant_checks(database, final_pass_at)
    database.dispose()
    return DayResult(label, desks, seconds, clinic, reports, commands, feeds, inbox.messages,
                     checks)  # fmt: skip


# -- the figures --------------------------------------------------------------------------


def desk_checks(reports: list[DeskReport], unheard: int) -> list[Check]:
    errors = sum((r.errors for r in reports), Counter[str]())
    described = ", ".join(f"{what} ×{n}" for what, n in errors.most_common()) or "none"
    return [
        Check("every write heard at every other desk", "FAIL" if unheard else "PASS",
              f"{unheard} (write, desk) pairs never heard"),
        Check("no unexpected error at a desk", "FAIL" if errors else "PASS", described),
    ]  # fmt: skip


def print_day(day: DayResult) -> bool:
    """Print the day's figures; True when every invariant held."""
    reports = day.reports
    print(
        f"\n== {day.label}: {day.desks} desks for {day.seconds} s; clinic of "
        f"{day.clinic['therapists']} therapists, {day.clinic['rooms']} rooms, "
        f"{day.clinic['clients']} clients, {day.clinic['sessions']:,} sessions to start with"
    )
    latencies: dict[str, list[float]] = {}
    refusals: dict[str, Counter[str]] = {}
    idle: Counter[str] = Counter()
    for report in reports:
        for operation, values in report.latencies.items():
            latencies.setdefault(operation, []).extend(values)
        for operation, reasons in report.refusals.items():
            refusals.setdefault(operation, Counter()).update(reasons)
        idle.update(report.nothing_to_do)
    print(f"\n  {'operation':<11} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}  refused (by reason)")
    for operation in sorted(latencies, key=lambda o: -len(latencies[o])):
        values = latencies[operation]
        reasons = refusals.get(operation, Counter())
        refused = ", ".join(f"{r} {n}" for r, n in reasons.most_common()) or "-"
        print(
            f"  {operation:<11} {len(values):>6} {percentile(values, 0.5):>8.1f} "
            f"{percentile(values, 0.95):>8.1f}  {refused}"
        )
    every = sum(refusals.values(), Counter[str]())
    print(
        "  refusals by reason: " + (", ".join(f"{r} {n}" for r, n in every.most_common()) or "none")
    )
    if idle:
        print("  nothing to do (no free start or session in the view): "
              + ", ".join(f"{o} {n}" for o, n in idle.most_common()))  # fmt: skip

    writes = [w for r in reports for w in r.writes]
    changes = match_changes(
        writes,
        {r.desk: r.heard for r in reports},
        {r.desk: r.listening_until for r in reports},
    )
    values = changes.latencies_ms
    events = sum(len(r.heard) for r in reports) / len(reports)
    print(f"\n  {len(writes):,} writes by the desks; each desk heard {events:,.0f} change events")
    print(
        f"  change latency, commit at one desk → heard at each other desk: "
        f"p50 {percentile(values, 0.5):.0f} ms, p95 {percentile(values, 0.95):.0f} ms, "
        f"max {max(values, default=0):.0f} ms"
    )
    print(
        f"    over {len(values):,} (write, desk) pairs; {changes.unheard} never heard, "
        f"{changes.unjudged} too close to the end of the run to judge"
    )
    feeds = day.feeds
    answers = ", ".join(f"{status}: {n}" for status, n in sorted(feeds.statuses.items()))
    print(
        f"  feed polled every {FEED_POLL_SECONDS:.0f} s: {answers or 'no answer'}; "
        f"p50 {percentile(feeds.latencies_ms, 0.5):.0f} ms, "
        f"p95 {percentile(feeds.latencies_ms, 0.95):.0f} ms"
    )
    print(f"  emails received by the SMTP server: {day.emails}")

    checks = day.checks + desk_checks(reports, changes.unheard)
    print("\n  invariants")
    for check in checks:
        print(f"  {check.outcome:<4} {check.name}: {check.detail}")

    print(
        "\n  memory (VmRSS; desks: from their first week shown to the end; the commands: from"
        " saying they run)"
    )
    rows = [(f"desk {r.desk}", r.rss_start_kib, r.rss_end_kib) for r in reports]
    rows += [(c.name, c.rss_start_kib, c.rss_end_kib) for c in day.commands]
    for name, start, end in rows:
        growth = (end - start) / start * 100 if start else 0.0
        print(f"  {name:<12} {start / 1024:7.1f} → {end / 1024:7.1f} MiB  ({growth:+.1f}%)")
    return all(check.outcome != "FAIL" for check in checks)


def bounded(low: int, high: int) -> Any:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value

    return parse


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=bounded(*SECONDS_RANGE), default=300,
                        help="how long the desks work (10–3600; default 300)")  # fmt: skip
    parser.add_argument("--desks", type=bounded(*DESKS_RANGE),
                        help="desk processes (default 4 on SQLite, 12 on PostgreSQL)")  # fmt: skip
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true")
    only.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--pg-host", default="127.0.0.1")
    args = parser.parse_args()
    held = True
    if not args.postgres_only:
        with sqlite_database() as url:
            desks = args.desks or DEFAULT_DESKS["SQLite"]
            held &= print_day(run_day("SQLite", url, desks, args.seconds))
    if not args.sqlite_only:
        with postgres_database(args.pg_host) as url:
            desks = args.desks or DEFAULT_DESKS["PostgreSQL"]
            held &= print_day(run_day("PostgreSQL", url, desks, args.seconds))
    sys.exit(0 if held else 1)


if __name__ == "__main__":
    main()
