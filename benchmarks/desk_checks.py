"""What `benchmarks/desks.py` works out after its run: change latencies matched to the
commits that caused them, percentiles, and the invariants checked in SQL.

The invariants are checked independently of the application's own guards (plain SQL over
the tables), since what they verify is that those guards held under many desks at once.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text

from db.engine import Database
from db.enums import OutboxStatus
from db.models import OutboxItem

# The slack after which a write is too close to the end of a desk's listening to judge.
END_MARGIN_SECONDS = 1.0


@dataclass(frozen=True)
class Write:
    """A change one desk committed: the commit lies between `began` and `committed`
    (`time.time()` just before the use case was called and just after it returned)."""

    desk: int
    began: float
    committed: float
    kind: str  # a change kind of docs/interfaces.md ("session", "hold", …)
    day: str  # the clinic date it touched, ISO


@dataclass(frozen=True)
class Heard:
    """A change event as one desk's follower received it (`at`: `time.time()` then)."""

    at: float
    kinds: tuple[str, ...]
    days: tuple[str, ...]
    missed: bool  # "something may have been missed": a full refresh, so it covers anything

    def covers(self, write: Write) -> bool:
        if self.missed:
            return True
        return write.kind in self.kinds and (not self.days or write.day in self.days)


@dataclass(frozen=True)
class ChangeLatency:
    latencies_ms: list[float]  # one per (write, other desk) pair heard
    unheard: int  # pairs whose desk never heard the write while it listened
    unjudged: int  # pairs committed too close to the end of that desk's listening


