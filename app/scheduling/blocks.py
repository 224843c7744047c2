"""Blocked times as concrete UTC intervals inside a range.

A recurring block repeats its first occurrence's local wall-clock times (every Monday
09:00–10:00 stays 09:00–10:00 across DST), so the RRULE is expanded on naive local times and
each occurrence converted on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rruleset, rrulestr

from app.scheduling.model import BlockRule
from app.timezones import wall_to_instant


@lru_cache(maxsize=4096)
def _parsed_rule(text: str, local_start: datetime) -> rrule | rruleset:
    """A block's rule, parsed once per process and keeping the occurrences it has computed
    (dateutil's cache, thread-safe): a weekly block started years ago is otherwise walked
    from its first week on every booking's re-check."""
    return rrulestr(text, dtstart=local_start, ignoretz=True, cache=True)


def block_occurrences(
    block: BlockRule, zone: ZoneInfo, range_start: datetime, range_end: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Occurrences of `block` overlapping `[range_start, range_end)` (UTC instants)."""
    if not block.rrule:
        if block.starts_at < range_end and range_start < block.ends_at:
            yield block.starts_at, block.ends_at
        return
    local_start = block.starts_at.astimezone(zone).replace(tzinfo=None)
    local_length = block.ends_at.astimezone(zone).replace(tzinfo=None) - local_start
    rule = _parsed_rule(block.rrule, local_start)
    # Local bounds widened by a day: offsets never exceed that, and exact tests follow.
    after = range_start.astimezone(zone).replace(tzinfo=None) - local_length - timedelta(days=1)
    before = range_end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    for occurrence in rule.between(max(after, local_start - timedelta(seconds=1)), before):
        start = wall_to_instant(occurrence, zone)
        end = wall_to_instant(occurrence + local_length, zone)
        if end > start and start < range_end and range_start < end:
            yield start, end
