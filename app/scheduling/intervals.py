"""Half-open intervals `[start, end)` of epoch seconds, and an index to find overlaps fast.

The engine converts every instant to integer seconds once, at its boundary: comparisons on
ints are several times cheaper than on aware datetimes, and 31 days × 40 starts × a few
rules is the hot path of the whole product.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Generic, TypeVar

Payload = TypeVar("Payload")
Key = TypeVar("Key")


def seconds(instant: datetime) -> int:
    return int(instant.timestamp())


def instant(epoch_seconds: int) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, UTC)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Two half-open intervals share at least one moment (touching ends do not)."""
    return a_start < b_end and b_start < a_end


def clashes(spans: Iterable[tuple[int, int, Key]]) -> list[tuple[Key, Key]]:
    """Within one scope (a therapist, a room, a client), each span that overlaps an
    earlier-starting one, paired with it (later, earlier). Sorted by start and swept once, so
    checking a file of 10,000 sessions costs a sort, not 10,000² comparisons."""
    found: list[tuple[Key, Key]] = []
    reach: tuple[int, int, Key] | None = None  # the span reaching furthest so far
    for start, end, key in sorted(spans, key=lambda span: (span[0], span[1])):
        if reach is not None and overlaps(start, end, reach[0], reach[1]):
            found.append((key, reach[2]))
        if reach is None or end > reach[1]:
            reach = (start, end, key)
    return found


def merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of the intervals (touching ones joined)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class IntervalIndex(Generic[Payload]):
    """Intervals sorted by start; an overlap query looks only at those that can reach it.

    Intervals may overlap each other (blocks, external busy times). A query bisects for the
    starts in `(start - longest, end)`, so its cost is the number of nearby intervals, not
    the total.
    """

    __slots__ = ("_ends", "_keys", "_longest", "_payloads", "_starts")

    def __init__(self, items: Iterable[tuple[int, int, object, Payload]]) -> None:
        """`items` are `(start, end, key, payload)`; `key` lets a query ignore one interval
        (the session being moved)."""
        ordered = sorted(items, key=lambda item: (item[0], item[1]))
        self._starts = [item[0] for item in ordered]
        self._ends = [item[1] for item in ordered]
        self._keys = [item[2] for item in ordered]
        self._payloads = [item[3] for item in ordered]
        self._longest = max((end - start for start, end, *_ in ordered), default=0)

    @classmethod
    def from_sorted(
        cls,
        starts: list[int],
        ends: list[int],
        keys: list[object],
        payloads: list[Payload],
    ) -> IntervalIndex[Payload]:
        """An index over columns already sorted by start (as a query's ORDER BY gives them),
        without the per-item tuples and sort of the constructor."""
        index = cls.__new__(cls)
        index._starts, index._ends, index._keys, index._payloads = starts, ends, keys, payloads
        index._longest = max(map(int.__sub__, ends, starts), default=0)
        return index

    def __len__(self) -> int:
        return len(self._starts)

    def first_overlap(self, start: int, end: int, ignore: object = None) -> Payload | None:
        """The payload of the earliest-starting interval overlapping `[start, end)`."""
        if not self._starts:
            return None
        ends, keys = self._ends, self._keys
        first = bisect_left(self._starts, start - self._longest + 1)
        last = bisect_left(self._starts, end, first)
        for position in range(first, last):
            if ends[position] > start and (ignore is None or keys[position] != ignore):
                return self._payloads[position]
        return None

    def payloads_overlapping(self, start: int, end: int) -> list[Payload]:
        """The payloads of every interval overlapping `[start, end)`."""
        ends, payloads = self._ends, self._payloads
        first = bisect_left(self._starts, start - self._longest + 1)
        last = bisect_left(self._starts, end, first)
        return [payloads[i] for i in range(first, last) if ends[i] > start]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, object, Payload]]:
        """Every interval overlapping `[start, end)`, in start order."""
        first = bisect_left(self._starts, start - self._longest + 1)
        last = bisect_left(self._starts, end, first)
        return [
            (self._starts[i], self._ends[i], self._keys[i], self._payloads[i])
            for i in range(first, last)
            if self._ends[i] > start
        ]
