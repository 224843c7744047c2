"""Background jobs (docs/architecture.md, "Background jobs"): each one idempotent, safe to
run again after a crash, and run by exactly one process per database (`db.leader`).

- hold expiry, every minute;
- reminders: at each of the clinic's offsets before a session, a reminder email is queued
  in the outbox (delivery is the sync worker's), once — the outbox's unique key makes a
  second run, or two runs at once, queue nothing twice;
- recurring sessions: their occurrences booked a few days ahead, on taking the lead and
  then daily (`app.booking.recurring`);
- the waitlist sweep, every 5 minutes: entries past their range expire, entries the client
  has since been booked for close, and every open entry is matched again (the matching at a
  change is the quick path; this catches what it missed);
- SQLite backup, once a day, keeping the clinic's retention.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from app.backups import BACKUP_PREFIX, back_up
from app.booking import expire_holds
from app.booking.recurring import generate_recurring
from app.clock import shared_clock
from app.config import AppConfig
from app.outbox import EffectKind, enqueue_effects
from app.waitlist import close_fulfilled, expire_entries, match_freed
from db.engine import Database, sqlite_path
from db.enums import SessionStatus
from db.leader import LeaderLock
from db.models import Client, ClinicSettings, Therapist, TherapySession

log = logging.getLogger(__name__)

STANDBY_SECONDS = 20  # a standby asks for leadership this often: takeover within a minute
GENERATION_RETRY_MINUTES = 5  # a failed generation of recurring sessions is tried again
GENERATION_RETRY_JOB = "recurring-generation-retry"
WAITLIST_SWEEP_MINUTES = 5


class JobOutcome(NamedTuple):
    job: str
    summary: str


def enqueue_reminders(database: Database, now: datetime) -> int:
    """Queue the reminders that are due at `now`; returns how many rows were new.

    A session gets the reminder of an offset once its start is that close, unless it was
    booked already inside that window (its confirmation has just said it all)."""
    with database.read() as session:
        offsets = session.scalar(select(ClinicSettings.reminder_offsets_minutes)) or []
    queued = 0
    for offset in sorted(set(offsets), reverse=True):
        window = timedelta(minutes=offset)
        query = (
            select(TherapySession, Client, Therapist)
            .join(Client, Client.id == TherapySession.client_id)
            .join(Therapist, Therapist.id == TherapySession.therapist_id)
            .where(
                TherapySession.status.in_([SessionStatus.SCHEDULED, SessionStatus.CONFIRMED]),
                TherapySession.starts_at > now,
                TherapySession.starts_at <= now + window,
                Client.email.is_not(None),
            )
        )
        with database.write() as session:
            for record, client, therapist in session.execute(query):
                if record.created_at > record.starts_at - window:
                    continue  # booked inside the window: its confirmation just said it all
                queued += len(enqueue_effects(
                    session, session_id=record.id, revision=record.revision,
                    kind=EffectKind.REMINDER, client=client, therapist=therapist, now=now,
                    reminder_offset=offset,
                ))  # fmt: skip
    return queued


def sweep_waitlist(database: Database, now: datetime) -> str:
    """Expire, close what was booked, then match every open entry again (in that order: no
    entry that is over is matched)."""
    expired = expire_entries(database, now)
    booked = close_fulfilled(database, now)
    found = match_freed(database, now)
    return f"{expired} expired, {booked} closed as booked, {found} new matches"


def backup_if_due(config: AppConfig, database: Database, now: datetime) -> Path | None:
    """Today's SQLite backup, unless one was already written today (PostgreSQL: none)."""
    if sqlite_path(database.url) is None:
        return None
    today = now.astimezone(UTC).strftime("%Y%m%d")
    if any(config.backup_dir.glob(f"{BACKUP_PREFIX}-{today}T*")):
        return None
    return back_up(config, database, now=now)


def run_due_jobs(
    config: AppConfig, database: Database, now: datetime, *, daily: bool = True
) -> list[JobOutcome]:
    """Every job once at `now` (`frontdesk jobs run-once`). The scheduler's minute ticks
    leave out the daily recurring generation and the waitlist sweep, which it runs on their
    own schedules."""
    outcomes = [
        JobOutcome("holds", f"{expire_holds(database, now)} lapsed holds removed"),
        JobOutcome("reminders", f"{enqueue_reminders(database, now)} reminders queued"),
    ]
    if daily:
        outcomes.append(JobOutcome("recurring", generate_recurring(database, now).describe()))
        outcomes.append(JobOutcome("waitlist", sweep_waitlist(database, now)))
    backup = backup_if_due(config, database, now)
    outcomes.append(JobOutcome("backup", f"written to {backup}" if backup else "none due"))
    return outcomes


