"""Blocked times as concrete UTC intervals inside a range.

A recurring block repeats its first occurrence's local wall-clock times (every Monday
09:00–10:00 stays 09:00–10:00 across DST), so the RRULE is expanded on naive local times and
each occurrence converted on its own.

Expansion is bounded by the range asked for, never by the rule's age (docs/scheduling.md,
Blocked times): a block repeats at most once a day, and a rule is walked from a start just
before the range, not from its DTSTART. A rule stored before these bounds that repeats more
often, or cannot be read, blocks only its first occurrence; one that never happens (30
February) blocks nothing, known in milliseconds (`rule_search`), not after dateutil's
search to year 9999.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from threading import Lock
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from app.i18n import translate
from app.scheduling.model import BlockRule
from app.scheduling.rule_search import first_occurrence
from app.timezones import wall_to_instant

log = logging.getLogger(__name__)


def never_happens_words() -> str:
    """The start of the clinic file's refusal of a rule no date satisfies."""
    return translate("BlockRule", "this rule never happens (e.g. 30 February)")


def never_happens(rule: rrule) -> bool:
    """Whether no date satisfies `rule` from its DTSTART (honouring UNTIL and COUNT): the
    clinic file refuses such a rule and the engine expands it to nothing, both without
    dateutil's seconds-long search for it. For a rule `rule_problem` accepts."""
    return first_occurrence(rule) is None


class _Parts(NamedTuple):
    """What bounding a rule needs of it. dateutil keeps these only as private attributes,
    read here and nowhere else; an hour, minute or second not given is DTSTART's one."""

    freq: int
    interval: int
    count_limit: int | None  # COUNT
    dtstart: datetime
    times_a_day: int  # distinct BYHOUR × BYMINUTE × BYSECOND combinations

    @classmethod
    def of(cls, rule: rrule) -> _Parts:
        times = 1
        for name in ("_byhour", "_byminute", "_bysecond"):
            times *= max(1, len(getattr(rule, name) or ()))
        return cls(
            freq=rule._freq,  # type: ignore[attr-defined]  # dateutil's private parts
            interval=rule._interval,  # type: ignore[attr-defined]
            count_limit=rule._count,  # type: ignore[attr-defined]
            dtstart=rule._dtstart,  # type: ignore[attr-defined]
            times_a_day=times,
        )


def rule_problem(rule: rrule) -> str | None:
    """Why `rule` may not repeat a block, or None: more than one occurrence a day would make
    a month's expansion thousands of intervals (a rule repeating every second took a 30-day
    listing a minute)."""
    parts = _Parts.of(rule)
    if parts.interval < 1:  # dateutil divides by it, or walks backwards
        return translate(
            "BlockRule",
            "INTERVAL must be a whole number of 1 or more (INTERVAL=2: every other period)",
        )
    if parts.freq not in (DAILY, WEEKLY, MONTHLY, YEARLY):
        return translate(
            "BlockRule",
            "a recurring block can repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or "
            "YEARLY); for several times a day add one block per time",
        )
    if parts.times_a_day > 1:
        return translate(
            "BlockRule",
            "a recurring block can start at most once a day (BYHOUR, BYMINUTE and BYSECOND "
            "take one value each); for several times a day add one block per time",
        )
    return None


