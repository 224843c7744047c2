"""Which starts a waiting client could have now (docs/clients.md, Waitlist: matching).

A start fits an open entry when the engine finds it available (the same `Schedule` a booking
re-checks with: hours, blocks, notice, cap, buffers, holds, rooms; no override), it is the
entry's service with its therapist (or any active therapist), on one of its weekdays, the whole
session inside its time of day and date range, the client has no session of their own then, and
a limited therapist has seen the client before.

Matching runs where something freed time (after the change commits, in that process) and in
the jobs leader's sweep, never in every desk; desks read what it stored (`current_offers`),
re-checked for the few starts shown. An entry keeps its `MATCHES_KEPT` earliest starts: the
inbox offers the earliest, and a handful behind it covers one taken meanwhile without a table
of every free start of a quiet clinic.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, bindparam, delete, select
from sqlalchemy.orm import Session

from app.booking.loader import (
    LONGEST_SESSION,
    Clinic,
    ServiceRow,
    TherapistRow,
    known_zone,
    load_clinic,
    load_schedules,
    service_needs,
)
from app.scheduling import Schedule, SlotStatus
from app.scheduling.intervals import IntervalIndex, seconds
from app.timezones import day_start_utc
from app.waitlist.lines import WaitlistLine, read_lines
from app.waitlist.rules import Wish
from db import statements
from db.engine import Database
from db.enums import SessionStatus, TherapistStatus
from db.models import TherapySession, WaitlistEntry, WaitlistMatch
from db.sql import epoch_seconds

log = logging.getLogger(__name__)

MATCHES_KEPT = 3  # per entry: its earliest fitting starts
CHUNK_DAYS = 28  # days loaded at once; a sweep stops loading once every entry has its matches
DAY = timedelta(days=1)


@dataclass(frozen=True)
class WaitlistOffer:
    entry: WaitlistLine
    therapist_id: int
    therapist_key: str
    therapist_name: str
    start: datetime  # aware, clinic zone; available now for this client


@dataclass(frozen=True, slots=True)
class _Entry:
    """An open entry as matching reads it."""

    id: int
    client_id: int
    service_id: int
    therapist_id: int | None
    wish: Wish


class _Slot:
    """An available start with what an entry compares it with, worked out once per day."""

    __slots__ = ("end", "first_minute", "last_minute", "start", "starts_at")

    def __init__(self, starts_at: datetime, length: timedelta, schedule: Schedule) -> None:
        local_start = starts_at.astimezone(schedule.zone)
        local_end = (starts_at + length).astimezone(schedule.zone)
        self.starts_at = starts_at
        self.start, self.end = seconds(starts_at), seconds(starts_at + length)
        self.first_minute = local_start.hour * 60 + local_start.minute
        self.last_minute = (
            (local_end.date() - local_start.date()).days * 1440
            + local_end.hour * 60
            + local_end.minute
        )


# Open entries' clients, for the two client-side queries (no list of ids sent).
_WAITING = select(WaitlistEntry.client_id).where(WaitlistEntry.closed_at.is_(None))
_CLIENT_SESSIONS = (
    select(
        TherapySession.client_id,
        epoch_seconds(TherapySession.starts_at),
        epoch_seconds(TherapySession.ends_at),
    )
    .where(
        TherapySession.client_id.in_(_WAITING),
        TherapySession.status != SessionStatus.CANCELLED,
        TherapySession.starts_at >= bindparam("scan_start"),
        TherapySession.starts_at < bindparam("scan_end"),
    )
    .order_by(TherapySession.client_id, TherapySession.starts_at)
)
_SEEN = (
    select(TherapySession.client_id, TherapySession.therapist_id)
    .where(
        TherapySession.client_id.in_(_WAITING),
        TherapySession.therapist_id.in_(bindparam("therapists", expanding=True)),
        TherapySession.status != SessionStatus.CANCELLED,
    )
    .distinct()
)


class _Openings:
    """Over one loaded range of days: the starts the engine finds available, and whether a
    waiting client may take one (free then; a limited therapist knows them)."""

    def __init__(
        self,
        session: Session,
        clinic: Clinic,
        therapists: Sequence[TherapistRow],
        first_day: date,
        last_day: date,
        now: datetime,
        seen: set[tuple[int, int]],
    ) -> None:
        self.schedules = load_schedules(session, clinic, therapists, first_day, last_day, now)
        self.therapists = {t.id: t for t in therapists}
        self.seen = seen
        range_start = day_start_utc(first_day, clinic.zone)
        range_end = day_start_utc(last_day + DAY, clinic.zone) + LONGEST_SESSION
        rows = session.execute(
            _CLIENT_SESSIONS,
            {"scan_start": range_start - LONGEST_SESSION, "scan_end": range_end},
        ).all()
        by_client: dict[int, list[tuple[int, int, object, bool]]] = defaultdict(list)
        for client_id, start, end in rows:
            by_client[client_id].append((start, end, None, True))
        self.client_busy = {c: IntervalIndex(spans) for c, spans in by_client.items()}
        self._slots: dict[tuple[int, date, int], list[_Slot]] = {}

    def slots(self, therapist_id: int, day: date, service: ServiceRow) -> list[_Slot]:
        key = (therapist_id, day, service.id)
        found = self._slots.get(key)
        if found is None:
            schedule = self.schedules[therapist_id]
            length = timedelta(minutes=service.duration_minutes)
            found = [
                _Slot(slot.start, length, schedule)
                for slot in schedule.day_slots(day, service_needs(service)).slots
                if slot.status == SlotStatus.AVAILABLE
            ]
            self._slots[key] = found
        return found

    def takes(self, therapist: TherapistRow, client_id: int) -> bool:
        """A limited therapist takes no new clients (app.booking.new_clients)."""
        return therapist.status != TherapistStatus.LIMITED or (
            (client_id, therapist.id) in self.seen
        )

    def client_free(self, client_id: int, start: int, end: int) -> bool:
        busy = self.client_busy.get(client_id)
        return busy is None or busy.first_overlap(start, end) is None

    def fitting(
        self, entry: _Entry, therapist: TherapistRow, day: date, service: ServiceRow
    ) -> Iterator[datetime]:
        """The entry's starts with this therapist on this day, in time order."""
        if not self.takes(therapist, entry.client_id):
            return
        wish = entry.wish
        for slot in self.slots(therapist.id, day, service):
            if wish.earliest_minute is not None and wish.latest_minute is not None:
                if slot.first_minute < wish.earliest_minute:
                    continue
                if slot.last_minute > wish.latest_minute:
                    break  # later starts end later still
            if self.client_free(entry.client_id, slot.start, slot.end):
                yield slot.starts_at

    def still_open(
        self, entry: _Entry, therapist: TherapistRow, start: datetime, service: ServiceRow
    ) -> bool:
        """A stored start re-checked now, by the rule a booking applies to any start."""
        schedule = self.schedules.get(therapist.id)
        if schedule is None or not self.takes(therapist, entry.client_id):
            return False
        needs = service_needs(service)
        if schedule.check(start, needs).status != SlotStatus.AVAILABLE:
            return False
        length = timedelta(minutes=service.duration_minutes)
        if not entry.wish.fits(
            start.astimezone(schedule.zone), (start + length).astimezone(schedule.zone)
        ):
            return False
        return self.client_free(entry.client_id, seconds(start), seconds(start + length))