class JobRunner:
    """Runs the jobs on APScheduler while this process leads; otherwise stands by and asks
    for leadership every `standby_seconds` (a leader that dies frees its lock at once)."""

    def __init__(
        self,
        config: AppConfig,
        database: Database,
        *,
        standby_seconds: float | None = None,
        clock: Callable[[], datetime] | None = None,
        on_leadership: Callable[[], None] | None = None,
        also_every: list[tuple[Callable[[Database, datetime], object], float]] | None = None,
    ) -> None:
        self.config = config
        self.database = database
        # Rules and stamps follow the database's clock; APScheduler's timing, this PC's.
        self.clock = clock or shared_clock(database).now
        self.standby_seconds = float(
            standby_seconds or config.get("jobs_standby_seconds") or STANDBY_SECONDS
        )
        self.on_leadership = on_leadership
        # More work for the leader only, e.g. the outbox worker every few seconds (handed in
        # by the command line, which may use sync; this module may not).
        self.also_every = also_every or []
        self.lock = LeaderLock(database)
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def leading(self) -> bool:
        return self.scheduler is not None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._stand_by, name="job-runner", daemon=True)
        self._thread.start()

    def _stand_by(self) -> None:
        while not self._stop.is_set():
            if self.lock.try_acquire():
                self._lead()
                return
            self._stop.wait(self.standby_seconds)

    def _lead(self) -> None:
        log.info("this process runs the background jobs")
        defaults = {"coalesce": True, "max_instances": 1}
        scheduler = BackgroundScheduler(timezone=UTC, job_defaults=defaults)
        scheduler.add_job(self._tick, "interval", minutes=1, next_run_time=datetime.now(UTC))
        # Once on taking the lead, then daily: every run is idempotent.
        scheduler.add_job(self._generate, "interval", hours=24, next_run_time=datetime.now(UTC))
        scheduler.add_job(self._guarded, "interval", minutes=WAITLIST_SWEEP_MINUTES,
                          args=[sweep_waitlist], next_run_time=datetime.now(UTC))  # fmt: skip
        for work, seconds in self.also_every:
            scheduler.add_job(self._guarded, "interval", seconds=seconds, args=[work],
                              next_run_time=datetime.now(UTC))  # fmt: skip
        self.scheduler = scheduler  # before it starts: a failed first run schedules its retry
        scheduler.start()
        if self.on_leadership:
            self.on_leadership()

    def _generate(self) -> None:
        try:
            failed = generate_recurring(self.database, self.clock()).errors  # logs a summary
        except Exception:
            log.exception("recurring generation failed")
            failed = 1
        if failed:
            # Not at the next daily run: a desk keeping the database busy for a few seconds
            # must not hold a series' sessions back for a day.
            self._generate_again_soon()

    def _generate_again_soon(self) -> None:
        scheduler = self.scheduler
        if scheduler is None:
            return
        retry_at = datetime.now(UTC) + timedelta(minutes=GENERATION_RETRY_MINUTES)
        scheduler.add_job(self._generate, "date", run_date=retry_at,
                          id=GENERATION_RETRY_JOB, replace_existing=True)  # fmt: skip
        log.info("recurring generation tries again in %d minutes", GENERATION_RETRY_MINUTES)

    def _tick(self) -> None:
        try:
            for outcome in run_due_jobs(self.config, self.database, self.clock(), daily=False):
                log.debug("job %s: %s", outcome.job, outcome.summary)
        except Exception:  # the next tick tries again; the log says why
            log.exception("a background job failed")

    def _guarded(self, work: Callable[[Database, datetime], object]) -> None:
        try:
            work(self.database, self.clock())
        except Exception:
            log.exception("background work failed; it runs again shortly")

    def stop(self) -> None:
        self._stop.set()
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        self.lock.release()
        if self._thread is not None:
            self._thread.join(5)