def match_changes(
    writes: Iterable[Write],
    heard: Mapping[int, Sequence[Heard]],
    listening_until: Mapping[int, float],
) -> ChangeLatency:
    """For every write and every other desk, the first event that desk heard at or after
    the write began which covers the write's kind and day; the latency runs from the
    write's `committed` (never below zero: an event may arrive before the writer's own
    call has returned)."""
    times = {desk: [event.at for event in events] for desk, events in heard.items()}
    latencies: list[float] = []
    unheard = unjudged = 0
    for write in writes:
        for desk, events in heard.items():
            if desk == write.desk:
                continue
            if write.committed > listening_until[desk] - END_MARGIN_SECONDS:
                unjudged += 1
                continue
            first = bisect.bisect_left(times[desk], write.began)
            match = next((e for e in events[first:] if e.covers(write)), None)
            if match is None:
                unheard += 1
            else:
                latencies.append(max(0.0, match.at - write.committed) * 1000)
    return ChangeLatency(latencies, unheard, unjudged)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` 0.95 for p95); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Check:
    name: str
    outcome: str  # PASS, FAIL or SKIP
    detail: str


def _verdict(name: str, broken: int, detail: str) -> Check:
    return Check(name, "FAIL" if broken else "PASS", detail)


# scope column, start, end: what each overlap guard of the schema compares (therapists with
# their buffers, rooms and clients with the session's own times)
OVERLAP_SCOPES = {
    "therapist": ("therapist_id", "busy_from", "busy_until"),
    "room": ("room_id", "starts_at", "ends_at"),
    "client": ("client_id", "starts_at", "ends_at"),
}


def overlap_checks(database: Database) -> list[Check]:
    """Pairs of active (not cancelled) sessions of one therapist, room or client that
    overlap. Timestamps compare correctly on both databases (SQLite stores one text form)."""
    checks = []
    with database.read() as session:
        for scope, (column, start, end) in OVERLAP_SCOPES.items():
            pairs = session.execute(
                text(
                    f"SELECT count(*) FROM sessions AS a JOIN sessions AS b"
                    f" ON a.{column} = b.{column} AND a.id < b.id"
                    " WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'"
                    f" AND a.{start} < b.{end} AND b.{start} < a.{end}"
                )
            ).scalar_one()
            checks.append(_verdict(f"no {scope} overlap", pairs, f"{pairs} overlapping pairs"))
    return checks


def gaps(numbers_by_series: Mapping[str, list[int]], last: Mapping[str, int]) -> int:
    """Numbers missing or repeated in each series, counted against 1..its last number (the
    counter's when there is one)."""
    broken = 0
    for series in set(numbers_by_series) | set(last):
        numbers = numbers_by_series.get(series, [])
        top = last.get(series, max(numbers, default=0))
        present = Counter(numbers)
        broken += sum(1 for n in range(1, top + 1) if present[n] != 1)
        broken += sum(1 for n in present if not 1 <= n <= top)
    return broken


_REFERENCE = re.compile(r"BK-(\d{4})-(\d{6})")


def reference_check(database: Database) -> Check:
    """Booking references `BK-YYYY-NNNNNN` gapless per year: every number from 1 to the
    year's counter used exactly once, and no stand-in left behind."""
    with database.read() as session:
        references = session.execute(text("SELECT reference FROM sessions")).scalars().all()
        counters: dict[int, int] = {
            year: number
            for year, number in session.execute(
                text("SELECT year, last_number FROM reference_counters")
            ).all()
        }
    numbers: dict[str, list[int]] = {}
    strays = 0
    for reference in references:
        found = _REFERENCE.fullmatch(reference)
        if found is None:
            strays += 1
            continue
        numbers.setdefault(found[1], []).append(int(found[2]))
    last = {str(year): number for year, number in counters.items()}
    broken = gaps(numbers, last) + strays
    years = ", ".join(f"{y}: {len(n)}" for y, n in sorted(numbers.items()))
    return _verdict(
        "booking references gapless per year",
        broken,
        f"{broken} missing, repeated or malformed ({years})",
    )


_RECEIPT = re.compile(r"RC-(\d{4})-(\d{6})")


def receipt_check(database: Database) -> Check:
    """Receipt numbers `RC-YYYY-NNNNNN` gapless per year, as booking references are: every
    number from 1 to the year's counter used exactly once (docs/money.md, Receipts)."""
    with database.read() as session:
        receipts = session.execute(text("SELECT receipt FROM payments")).scalars().all()
        counters = dict(
            session.execute(text("SELECT year, last_number FROM receipt_counters")).all()
        )
    numbers: dict[str, list[int]] = {}
    strays = 0
    for receipt in receipts:
        found = _RECEIPT.fullmatch(receipt)
        if found is None:
            strays += 1
            continue
        numbers.setdefault(found[1], []).append(int(found[2]))
    last = {str(year): int(number) for year, number in counters.items()}
    broken = gaps(numbers, last) + strays
    return _verdict("receipts gapless", broken, f"{broken} missing or repeated of {len(receipts)}")


def outbox_check(database: Database, final_pass_at: datetime) -> Check:
    """Nothing stuck after the final delivery pass: every row that was due by then is
    delivered or superseded, none failed."""
    with database.read() as session:
        rows = session.execute(select(OutboxItem.status, OutboxItem.next_attempt_at)).all()
    waiting = (OutboxStatus.PENDING, OutboxStatus.IN_PROGRESS)
    stuck = sum(1 for status, due in rows if status in waiting and due <= final_pass_at)
    later = sum(1 for status, due in rows if status in waiting and due > final_pass_at)
    tally = Counter(status for status, _ in rows)
    failed = tally[OutboxStatus.FAILED]
    return _verdict(
        "nothing stuck in the outbox",
        stuck + failed,
        f"{stuck} due but undelivered, {failed} failed "
        f"({tally[OutboxStatus.DELIVERED]} delivered, "
        f"{tally[OutboxStatus.SUPERSEDED]} superseded, {later} not yet due)",
    )


def invariant_checks(database: Database, final_pass_at: datetime) -> list[Check]:
    return [
        *overlap_checks(database),
        reference_check(database),
        receipt_check(database),
        outbox_check(database, final_pass_at),
    ]