_OPEN_ENTRIES = select(
    WaitlistEntry.id,
    WaitlistEntry.client_id,
    WaitlistEntry.service_id,
    WaitlistEntry.therapist_id,
    WaitlistEntry.weekdays,
    WaitlistEntry.earliest_minute,
    WaitlistEntry.latest_minute,
    WaitlistEntry.from_date,
    WaitlistEntry.to_date,
).where(WaitlistEntry.closed_at.is_(None))


def _open_entries(
    session: Session, first: date, last: date | None, entry_ids: Collection[int] | None
) -> list[_Entry]:
    query = _OPEN_ENTRIES.where(WaitlistEntry.to_date >= first)
    if last is not None:
        query = query.where(WaitlistEntry.from_date <= last)
    if entry_ids is not None:
        query = query.where(WaitlistEntry.id.in_(list(entry_ids)))
    return [
        _Entry(row[0], row[1], row[2], row[3], Wish(*row[4:]))
        for row in session.execute(query.order_by(WaitlistEntry.id))
    ]


_Key = tuple[int, datetime]  # (therapist id, start)


def _stored(session: Session, where: ColumnElement[bool]) -> dict[int, dict[_Key, int]]:
    """Stored matches of open entries: entry → (therapist, start) → match id."""
    rows = session.execute(
        select(
            WaitlistMatch.entry_id,
            WaitlistMatch.therapist_id,
            WaitlistMatch.starts_at,
            WaitlistMatch.id,
        )
        .join(WaitlistEntry, WaitlistEntry.id == WaitlistMatch.entry_id)
        .where(WaitlistEntry.closed_at.is_(None), where)
    )
    stored: dict[int, dict[_Key, int]] = defaultdict(dict)
    for entry_id, therapist_id, starts_at, match_id in rows:
        stored[entry_id][(therapist_id, starts_at)] = match_id
    return stored


