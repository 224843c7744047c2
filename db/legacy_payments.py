"""Sessions typed "paid" or "refunded" before payments were kept become payments.

Migration 0013 reads the old `payment_status` column this way, and the clinic-file import
reads an old file's `payment_status` the same way (one rule, so a database upgraded and a
file imported agree): a session typed paid becomes a payment of its price allocated to it;
one typed refunded, that payment and its refund taking the price back. Method `other`, at
the session's start or `now`, whichever is earlier; numbered per year of the clinic's
calendar in the order of the sessions' starts, after the numbers the year already has.
A free session (price 0) or one typed pending gets nothing.

Two things the old status did not mean what it says. `reschedule` copied the status to the
new session, so every session of a move chain is typed paid for one real payment: only the
last session of a chain (none names it as `rescheduled_from`) stands for it. And a session
cancelled or a no-show kept its typed paid with nothing owed (no fee existed then): its
payment is set against it and released to credit at once, the rows a cancellation writes
now (`release_excess`), so the money is the client's credit and still names its session.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

LEGACY_STATUSES = ("pending", "paid", "refunded")
# Session statuses whose money a typed paid leaves as credit (nothing was owed for them).
CREDITED_STATUSES = ("cancelled", "no_show")
LEGACY_METHOD = "other"
PAID_REFERENCE = "recorded as paid before payments were kept"
REFUND_REASON = "recorded as refunded before payments were kept"


@dataclass(frozen=True)
class LegacySession:
    """What the old status rule reads of a session; `session` is however the caller names
    it (an id, a reference). `status` is the session's own (scheduled … no_show);
    `superseded` says another session was rescheduled from it."""

    session: Hashable
    payment_status: str
    price_cents: int
    starts_at: datetime
    status: str
    superseded: bool


@dataclass(frozen=True)
class LegacyPayment:
    """A payment of `amount_cents` set against `session` (reference `PAID_REFERENCE`), and,
    when `refund_receipt` is set, its refund (reason `REFUND_REASON`) taking it back. When
    `released`, the payment's allocation is taken back to credit at once (a negative row of
    the payment) and a refund takes its money from that credit."""

    session: Hashable
    receipt: str
    amount_cents: int
    taken_at: datetime
    refund_receipt: str | None
    released: bool

    @property
    def paid_rows(self) -> tuple[int, ...]:
        """The payment's allocations to `session`, in order (cents; negative takes back)."""
        if self.released:
            return (self.amount_cents, -self.amount_cents)
        return (self.amount_cents,)

    @property
    def refund_rows(self) -> tuple[int, ...]:
        """The refund's allocations to `session` (none when it gives back credit)."""
        return () if self.released else (-self.amount_cents,)


def legacy_payments(
    sessions: Iterable[LegacySession], now: datetime, zone: tzinfo, counters: dict[int, int]
) -> list[LegacyPayment]:
    """The payments the old statuses of `sessions` stand for. `counters` holds the last
    receipt number of each year already used, and is advanced."""

    def receipt(at: datetime) -> str:
        year = at.astimezone(zone).year
        counters[year] = counters.get(year, 0) + 1
        return f"RC-{year}-{counters[year]:06d}"

    result = []
    typed = [
        s
        for s in sessions
        if s.payment_status in ("paid", "refunded") and s.price_cents > 0 and not s.superseded
    ]
    for legacy in sorted(typed, key=lambda s: s.starts_at):  # stable: the caller's order next
        at = min(legacy.starts_at, now)
        paid = receipt(at)
        refund = receipt(at) if legacy.payment_status == "refunded" else None
        released = legacy.status in CREDITED_STATUSES
        result.append(LegacyPayment(legacy.session, paid, legacy.price_cents, at, refund, released))
    return result
