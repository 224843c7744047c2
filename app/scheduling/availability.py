"""Availability (docs/scheduling.md, Availability rules): every candidate start of a therapist and
why it is or is not free.

`Schedule` takes one `ScheduleInputs` (everything loaded in a few queries for a date range)
and answers in memory: the candidates of each day, the check of one arbitrary start (for
the booking re-check), a month summary, the nearest available starts, and the room a start
would get. Instants are handled as epoch seconds inside (see `intervals`); local wall-clock
rules (hours, exceptions, blocks) are converted exactly, DST included.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from app.scheduling.blocks import block_occurrences
from app.scheduling.intervals import IntervalIndex, instant, merge, seconds
from app.scheduling.model import (
    OVERRIDABLE,
    DayReason,
    DaySlots,
    DaySummary,
    MonthSummary,
    ScheduleInputs,
    ServiceNeeds,
    Slot,
    SlotStatus,
    Verdict,
)
from app.scheduling.rooms import RoomBook, RoomChoice
from app.timezones import day_start_utc, exists_locally, wall_to_instant

DAY = timedelta(days=1)
S = SlotStatus

_DAY_REASON = {
    S.ON_LEAVE: DayReason.ON_LEAVE,
    S.TOO_SOON: DayReason.TOO_SOON,
    S.TOO_FAR: DayReason.TOO_FAR,
    S.CAP_REACHED: DayReason.CAP_REACHED,
    S.BLOCKED: DayReason.BLOCKED,
    S.EXTERNAL_BUSY: DayReason.BLOCKED,
    S.BOOKED: DayReason.FULLY_BOOKED,
    S.HELD: DayReason.FULLY_BOOKED,
    S.NO_ROOM: DayReason.FULLY_BOOKED,
}


class Schedule:
    """One therapist's rules and occupancy over `[first_day, last_day]`, ready to query."""

    def __init__(
        self,
        inputs: ScheduleInputs,
        first_day: date,
        last_day: date,
        now: datetime,
        rooms: RoomBook | None = None,
    ) -> None:
        """`rooms` may be shared by the schedules of one load (it depends only on the rooms
        and the sessions holding them, not on the therapist)."""
        self.inputs = inputs
        self.zone = inputs.zone
        self.first_day, self.last_day = first_day, last_day
        therapist = inputs.therapist
        self._now = seconds(now)
        self._soonest = self._now + therapist.min_notice_minutes * 60
        self._latest = self._now + therapist.max_advance_days * 86_400
        self._on_leave, self._cap = therapist.on_leave, therapist.max_per_day
        self._before = therapist.buffer_before_minutes * 60
        self._after = therapist.buffer_after_minutes * 60
        self._day_starts: dict[date, int] = {}
        range_start = self.day_start(first_day) - 86_400
        range_end = self.day_start(last_day + DAY) + 86_400
        self._blocks: IntervalIndex[str] = IntervalIndex(
            (seconds(start), seconds(end), None, block.block_type)
            for block in inputs.blocks
            for start, end in block_occurrences(
                block, self.zone, instant(range_start), instant(range_end)
            )
        )
        self._external: IntervalIndex[bool] = IntervalIndex(
            (seconds(start), seconds(end), None, True) for start, end in inputs.external_busy
        )
        self._busy: IntervalIndex[int] = IntervalIndex(
            (seconds(s.busy_from), seconds(s.busy_until), s.id, s.id) for s in inputs.sessions
        )
        self._holds: IntervalIndex[int] = IntervalIndex(
            (seconds(h.starts_at) - self._before, seconds(h.ends_at) + self._after, h.id, h.id)
            for h in inputs.holds
        )
        self._session_day = {s.id: self.local_date(s.starts_at) for s in inputs.sessions}
        self._per_day = Counter(self._session_day.values())
        self.rooms = rooms or RoomBook(inputs.rooms, inputs.room_sessions, self._now)
        self._rearranged: dict[tuple[int, int, frozenset[str], int | None], RoomChoice | None] = {}

    # -- local days -------------------------------------------------------------------

    def day_start(self, day: date) -> int:
        start = self._day_starts.get(day)
        if start is None:
            start = seconds(wall_to_instant(datetime.combine(day, time()), self.zone))
            self._day_starts[day] = start
        return start

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def windows(self, day: date) -> tuple[tuple[int, int], ...]:
        """That date's working blocks in minutes: the exception's if any, else the weekday's."""
        if day in self.inputs.exceptions:
            return tuple(self.inputs.exceptions[day])
        return tuple(self.inputs.weekly_hours.get(day.weekday(), ()))

    def window_spans(self, day: date) -> list[tuple[int, int]]:
        """That date's working windows as instants (epoch seconds), joined where they touch:
        the same conversion the candidate starts use, DST included."""
        instants = self._window_instants(day)
        if len(instants) == 1:  # what merge gives for one window, without its sort
            _first, _last, start, end = instants[0]
            return [(start, end)]
        return merge((start, end) for _f, _l, start, end in instants)

    def open_spans(self, day: date) -> list[tuple[int, int]]:
        """The date's working windows less every blocked time inside them (recurring blocks
        expanded): the time reports count as available (docs/reports.md)."""
        open_: list[tuple[int, int]] = []
        for start, end in self.window_spans(day):
            blocked = self._blocks.overlapping(start, end)
            if not blocked:
                if start < end:  # (a window inside a DST gap is empty)
                    open_.append((start, end))
                continue
            cut = merge((max(s, start), min(e, end)) for s, e, _key, _type in blocked)
            at = start
            for s, e in cut:
                if s > at:
                    open_.append((at, s))
                at = max(at, e)
            if at < end:
                open_.append((at, end))
        return open_

    def _window_instants(self, day: date) -> list[tuple[int, int, int, int]]:
        """(first minute, last minute, start instant, end instant) of each working block."""
        windows = self.windows(day)
        if not windows:
            return []
        day_start, steady = local_day(day, self.zone)
        if steady:
            return [
                (first, last, day_start + first * 60, day_start + last * 60)
                for first, last in windows
            ]
        midnight = datetime.combine(day, time())
        return [
            (
                first,
                last,
                seconds(wall_to_instant(midnight + timedelta(minutes=first), self.zone)),
                seconds(wall_to_instant(midnight + timedelta(minutes=last), self.zone)),
            )
            for first, last in windows
        ]

    def candidate_starts(self, day: date, duration_minutes: int) -> Iterator[int]:
        """Every slot-interval start from each window's start whose session fits the window;
        wall times skipped by DST do not exist, ambiguous ones are their first occurrence."""
        if not self.windows(day):
            return
        step = self.inputs.slot_minutes
        length = duration_minutes * 60
        day_start, steady = local_day(day, self.zone)
        midnight = datetime.combine(day, time())
        for first, last_minute, window_start, window_end in self._window_instants(day):
            minute = first
            while minute < last_minute:
                if steady:
                    start = day_start + minute * 60
                else:
                    wall = midnight + timedelta(minutes=minute)
                    if not exists_locally(wall, self.zone):
                        minute += step
                        continue
                    start = seconds(wall_to_instant(wall, self.zone))
                if start + length > window_end:
                    break
                if start >= window_start:
                    yield start
                minute += step

    # -- rules --------------------------------------------------------------------------

    def _evaluate(
        self,
        start: int,
        end: int,
        day: date,
        needs: ServiceNeeds,
        *,
        complete: bool,
        ignore_session: int | None = None,
        ignore_hold: int | None = None,
        outside_hours: bool = False,
    ) -> tuple[list[SlotStatus], str | None]:
        """Failing rules in the order of docs/scheduling.md. Unless `complete`, stops at the first
        failure."""
        failures: list[SlotStatus] = []
        detail = None
        if self._on_leave:
            failures.append(S.ON_LEAVE)
        if outside_hours:
            failures.append(S.OUTSIDE_HOURS)
        if start < self._soonest:
            failures.append(S.TOO_SOON)
        elif start > self._latest:
            failures.append(S.TOO_FAR)
        if failures and not complete:
            return failures, detail
        booked = self._per_day.get(day, 0)
        if ignore_session is not None and self._session_day.get(ignore_session) == day:
            booked -= 1
        if booked >= self._cap:
            failures.append(S.CAP_REACHED)
        block_type = self._blocks.first_overlap(start, end)
        if block_type is not None:
            failures.append(S.BLOCKED)
            detail = block_type
        elif self._external.first_overlap(start, end) is not None:
            failures.append(S.EXTERNAL_BUSY)
        if failures and not complete:
            return failures, detail
        busy_start, busy_end = start - self._before, end + self._after
        if self._busy.first_overlap(busy_start, busy_end, ignore_session) is not None:
            failures.append(S.BOOKED)
            return failures, detail
        if self._holds.first_overlap(busy_start, busy_end, ignore_hold) is not None:
            failures.append(S.HELD)
            return failures, detail
        if self.room_for(start, end, day, needs, ignore_session=ignore_session) is None:
            failures.append(S.NO_ROOM)
        return failures, detail

    def room_for(
        self,
        start: int,
        end: int,
        day: date,
        needs: ServiceNeeds,
        *,
        ignore_session: int | None = None,
    ) -> RoomChoice | None:
        """The room this start would get (re-arranging the day's not-yet-started sessions if
        that is the only way), or None."""
        preferred = self.inputs.therapist.preferred_room_id
        features = needs.required_features
        free = self.rooms.free_room(start, end, features, preferred, ignore_session)
        if free is not None:
            return RoomChoice(free)
        # A re-seating search is the one costly step; the booking re-check asks twice.
        key = (start, end, features, ignore_session)
        if key not in self._rearranged:
            window = (self.day_start(day), self.day_start(day + DAY))
            self._rearranged[key] = self.rooms.rearrange(
                start, end, features, preferred, ignore_session, window
            )
        return self._rearranged[key]

    # -- queries ------------------------------------------------------------------------

    def day_slots(self, day: date, needs: ServiceNeeds, *, override: bool = False) -> DaySlots:
        length = needs.duration_minutes * 60
        slots = []
        for start in self.candidate_starts(day, needs.duration_minutes):
            failures, detail = self._evaluate(start, start + length, day, needs, complete=override)
            status = failures[0] if failures else S.AVAILABLE
            bookable = override and bool(failures) and all(f in OVERRIDABLE for f in failures)
            slots.append(Slot(instant(start), instant(start + length), status, detail, bookable))
        return DaySlots(day, tuple(slots))

    def slot_status(self, day: date, start: int, needs: ServiceNeeds) -> SlotStatus:
        """The status `day_slots` gives one of the day's candidate starts (epoch seconds, as
        `candidate_starts` yields them), worked out for that start alone: a search that
        wants a few starts of many therapists' days need not list every start of them."""
        failures, _ = self._evaluate(
            start, start + needs.duration_minutes * 60, day, needs, complete=False
        )
        return failures[0] if failures else S.AVAILABLE

    def days(
        self, first: date, last: date, needs: ServiceNeeds, *, override: bool = False
    ) -> list[DaySlots]:
        result = []
        day = first
        while day <= last:
            result.append(self.day_slots(day, needs, override=override))
            day += DAY
        return result

    def check(
        self,
        start: datetime,
        needs: ServiceNeeds,
        *,
        ignore_session: int | None = None,
        ignore_hold: int | None = None,
    ) -> Verdict:
        """Every rule for one arbitrary start (the booking re-check). A start need not be on
        the slot grid, but the session must lie inside one of that day's working blocks."""
        begin = seconds(start)
        end = begin + needs.duration_minutes * 60
        day = self.local_date(start)
        inside = any(
            window_start <= begin and end <= window_end
            for _first, _last, window_start, window_end in self._window_instants(day)
        )
        failures, detail = self._evaluate(
            begin,
            end,
            day,
            needs,
            complete=True,
            ignore_session=ignore_session,
            ignore_hold=ignore_hold,
            outside_hours=not inside,
        )
        status = failures[0] if failures else S.AVAILABLE
        return Verdict(status, detail, tuple(failures))

    def nearest_available(
        self,
        around: datetime,
        needs: ServiceNeeds,
        count: int = 3,
        *,
        ignore_session: int | None = None,
        ignore_hold: int | None = None,
        fits: Callable[[datetime], bool] | None = None,
    ) -> list[datetime]:
        """The `count` available starts closest to `around` in the loaded range, in time
        order (what a refusal offers instead). Days are tried nearest first, and the search
        stops once no start on a day yet to try could be nearer than those found. `fits`:
        what the request needs beyond this therapist's rules (the client free, the room asked
        for free), so that every start offered is one the same request would get."""
        target = seconds(around)
        length = needs.duration_minutes * 60
        days = []
        day = self.first_day
        while day <= self.last_day:
            # Every start of `day` lies in [day start, next day start): none can be nearer.
            opens, closes = self.day_start(day), self.day_start(day + DAY)
            days.append((max(0, opens - target, target - closes), day))
            day += DAY
        found: list[tuple[int, int]] = []  # (distance, start), the ordering a refusal uses
        for least_distance, day in sorted(days):
            if len(found) >= count and least_distance > found[count - 1][0]:
                break
            for start in self.candidate_starts(day, needs.duration_minutes):
                failures, _ = self._evaluate(
                    start,
                    start + length,
                    day,
                    needs,
                    complete=False,
                    ignore_session=ignore_session,
                    ignore_hold=ignore_hold,
                )
                if not failures and (fits is None or fits(instant(start))):
                    found.append((abs(start - target), start))
            found.sort()
        return [instant(start) for start in sorted(start for _d, start in found[:count])]

    def month_summary(self, first: date, last: date, needs: ServiceNeeds) -> MonthSummary:
        """Per day what a client could book (`available` of `booked/cap`), or why nothing."""
        summaries = []
        next_available = None
        for day_slots in self.days(first, last, needs):
            statuses = [slot.status for slot in day_slots.slots]
            available = statuses.count(S.AVAILABLE)
            if available and next_available is None:
                next_available = next(s.start for s in day_slots.slots if s.status == S.AVAILABLE)
            summaries.append(
                DaySummary(
                    day_slots.day,
                    available,
                    self._per_day.get(day_slots.day, 0),
                    self.inputs.therapist.max_per_day,
                    None if available else _day_reason(statuses),
                )
            )
        return MonthSummary(tuple(summaries), next_available)


@lru_cache(maxsize=4096)
def local_day(day: date, zone: ZoneInfo) -> tuple[int, bool]:
    """The first instant of a local date (epoch seconds) and whether the date is steady: no
    DST change in it, so its wall minutes map to instants by addition. Shared by every
    schedule of the zone: a year's report asks it for 50 therapists' days, and the zone
    conversions were most of its time."""
    day_start = seconds(day_start_utc(day, zone))
    next_start = seconds(day_start_utc(day + DAY, zone))
    steady = (
        next_start - day_start == 86_400
        and instant(day_start).astimezone(zone).utcoffset()
        == instant(next_start - 1).astimezone(zone).utcoffset()
    )
    return day_start, steady


def _day_reason(statuses: list[SlotStatus]) -> DayReason:
    if not statuses:
        return DayReason.NO_HOURS
    reasons = {_DAY_REASON[status] for status in statuses}
    if len(reasons) == 1:
        return reasons.pop()
    if DayReason.FULLY_BOOKED in reasons:
        return DayReason.FULLY_BOOKED
    return min(reasons, key=list(DayReason).index)