def _seen(session: Session, therapists: Iterable[TherapistRow]) -> set[tuple[int, int]]:
    """(client, therapist) for the limited therapists and the clients who wait: the pairs
    where the therapist has taken the client on."""
    limited = [t.id for t in therapists if t.status == TherapistStatus.LIMITED]
    if not limited:
        return set()
    return {(c, t) for c, t in session.execute(_SEEN, {"therapists": limited})}


def match_freed(
    database: Database,
    now: datetime,
    *,
    days: Iterable[date] | None = None,
    therapist_ids: Iterable[int] | None = None,
) -> int:
    """Look again at `days` (None: every day of every open entry, as far ahead as each
    therapist books) for `therapist_ids` (None: every active therapist): file the starts
    that now fit open entries, drop the stored ones of those days and therapists that no
    longer do. Returns how many matches are new."""
    return match_entries(
        database,
        now,
        days=None if days is None else set(days),
        therapist_ids=None if therapist_ids is None else set(therapist_ids),
    )


def match_entries(
    database: Database,
    now: datetime,
    *,
    days: set[date] | None = None,
    therapist_ids: set[int] | None = None,
    entry_ids: Collection[int] | None = None,
) -> int:
    """`match_freed`, optionally for some entries only (one just added)."""
    if days is not None and not days:
        return 0
    with database.read() as session:
        zone = known_zone(session)
        today = now.astimezone(zone).date()
        first = max(today, min(days)) if days else today
        entries = _open_entries(session, first, max(days) if days else None, entry_ids)
        if not entries:
            return 0
        clinic = load_clinic(session)
        setup = clinic.setup
        active = [t for t in setup.therapists.values() if t.active]
        by_id = {t.id: t for t in active}
        chosen = [t for t in active if therapist_ids is None or t.id in therapist_ids]
        services = {s.id: s for s in setup.services.values() if s.active}
        horizon = {
            t.id: (now + timedelta(days=t.max_advance_days)).astimezone(zone).date() for t in active
        }
        stored = _stored(
            session,
            WaitlistEntry.to_date >= first
            if entry_ids is None
            else WaitlistEntry.id.in_(list(entry_ids)),
        )

        def in_scope(key: _Key) -> bool:
            therapist_id, starts_at = key
            if starts_at <= now or therapist_id not in by_id:
                return True  # past, or the therapist left: goes whatever was asked
            return (therapist_ids is None or therapist_id in therapist_ids) and (
                days is None or starts_at.astimezone(zone).date() in days
            )

        plans = []
        for entry in entries:
            service = services.get(entry.service_id)
            if entry.therapist_id is None:
                candidates = chosen
            else:
                candidates = [t for t in chosen if t.id == entry.therapist_id]
            kept = sorted(key for key in stored.get(entry.id, {}) if not in_scope(key))
            last = min(entry.wish.to_date, max((horizon[t.id] for t in candidates), default=today))
            plan = _Plan(entry, service, candidates if service else [], kept, first, last, days)
            plans.append(plan)
        seen = _seen(session, chosen)
        _find(session, clinic, plans, now, seen)
    new = []
    gone = []
    for plan in plans:
        keep = set(plan.best())
        had = stored.get(plan.entry.id, {})
        new += [
            {"entry_id": plan.entry.id, "therapist_id": t, "starts_at": s, "found_at": now}
            for t, s in keep - had.keys()
        ]
        gone += [match_id for key, match_id in had.items() if key not in keep]
    if not new and not gone:
        return 0  # nothing written: no change signalled to every desk
    with database.write() as session:
        if gone:
            session.execute(delete(WaitlistMatch).where(WaitlistMatch.id.in_(gone)))
        return statements.insert_waitlist_matches_once(session.connection(), new)


class _Plan:
    """One entry's search: the days to look at, the matches it keeps from outside them,
    and the earliest starts found."""

    def __init__(
        self,
        entry: _Entry,
        service: ServiceRow | None,
        therapists: list[TherapistRow],
        kept: list[_Key],
        first: date,
        last: date,
        days: set[date] | None,
    ) -> None:
        self.entry, self.service, self.therapists, self.kept = entry, service, therapists, kept
        first = max(first, entry.wish.from_date)
        if days is not None:
            wanted = sorted(d for d in days if first <= d <= last)
        else:
            wanted = [first + DAY * i for i in range(max(0, (last - first).days + 1))]
        self.days = [d for d in wanted if entry.wish.takes_day(d)] if therapists else []
        self.found: list[_Key] = []
        # Starts after the last one kept cannot make the entry's earliest few.
        self.until = kept[MATCHES_KEPT - 1][1] if len(kept) >= MATCHES_KEPT else None
        self.position = 0

    def done(self) -> bool:
        return self.position >= len(self.days) or len(self.found) >= MATCHES_KEPT

    def best(self) -> list[_Key]:
        return sorted(self.kept + self.found, key=lambda key: (key[1], key[0]))[:MATCHES_KEPT]