def _start_near(rule: _Parts, moment: datetime) -> datetime:
    """A DTSTART at or before `moment` from which `rule` gives the same occurrences after
    `moment` as from its own: a whole number of its periods later, on the same weekday, day
    and time (what a rule without BYxxx parts repeats), and one period early, so a first
    period that starts mid-week (BYSETPOS counts from DTSTART in it) ends before `moment`."""
    first = rule.dtstart
    if moment <= first:
        return first
    if rule.freq in (DAILY, WEEKLY):
        step = timedelta(days=rule.interval * (7 if rule.freq == WEEKLY else 1))
        return first + step * max(0, (moment - first) // step - 1)
    step_months = rule.interval * (12 if rule.freq == YEARLY else 1)
    months = (moment.year - first.year) * 12 + moment.month - first.month
    for periods in range(months // step_months - 1, 0, -1):
        years, month = divmod(first.month - 1 + periods * step_months, 12)
        try:
            candidate = first.replace(year=first.year + years, month=month + 1)
        except ValueError:
            continue  # a month without that day (the 31st, 29 February): the rule skips it too
        if candidate <= moment:
            return candidate
    return first


class _Expansion:
    """One block rule's occurrences (naive local times), generated only near the range asked.

    A rule with COUNT must be counted from its DTSTART: its occurrences are generated once
    per process, as far as asked (at most COUNT, at most one a day), and looked up by
    bisection. Any other rule is walked from a start just before the range. When a walk
    ends (UNTIL, COUNT), that is remembered, so the search is not repeated for later
    ranges; a rule that never happens is known to before its first walk (`never_happens`).
    """

    def __init__(self, rule: rrule) -> None:
        self._rule = rule
        self._parts = _Parts.of(rule)
        self._lock = Lock()
        self._none_after: datetime | None = None  # no occurrence later than this
        self._counted: list[datetime] = []
        self._counting: Iterator[datetime] | None = iter(rule) if self._parts.count_limit else None

    def between(self, after: datetime, before: datetime) -> list[datetime]:
        """Occurrences strictly between `after` and `before`."""
        if self._none_after is not None and after >= self._none_after:
            return []
        if self._parts.count_limit:
            return self._counted_between(after, before)
        start = _start_near(self._parts, after)
        walk = self._rule if start == self._parts.dtstart else self._rule.replace(dtstart=start)
        found: list[datetime] = []
        last = start
        for occurrence in walk:
            if occurrence >= before:
                return found
            if occurrence > after:
                found.append(occurrence)
            last = occurrence
        self._ended(last)
        return found

    def _counted_between(self, after: datetime, before: datetime) -> list[datetime]:
        with self._lock:
            seen = self._counted
            while self._counting is not None and (not seen or seen[-1] < before):
                occurrence = next(self._counting, None)
                if occurrence is None:
                    self._counting = None
                    self._ended(seen[-1] if seen else self._parts.dtstart)
                else:
                    seen.append(occurrence)
            return seen[bisect_right(seen, after) : bisect_left(seen, before)]

    def ended_before_start(self) -> _Expansion:
        """This expansion, known to have no occurrence at all."""
        self._ended(datetime.min)
        return self

    def _ended(self, last: datetime) -> None:
        if self._none_after is None or last < self._none_after:
            self._none_after = last


@lru_cache(maxsize=4096)
def _expansion(text: str, local_start: datetime) -> _Expansion | None:
    """A block's rule, parsed once per process; None for a rule a block may not have (stored
    before the bounds, or unreadable), said once in the log (a rule holds no client data)."""
    try:
        rule = rrulestr(text, dtstart=local_start, ignoretz=True)
    except (ValueError, TypeError):
        problem: str | None = "it is not a valid RRULE"
    else:
        if not isinstance(rule, rrule):
            problem = "it is not a single RRULE"
        else:
            problem = rule_problem(rule)
            if problem is None and never_happens(rule):
                log.warning(
                    "a blocked time's rule %r never happens: it blocks no time (the clinic "
                    "setup refuses it when the block is next saved)",
                    text,
                )
                return _Expansion(rule).ended_before_start()
            if problem is None:
                return _Expansion(rule)
    log.warning(
        "a blocked time's rule %r is not expanded (%s): only its first occurrence blocks "
        "time until the block is corrected in the clinic setup",
        text,
        problem,
    )
    return None


def block_occurrences(
    block: BlockRule, zone: ZoneInfo, range_start: datetime, range_end: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Occurrences of `block` overlapping `[range_start, range_end)` (UTC instants)."""
    local_start = block.starts_at.astimezone(zone).replace(tzinfo=None)
    expansion = _expansion(block.rrule, local_start) if block.rrule else None
    if expansion is None:
        if block.starts_at < range_end and range_start < block.ends_at:
            yield block.starts_at, block.ends_at
        return
    local_length = block.ends_at.astimezone(zone).replace(tzinfo=None) - local_start
    # Local bounds widened by a day: offsets never exceed that, and exact tests follow.
    after = range_start.astimezone(zone).replace(tzinfo=None) - local_length - timedelta(days=1)
    before = range_end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    for occurrence in expansion.between(max(after, local_start - timedelta(seconds=1)), before):
        start = wall_to_instant(occurrence, zone)
        end = wall_to_instant(occurrence + local_length, zone)
        if end > start and start < range_end and range_start < end:
            yield start, end
