"""The commands that run until stopped: `sync run`, `jobs run` and `feeds serve`.

Each freezes what start-up built (`freeze_startup_objects`) just before its loop, so the
garbage collector's full passes do not walk it again on every request.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, NoReturn

from app.cli.common import EXIT_OK

if TYPE_CHECKING:
    from app.clock import DatabaseClock
    from app.config import AppConfig
    from db.engine import Database
    from sync.feeds import FeedServer
    from sync.worker import OutboxWorker

log = logging.getLogger("frontdesk.cli")


def measured_clock(database: Database) -> DatabaseClock:
    """The process's clock (docs/architecture.md, "One clock"), measured before the first
    decision and then kept measured; if the server cannot be read yet, the clock thread
    tries again shortly."""
    from app.clock import shared_clock

    clock = shared_clock(database)
    try:
        clock.measure()
    except Exception:
        log.warning("could not read the database server's clock", exc_info=True)
    clock.keep_measuring()
    return clock


def deliver_until_stopped(
    worker: OutboxWorker, database: Database, gives_up_on: type[Exception]
) -> NoReturn:
    """A pass every few seconds; a failed pass (database or network away) is logged and
    tried again, except `gives_up_on` (settings that cannot work), which ends the loop."""
    from app.outbox import DELIVERY_INTERVAL_SECONDS
    from app.startup import freeze_startup_objects

    clock = measured_clock(database)
    print(f"delivering every {DELIVERY_INTERVAL_SECONDS} s (Ctrl+C stops)")
    freeze_startup_objects()
    while True:
        try:
            report = worker(database, clock.now())
            log.info("outbox pass: %s", report.describe().replace("\n", "; "))
        except gives_up_on:
            raise
        except Exception:  # the database or network away: try again next time
            log.exception("outbox pass failed")
        time.sleep(DELIVERY_INTERVAL_SECONDS)


def lead_jobs_until_stopped(
    config: AppConfig,
    database: Database,
    also_every: list[tuple[Callable[[Database, datetime], object], float]],
) -> int:
    """Stand by until this process leads the database's jobs, then run them (and
    `also_every`) until Ctrl+C."""
    from app.jobs import JobRunner
    from app.startup import freeze_startup_objects

    def announce() -> None:
        print("leading: this process runs the jobs", flush=True)

    clock = measured_clock(database)
    runner = JobRunner(
        config, database, clock=clock.now, on_leadership=announce, also_every=also_every
    )
    print("standing by until no other process runs the jobs (Ctrl+C stops)", flush=True)
    runner.start()
    freeze_startup_objects()
    try:
        threading.Event().wait()
    finally:
        runner.stop()
        clock.stop()
    return EXIT_OK


def serve_feeds_until_stopped(server: FeedServer) -> int:
    from app.startup import freeze_startup_objects

    clock = measured_clock(server.database)  # the server's own clock, unless a test fixed one
    print(f"serving calendar feeds at {server.url('/feeds/<token>.ics')} (Ctrl+C stops)")
    sys.stdout.flush()
    freeze_startup_objects()
    try:
        server.serve_forever()
    finally:
        server.stop()
        clock.stop()
    return EXIT_OK