def _find(
    session: Session,
    clinic: Clinic,
    plans: list[_Plan],
    now: datetime,
    seen: set[tuple[int, int]],
) -> None:
    """Search the plans' days in order, loading the engine once per chunk of days for the
    therapists still needed, until each plan has its earliest starts."""
    zone = clinic.zone
    while True:
        waiting = [p for p in plans if not p.done()]
        if not waiting:
            return
        first = min(p.days[p.position] for p in waiting)
        limit = first + timedelta(days=CHUNK_DAYS - 1)
        # the last day some plan needs within the chunk: a freed day loads that day alone
        last = max(
            p.days[bisect_right(p.days, limit) - 1] for p in waiting if p.days[p.position] <= limit
        )
        needed = {t.id: t for p in waiting for t in p.therapists}
        openings = _Openings(session, clinic, list(needed.values()), first, last, now, seen)
        for plan in waiting:
            assert plan.service is not None  # plans without a service have no days
            while not plan.done() and plan.days[plan.position] <= last:
                day = plan.days[plan.position]
                if plan.until is not None and day_start_utc(day, zone) > plan.until:
                    plan.position = len(plan.days)
                    break
                for therapist in plan.therapists:
                    plan.found += [
                        (therapist.id, start)
                        for start in openings.fitting(plan.entry, therapist, day, plan.service)
                    ]
                plan.position += 1


def current_offers(database: Database, now: datetime) -> list[WaitlistOffer]:
    """One offer per open entry that has one: its earliest stored start still available now
    for that client (re-checked with the engine, so an inbox never offers a start someone
    just took), longest-waiting entries first."""
    with database.read() as session:
        stored = _stored(session, WaitlistMatch.starts_at > now)
        if not stored:
            return []
        clinic = load_clinic(session)
        setup = clinic.setup
        zone = clinic.zone
        lines = {line.id: line for line in read_lines(session)}
        therapists = {t.id: t for t in setup.therapists.values() if t.active}
        services = {s.id: s for s in setup.services.values() if s.active}
        queue = {
            entry_id: sorted((s, t) for (t, s) in keys if t in therapists)
            for entry_id, keys in stored.items()
            if entry_id in lines and lines[entry_id].service_id in services
        }
        seen = _seen(session, therapists.values())
        found: dict[int, tuple[int, datetime]] = {}
        while queue:
            heads = {entry_id: starts[0] for entry_id, starts in queue.items() if starts}
            if not heads:
                break
            local_days = [s.astimezone(zone).date() for s, _t in heads.values()]
            involved = [therapists[t] for t in {t for _s, t in heads.values()}]
            openings = _Openings(
                session, clinic, involved, min(local_days), max(local_days), now, seen
            )
            for entry_id, (start, therapist_id) in heads.items():
                line = lines[entry_id]
                entry = _Entry(
                    line.id, line.client_id, line.service_id, line.therapist_id, line.wish
                )
                service = services[line.service_id]
                if openings.still_open(entry, therapists[therapist_id], start, service):
                    found[entry_id] = (therapist_id, start)
                    del queue[entry_id]
                else:
                    queue[entry_id].pop(0)
            queue = {entry_id: starts for entry_id, starts in queue.items() if starts}
    offers = []
    for entry_id, line in lines.items():  # longest waiting first
        if entry_id in found:
            therapist_id, start = found[entry_id]
            therapist = therapists[therapist_id]
            offers.append(
                WaitlistOffer(
                    line, therapist.id, therapist.key, therapist.name, start.astimezone(zone)
                )
            )
    return offers


def match_after_change(database: Database, now: datetime, days: Iterable[date] | None) -> None:
    """What a change that freed time (a cancellation, a move, a setup save) runs once it has
    committed, in its own process. Matching failing must not fail the change: it is logged,
    and the jobs leader's sweep finds the starts a few minutes later."""
    try:
        match_freed(database, now, days=days)
    except Exception:
        log.exception("waitlist matching after a change failed; the jobs' sweep catches up")
