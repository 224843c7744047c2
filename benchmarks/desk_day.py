"""One front desk of `benchmarks/desks.py`: a process of its own working through a
receptionist's mix until a shared deadline, while its `ChangeFollower` listens.

It works as the window does: it opens a week or a day (`load_desk_calendar`), finds a free
start in what it loaded, and writes through the booking use cases; the week it works from
may be a few seconds old, so another desk may have taken the start (a refusal, counted by
reason, as the desk would show it). Times are `time.time()`: every process runs on this
machine, so one desk's commit and another's receipt compare directly.
"""

from __future__ import annotations

import random
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from multiprocessing.queues import Queue
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Event
from typing import TypeVar

from desk_checks import Heard, Write
from sqlalchemy import select

from app.booking import (
    BookingInputError,
    BookingRefusedError,
    BookingRequest,
    book,
    cancel,
    change_status,
    hold,
    release_hold,
    reschedule,
)
from app.clock import shared_clock
from app.desk_calendar import DeskCalendar, SessionCard, load_desk_calendar
from app.live_changes import Change, ChangeFollower
from app.scheduling.model import SlotStatus
from app.startup import freeze_startup_objects
from app.timezones import clinic_zone
from db.engine import Database
from db.enums import SessionStatus
from db.models import Client, ClinicSettings

# What a receptionist's day is made of (relative weights).
MIX = {
    "open_week": 20,
    "open_day": 15,
    "phone_hold": 20,
    "book": 15,
    "move": 12,
    "cancel": 6,
    "status": 12,
}
SERVICE_MIX = {"individual": 70, "intake": 15, "couples": 5, "family": 5, "play": 5}
THINK_SECONDS = (0.5, 2.5)  # between two operations
ON_THE_PHONE_SECONDS = (0.5, 3.0)  # a start held while the caller decides
BOOKS_AFTER_HOLD = 0.75  # the rest let the start go
VIEW_MAX_AGE_SECONDS = 15  # a week older than this is opened again before working from it
WEEKS_OPENED = (0, 0, 1, 1, 2, 3)  # this week and the next ones, the nearer the likelier
LISTEN_AFTER_DEADLINE_SECONDS = 5.0  # the last writes still reach every other desk

T = TypeVar("T")


