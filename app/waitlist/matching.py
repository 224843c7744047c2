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

The search walks each entry's candidate starts in time order (every therapist it would take
merged), cheap tests first (its time of day, the client's own sessions), and asks the engine
only about a start that passes them, once per start whatever the number of entries; it stops
at the entry's few earliest. A freed day of a busy clinic thus costs a few hundred engine
checks, not every start of every therapist's day.
"""

from __future__ import annotations

import heapq
import logging
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

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
from app.scheduling import SlotStatus
from app.scheduling.intervals import IntervalIndex, instant, seconds
from app.timezones import day_start_utc
from app.waitlist.lines import WaitlistLine, read_lines
from app.waitlist.rules import ANY_WEEKDAY, Wish
from db import statements
from db.engine import Database
from db.enums import SessionStatus, TherapistStatus
from db.models import TherapySession, WaitlistEntry, WaitlistMatch
from db.sql import epoch_seconds

log = logging.getLogger(__name__)

MATCHES_KEPT = 3  # per entry: its earliest fitting starts
# Days loaded at once: a week first (an entry just added usually finds its starts there),
# then four; the search stops loading once every entry has its matches.
FIRST_CHUNK_DAYS, CHUNK_DAYS = 7, 28
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


class _Start(NamedTuple):
    """A candidate start of a therapist's day, with what an entry compares it with; in time
    order, then by therapist, when several therapists' days are merged."""

    start: int  # epoch seconds
    therapist_id: int
    end: int
    first_minute: int  # local wall minutes from the start of its day
    last_minute: int


_Key = tuple[int, int]  # a match: (therapist id, start in epoch seconds)

# Open entries' clients, for the two client-side queries (no list of ids sent).
_WAITING = select(WaitlistEntry.client_id).where(WaitlistEntry.closed_at.is_(None))
_CLIENT_SESSIONS = select(
    TherapySession.client_id,
    epoch_seconds(TherapySession.starts_at),
    epoch_seconds(TherapySession.ends_at),
).where(
    TherapySession.client_id.in_(_WAITING),
    TherapySession.status != SessionStatus.CANCELLED,
    TherapySession.starts_at >= bindparam("scan_start"),
    TherapySession.starts_at < bindparam("scan_end"),
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
    """Over one loaded range of days: each therapist's candidate starts, the engine's word
    on a start (asked once), and whether a waiting client may take one (free then; a limited
    therapist knows them)."""

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
        self.zone = clinic.zone
        self.schedules = load_schedules(session, clinic, therapists, first_day, last_day, now)
        self.seen = seen
        range_start = day_start_utc(first_day, clinic.zone)
        range_end = day_start_utc(last_day + DAY, clinic.zone) + LONGEST_SESSION
        rows = session.execute(
            _CLIENT_SESSIONS,
            {"scan_start": range_start - LONGEST_SESSION, "scan_end": range_end},
        ).all()
        self._client_rows: dict[int, list[tuple[int, int, object, bool]]] = defaultdict(list)
        for client_id, start, end in rows:
            self._client_rows[client_id].append((start, end, None, True))
        self._client_busy: dict[int, IntervalIndex[bool]] = {}
        self._starts: dict[tuple[int, date, int], list[_Start]] = {}
        self._merged: dict[tuple[tuple[int, ...], date, int], list[_Start]] = {}
        self._verdicts: dict[tuple[int, int, int], bool] = {}

    def starts(self, therapist_ids: tuple[int, ...], day: date, minutes: int) -> list[_Start]:
        """The therapists' candidate starts of the day for a session this long, merged."""
        key = (therapist_ids, day, minutes)
        merged = self._merged.get(key)
        if merged is None:
            merged = list(heapq.merge(*(self._own(t, day, minutes) for t in therapist_ids)))
            self._merged[key] = merged
        return merged

    def _own(self, therapist_id: int, day: date, minutes: int) -> list[_Start]:
        key = (therapist_id, day, minutes)
        found = self._starts.get(key)
        if found is None:
            schedule = self.schedules[therapist_id]
            length = minutes * 60
            midnight = schedule.day_start(day)
            if schedule.day_start(day + DAY) - midnight == 86_400:  # no DST change that day
                found = [
                    _Start(start, therapist_id, start + length, (start - midnight) // 60,
                           (start - midnight + length) // 60)
                    for start in schedule.candidate_starts(day, minutes)
                ]  # fmt: skip
            else:
                found = [
                    _candidate(therapist_id, start, length, day, self.zone)
                    for start in schedule.candidate_starts(day, minutes)
                ]
            self._starts[key] = found
        return found

    def available(self, therapist_id: int, day: date, start: int, service: ServiceRow) -> bool:
        """The engine's verdict on one of the day's starts, as the day's listing gives it
        (asked once)."""
        key = (therapist_id, service.id, start)
        verdict = self._verdicts.get(key)
        if verdict is None:
            schedule = self.schedules[therapist_id]
            status = schedule.slot_status(day, start, service_needs(service))
            verdict = self._verdicts[key] = status == SlotStatus.AVAILABLE
        return verdict

    def takes(self, therapist: TherapistRow, client_id: int) -> bool:
        """A limited therapist takes no new clients (app.booking.new_clients)."""
        return therapist.status != TherapistStatus.LIMITED or (
            (client_id, therapist.id) in self.seen
        )

    def client_free(self, client_id: int, start: int, end: int) -> bool:
        busy = self._client_busy.get(client_id)
        if busy is None:
            busy = self._client_busy[client_id] = IntervalIndex(
                self._client_rows.get(client_id, ())
            )
        return busy.first_overlap(start, end) is None

    def earliest(
        self,
        entry: _Entry,
        therapists: dict[int, TherapistRow],
        day: date,
        service: ServiceRow,
        wanted: int,
    ) -> list[_Key]:
        """The entry's `wanted` earliest starts of the day with any of `therapists`."""
        found: list[_Key] = []
        client = entry.client_id
        earliest, latest = entry.wish.earliest_minute, entry.wish.latest_minute
        for candidate in self.starts(tuple(therapists), day, service.duration_minutes):
            if (
                earliest is not None
                and latest is not None
                and not earliest <= candidate.first_minute <= candidate.last_minute <= latest
            ):
                continue
            if not self.client_free(client, candidate.start, candidate.end):
                continue
            if not self.takes(therapists[candidate.therapist_id], client):
                continue
            if self.available(candidate.therapist_id, day, candidate.start, service):
                found.append((candidate.therapist_id, candidate.start))
                if len(found) >= wanted:
                    break
        return found

    def still_open(
        self, entry: _Entry, therapist: TherapistRow, start: int, service: ServiceRow
    ) -> bool:
        """A stored start re-checked now, by the rule a booking applies to any start."""
        schedule = self.schedules.get(therapist.id)
        if schedule is None or not self.takes(therapist, entry.client_id):
            return False
        moment, length = instant(start), timedelta(minutes=service.duration_minutes)
        if schedule.check(moment, service_needs(service)).status != SlotStatus.AVAILABLE:
            return False
        if not entry.wish.fits(
            moment.astimezone(self.zone), (moment + length).astimezone(self.zone)
        ):
            return False
        return self.client_free(entry.client_id, start, start + int(length.total_seconds()))


def _candidate(therapist_id: int, start: int, length: int, day: date, zone: ZoneInfo) -> _Start:
    """A start on a day whose clocks change: its wall minutes read from the zone."""
    end = start + length
    local_start = datetime.fromtimestamp(start, zone)
    local_end = datetime.fromtimestamp(end, zone)
    first = (local_start.date() - day).days * 1440 + local_start.hour * 60 + local_start.minute
    last = (local_end.date() - day).days * 1440 + local_end.hour * 60 + local_end.minute
    return _Start(start, therapist_id, end, first, last)


def _waiting_for(first: date, last: date | None, days: set[date] | None) -> ColumnElement[bool]:
    """Open entries whose range reaches `[first, last]` and, for a few days, whose weekdays
    include one of them (the database leaves out the others)."""
    clause = WaitlistEntry.closed_at.is_(None) & (WaitlistEntry.to_date >= first)
    if last is not None:
        clause &= WaitlistEntry.from_date <= last
    if days is not None:
        mask = 0
        for day in days:
            mask |= 1 << day.weekday()
        if mask != ANY_WEEKDAY:
            clause &= WaitlistEntry.weekdays.bitwise_and(mask) != 0
    return clause


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
)


def _open_entries(session: Session, where: ColumnElement[bool]) -> list[_Entry]:
    return [
        _Entry(row[0], row[1], row[2], row[3], Wish(*row[4:]))
        for row in session.execute(_OPEN_ENTRIES.where(where).order_by(WaitlistEntry.id))
    ]


def _stored(session: Session, where: ColumnElement[bool]) -> dict[int, dict[_Key, int]]:
    """Stored matches of the entries `where` picks: entry → (therapist, start) → match id."""
    rows = session.execute(
        select(
            WaitlistMatch.entry_id,
            WaitlistMatch.therapist_id,
            epoch_seconds(WaitlistMatch.starts_at),
            WaitlistMatch.id,
        )
        .join(WaitlistEntry, WaitlistEntry.id == WaitlistMatch.entry_id)
        .where(where)
    )
    stored: dict[int, dict[_Key, int]] = defaultdict(dict)
    for entry_id, therapist_id, start, match_id in rows:
        stored[entry_id][(therapist_id, start)] = match_id
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
        zone = zone_if_any(session)
        if zone is None:
            return 0
        today = now.astimezone(zone).date()
        first = max(today, min(days)) if days else today
        where = _waiting_for(first, max(days) if days else None, days)
        if entry_ids is not None:
            where &= WaitlistEntry.id.in_(list(entry_ids))
        entries = _open_entries(session, where)
        if not entries:
            return 0
        clinic = load_clinic(session)
        setup = clinic.setup
        active = {t.id: t for t in setup.therapists.values() if t.active}
        chosen = {i: t for i, t in active.items() if therapist_ids is None or i in therapist_ids}
        services = {s.id: s for s in setup.services.values() if s.active}
        horizon = {i: (now + timedelta(days=t.max_advance_days)).astimezone(zone).date()
                   for i, t in active.items()}  # fmt: skip
        stored = _stored(session, where)
        in_scope = _scope(clinic.zone, now, days, therapist_ids, active)
        plans = []
        for entry in entries:
            service = services.get(entry.service_id)
            if entry.therapist_id is None:
                candidates = chosen
            elif entry.therapist_id in chosen:
                candidates = {entry.therapist_id: chosen[entry.therapist_id]}
            else:
                candidates = {}
            had = stored.get(entry.id, {})
            kept = sorted((key for key in had if not in_scope(key)), key=_by_time)
            last = min(entry.wish.to_date, max((horizon[i] for i in candidates), default=today))
            plan = _Plan(entry, service, candidates if service else {}, kept, first, last, days)
            if plan.days or any(in_scope(key) for key in had):
                plans.append(plan)
        _find(session, clinic, plans, now, _seen(session, chosen.values()))
    new, gone = [], []
    for plan in plans:
        keep = set(plan.best())
        had = stored.get(plan.entry.id, {})
        new += [
            {"entry_id": plan.entry.id, "therapist_id": therapist_id,
             "starts_at": instant(start), "found_at": now}
            for therapist_id, start in keep - had.keys()
        ]  # fmt: skip
        gone += [match_id for key, match_id in had.items() if key not in keep]
    if not new and not gone:
        return 0  # nothing written: no change signalled to every desk
    with database.write() as session:
        if gone:
            session.execute(delete(WaitlistMatch).where(WaitlistMatch.id.in_(gone)))
        return statements.insert_waitlist_matches_once(session.connection(), new)


def zone_if_any(session: Session) -> ZoneInfo | None:
    """The clinic's zone; None on a database that holds no clinic yet (one just created),
    where nobody can be waiting."""
    try:
        return known_zone(session)
    except LookupError:
        return None


def _by_time(key: _Key) -> tuple[int, int]:
    return key[1], key[0]


def _scope(
    zone: ZoneInfo,
    now: datetime,
    days: set[date] | None,
    therapist_ids: set[int] | None,
    active: dict[int, TherapistRow],
) -> Callable[[_Key], bool]:
    """Whether a stored match is looked at again (else it is kept as it is): it lies in the
    days and therapists asked for, or is past, or its therapist left."""
    moment = seconds(now)
    spans = sorted(
        (seconds(day_start_utc(day, zone)), seconds(day_start_utc(day + DAY, zone)))
        for day in days or ()
    )
    span_starts = [start for start, _end in spans]

    def in_scope(key: _Key) -> bool:
        therapist_id, start = key
        if start <= moment or therapist_id not in active:
            return True
        if therapist_ids is not None and therapist_id not in therapist_ids:
            return False
        if days is None:
            return True
        index = bisect_right(span_starts, start) - 1
        return index >= 0 and start < spans[index][1]

    return in_scope


class _Plan:
    """One entry's search: the days to look at, the matches it keeps from outside them,
    and the earliest starts found."""

    def __init__(
        self,
        entry: _Entry,
        service: ServiceRow | None,
        therapists: dict[int, TherapistRow],
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
        return sorted(self.kept + self.found, key=_by_time)[:MATCHES_KEPT]


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
    chunk = FIRST_CHUNK_DAYS
    while True:
        waiting = [p for p in plans if not p.done()]
        if not waiting:
            return
        first = min(p.days[p.position] for p in waiting)
        limit = first + timedelta(days=chunk - 1)
        chunk = CHUNK_DAYS
        # the last day some plan needs within the chunk: a freed day loads that day alone
        last = max(
            p.days[bisect_right(p.days, limit) - 1] for p in waiting if p.days[p.position] <= limit
        )
        needed = {i: t for p in waiting for i, t in p.therapists.items()}
        openings = _Openings(session, clinic, list(needed.values()), first, last, now, seen)
        for plan in waiting:
            assert plan.service is not None  # plans without a service have no days
            while not plan.done() and plan.days[plan.position] <= last:
                day = plan.days[plan.position]
                if plan.until is not None and seconds(day_start_utc(day, zone)) > plan.until:
                    plan.position = len(plan.days)
                    break
                wanted = MATCHES_KEPT - len(plan.found)
                plan.found += openings.earliest(
                    plan.entry, plan.therapists, day, plan.service, wanted
                )
                plan.position += 1


def current_offers(database: Database, now: datetime) -> list[WaitlistOffer]:
    """One offer per open entry that has one: its earliest stored start still available now
    for that client (re-checked with the engine, so an inbox never offers a start someone
    just took), longest-waiting entries first."""
    with database.read() as session:
        stored = _stored(
            session, WaitlistEntry.closed_at.is_(None) & (WaitlistMatch.starts_at > now)
        )
        if not stored:
            return []
        clinic = load_clinic(session)
        setup = clinic.setup
        zone = clinic.zone
        lines = {line.id: line for line in read_lines(session)}
        therapists = {t.id: t for t in setup.therapists.values() if t.active}
        services = {s.id: s for s in setup.services.values() if s.active}
        queue = {
            entry_id: sorted((key for key in keys if key[0] in therapists), key=_by_time)
            for entry_id, keys in stored.items()
            if entry_id in lines and lines[entry_id].service_id in services
        }
        seen = _seen(session, therapists.values())
        found: dict[int, _Key] = {}
        while queue:
            heads = {entry_id: keys[0] for entry_id, keys in queue.items() if keys}
            if not heads:
                break
            local_days = [instant(start).astimezone(zone).date() for _t, start in heads.values()]
            involved = [therapists[t] for t in {t for t, _start in heads.values()}]
            openings = _Openings(
                session, clinic, involved, min(local_days), max(local_days), now, seen
            )
            for entry_id, (therapist_id, start) in heads.items():
                line = lines[entry_id]
                entry = _Entry(line.id, line.client_id, line.service_id, line.therapist_id,
                               line.wish)  # fmt: skip
                service = services[line.service_id]
                if openings.still_open(entry, therapists[therapist_id], start, service):
                    found[entry_id] = (therapist_id, start)
                    del queue[entry_id]
                else:
                    queue[entry_id].pop(0)
            queue = {entry_id: keys for entry_id, keys in queue.items() if keys}
    offers = []
    for entry_id, line in lines.items():  # longest waiting first
        if entry_id in found:
            therapist_id, start = found[entry_id]
            therapist = therapists[therapist_id]
            offers.append(WaitlistOffer(line, therapist.id, therapist.key, therapist.name,
                                        instant(start).astimezone(zone)))  # fmt: skip
    return offers


def match_after_change(database: Database, now: datetime, days: Iterable[date] | None) -> None:
    """What a change that freed time (a cancellation, a move, a setup save) runs once it has
    committed, in its own process. Matching failing must not fail the change: it is logged,
    and the jobs leader's sweep finds the starts a few minutes later."""
    try:
        match_freed(database, now, days=days)
    except Exception:
        log.exception("waitlist matching after a change failed; the jobs' sweep catches up")