def rss_kib(pid: int | str = "self") -> int:
    """A process's resident memory (VmRSS of /proc/<pid>/status), in KiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@dataclass
class DeskReport:
    """What one desk brings back to the parent (plain data, pickled over a queue)."""

    desk: int
    latencies: dict[str, list[float]] = field(default_factory=dict)  # operation → ms
    refusals: dict[str, Counter[str]] = field(default_factory=dict)  # operation → reason → n
    nothing_to_do: Counter[str] = field(default_factory=Counter)  # operation → n
    errors: Counter[str] = field(default_factory=Counter)  # "operation: Exception" → n
    writes: list[Write] = field(default_factory=list)
    heard: list[Heard] = field(default_factory=list)
    listening_until: float = 0.0
    rss_start_kib: int = 0
    rss_end_kib: int = 0


class Desk:
    def __init__(self, database: Database, index: int, seed: int) -> None:
        self.database = database
        self.index = index
        self.actor = f"desk{index}"
        self.rng = random.Random(seed)
        self.report = DeskReport(index)
        self.clock = shared_clock(database)
        with database.read() as session:
            self.clients = list(session.scalars(select(Client.key).order_by(Client.key)))
            self.zone = clinic_zone(session.scalars(select(ClinicSettings.timezone)).one())
        self.view: DeskCalendar | None = None
        self.view_opened = 0.0

    # -- recording ------------------------------------------------------------------

    def attempt(
        self,
        operation: str,
        action: Callable[[], T],
        kind: str | None = None,
        day: date | None = None,
    ) -> T | None:
        """Run and time one use case; a refusal is a normal outcome, counted by reason.
        A successful write is logged with its kind and day for the change latency."""
        began = time.time()
        try:
            result = action()
        except BookingRefusedError as refusal:
            self._timed(operation, began)
            self.report.refusals.setdefault(operation, Counter())[refusal.reason] += 1
            return None
        except BookingInputError:  # e.g. a session another desk replaced meanwhile
            self._timed(operation, began)
            self.report.refusals.setdefault(operation, Counter())["input"] += 1
            return None
        except Exception as error:  # a bug: counted and shown, the desk carries on
            self.report.errors[f"{operation}: {type(error).__name__}"] += 1
            traceback.print_exc(limit=3)
            return None
        committed = self._timed(operation, began)
        if kind is not None and day is not None:
            self.report.writes.append(Write(self.index, began, committed, kind, day.isoformat()))
        return result

    def _timed(self, operation: str, began: float) -> float:
        ended = time.time()
        self.report.latencies.setdefault(operation, []).append((ended - began) * 1000)
        return ended

    def hear(self, change: Change) -> None:
        """The follower's callback (on its thread): when, and what it said."""
        self.report.heard.append(
            Heard(
                time.time(),
                tuple(sorted(change.kinds)),
                tuple(sorted(d.isoformat() for d in change.days)),
                bool(change.missed),
            )
        )

    # -- what the desk looks at -----------------------------------------------------

    @property
    def now(self) -> datetime:
        """The desk's "now" for rules, as the window takes it (the database server's clock)."""
        return self.clock.now()

    def today(self) -> date:
        return self.now.astimezone(self.zone).date()

    def open_week(self, timed: bool = True) -> None:
        today = self.today()
        monday = today - timedelta(days=today.weekday())
        monday += timedelta(weeks=self.rng.choice(WEEKS_OPENED))
        self.open_range("open_week", monday, monday + timedelta(days=6), timed)

    def open_day(self, day: date | None = None) -> DeskCalendar | None:
        day = day or self.today() + timedelta(days=self.rng.randrange(0, 15))
        return self.open_range("open_day", day, day)

    def open_range(
        self, operation: str, first: date, last: date, timed: bool = True
    ) -> DeskCalendar | None:
        load = lambda: load_desk_calendar(self.database, first, last, self.now)  # noqa: E731
        view = self.attempt(operation, load) if timed else load()
        if view is not None:
            self.view, self.view_opened = view, time.time()
        return view

    def current_view(self) -> DeskCalendar | None:
        if self.view is None or time.time() - self.view_opened > VIEW_MAX_AGE_SECONDS:
            self.open_week()
        return self.view

    def free_start(self) -> tuple[str, str, datetime] | None:
        """A therapist, service and start the loaded view shows as available."""
        view = self.current_view()
        if view is None:
            return None
        service_key = self.rng.choices(list(SERVICE_MIX), weights=list(SERVICE_MIX.values()))[0]
        service = next(s for s in view.services.values() if s.key == service_key)
        today = self.today()
        days = [d for d in view.days if d >= today]
        therapists = [t for t in view.therapists if not t.on_leave]
        for _ in range(8):
            if not days or not therapists:
                return None
            therapist = self.rng.choice(therapists)
            slots = view.day_slots(therapist.id, service.id, self.rng.choice(days)).slots
            free = [s.start for s in slots if s.status == SlotStatus.AVAILABLE]
            if free:
                return therapist.key, service.key, self.rng.choice(free)
        return None

    def card(self, wanted: Callable[[SessionCard], bool]) -> SessionCard | None:
        view = self.current_view()
        cards = [c for c in view.sessions if wanted(c)] if view is not None else []
        return self.rng.choice(cards) if cards else None

    # -- the mix --------------------------------------------------------------------

    def work_until(self, deadline: float) -> None:
        operations = list(MIX)
        weights = list(MIX.values())
        while time.time() < deadline:
            operation = self.rng.choices(operations, weights=weights)[0]
            getattr(self, f"do_{operation}")(deadline)
            pause = self.rng.uniform(*THINK_SECONDS)
            time.sleep(max(0.0, min(pause, deadline - time.time())))

    def do_open_week(self, deadline: float) -> None:
        self.open_week()

    def do_open_day(self, deadline: float) -> None:
        self.open_day()

    def do_phone_hold(self, deadline: float) -> None:
        """Hold a start while the caller decides, then book it or let it go."""
        found = self.free_start()
        if found is None:
            self.report.nothing_to_do["phone_hold"] += 1
            return
        therapist, service, start = found
        client = self.rng.choice(self.clients)
        day = self.day_of(start)
        held = self.attempt(
            "hold",
            lambda: hold(
                self.database,
                therapist,
                service,
                start,
                actor=self.actor,
                now=self.now,
                client_key=client,
            ),
            "hold",
            day,
        )
        if held is None:
            return
        on_the_phone = self.rng.uniform(*ON_THE_PHONE_SECONDS)
        time.sleep(max(0.0, min(on_the_phone, deadline - time.time())))
        if self.rng.random() < BOOKS_AFTER_HOLD:
            request = BookingRequest(therapist=therapist, client=client, service=service,
                                     start=start, hold_id=held.hold_id)  # fmt: skip
            self.attempt(
                "book_held",
                lambda: book(self.database, request, actor=self.actor, now=self.now),
                "session",
                day,
            )
        else:
            self.attempt("release", lambda: release_hold(self.database, held.hold_id), "hold", day)

    def do_book(self, deadline: float) -> None:
        found = self.free_start()
        if found is None:
            self.report.nothing_to_do["book"] += 1
            return
        therapist, service, start = found
        request = BookingRequest(therapist=therapist, client=self.rng.choice(self.clients),
                                 service=service, start=start)  # fmt: skip
        self.attempt(
            "book",
            lambda: book(self.database, request, actor=self.actor, now=self.now),
            "session",
            self.day_of(start),
        )

    def do_move(self, deadline: float) -> None:
        """Drag a later session of the loaded week to another start its drag feedback
        shows as allowed (the same therapist, another day or time)."""
        soon = self.now + timedelta(hours=3)
        card = self.card(lambda c: c.movable and c.starts_at > soon)
        view = self.view
        if card is None or view is None:
            self.report.nothing_to_do["move"] += 1
            return
        days = [d for d in view.days if d >= self.today()]
        targets = [
            slot.start
            for day in days
            for slot in view.day_slots(card.therapist_id, card.service_id, day).slots
            if slot.status == SlotStatus.AVAILABLE and slot.start != card.starts_at
        ]
        passed_over = self.rng.sample(targets, min(20, len(targets)))  # as the drag goes
        allowed = [start for start in passed_over if view.check_move(card, start).allowed]
        if not allowed:
            self.report.nothing_to_do["move"] += 1
            return
        start = self.rng.choice(allowed)
        self.attempt(
            "move",
            lambda: reschedule(
                self.database, card.reference, start, actor=self.actor, now=self.now
            ),
            "session",
            self.day_of(start),
        )

    def do_cancel(self, deadline: float) -> None:
        card = self.card(lambda c: c.movable and c.starts_at > self.now)
        if card is None:
            self.report.nothing_to_do["cancel"] += 1
            return
        self.attempt(
            "cancel",
            lambda: cancel(
                self.database,
                card.reference,
                "the client called to cancel",
                actor=self.actor,
                now=self.now,
            ),
            "session",
            self.day_of(card.starts_at),
        )

    def do_status(self, deadline: float) -> None:
        """Today's day view: mark a client arrived or a session completed; with neither to
        do, confirm a scheduled session of the week (the reminder call)."""
        now = self.now
        today = self.open_day(self.today())
        sessions = today.sessions if today is not None else []
        started = (SessionStatus.SCHEDULED, SessionStatus.CONFIRMED)
        arrived = [c for c in sessions if c.status in started and c.starts_at <= now]
        finished = [c for c in sessions if c.status == SessionStatus.IN_PROGRESS]
        choices = [("arrived", c, SessionStatus.IN_PROGRESS) for c in arrived]
        choices += [("completed", c, SessionStatus.COMPLETED) for c in finished]
        if not choices:
            self.view = None  # the day view: work from a week again
            card = self.card(lambda c: c.status == SessionStatus.SCHEDULED and c.starts_at > now)
            if card is None:
                self.report.nothing_to_do["status"] += 1
                return
            choices = [("confirm", card, SessionStatus.CONFIRMED)]
        operation, card, status = self.rng.choice(choices)
        self.attempt(
            operation,
            lambda: change_status(
                self.database, card.reference, status, actor=self.actor, now=self.now
            ),
            "session",
            self.day_of(card.starts_at),
        )

    def day_of(self, moment: datetime) -> date:
        """The clinic date of `moment`, as change events name days."""
        return moment.astimezone(self.zone).date()


def run_desk(
    url: str,
    index: int,
    seed: int,
    ready: Queue[int],
    go: Event,
    deadline: Synchronized[float],
    results: Queue[DeskReport],
) -> None:
    """A desk process: follow changes, open a first week, say ready; at `go`, work until
    the deadline, then listen a few seconds more for the other desks' last writes."""
    database = Database(url)
    desk = Desk(database, index, seed)
    desk.clock.measure()  # as a desk starts: measured once, then kept measured
    desk.clock.keep_measuring()
    followed = threading.Event()
    follower = ChangeFollower(database, desk.hear, on_ready=followed.set)
    follower.start()
    if not followed.wait(60):
        raise RuntimeError(f"desk {index}: the change follower did not start listening")
    desk.open_week(timed=False)  # the window's first week, before the day starts
    freeze_startup_objects()  # as every desk process does once started (app.cli)
    ready.put(index)
    go.wait()
    desk.report.rss_start_kib = rss_kib()
    desk.work_until(deadline.value)
    time.sleep(max(0.0, deadline.value + LISTEN_AFTER_DEADLINE_SECONDS - time.time()))
    desk.report.rss_end_kib = rss_kib()
    desk.report.listening_until = time.time()
    follower.stop()
    desk.clock.stop()
    database.dispose()
    results.put(desk.report)
