"""Sessions typed "paid" or "refunded" before payments were kept become payments.

Migration 0013 reads the old `payment_status` column this way, and the clinic-file import
reads an old file's `payment_status` the same way (one rule, so a database upgraded and a
file imported agree): a session typed paid becomes a payment of its price allocated to it;
one typed refunded, that payment and its refund taking the price back. Method `other`, at
the session's start or `now`, whichever is earlier; numbered per year of the clinic's
calendar in the order of the sessions' starts, after the numbers the year already has.
A free session (price 0) or one typed pending gets nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo

LEGACY_STATUSES = ("pending", "paid", "refunded")
LEGACY_METHOD = "other"
PAID_REFERENCE = "recorded as paid before payments were kept"
REFUND_REASON = "recorded as refunded before payments were kept"


@dataclass(frozen=True)
class LegacySession:
    """What the old status rule reads of a session; `session` is however the caller names
    it (an id, a reference)."""

    session: Hashable
    payment_status: str
    price_cents: int
    starts_at: datetime


@dataclass(frozen=True)
class LegacyPayment:
    """A payment of `amount_cents` allocated to `session` (reference `PAID_REFERENCE`), and,
    when `refund_receipt` is set, its refund (reason `REFUND_REASON`) taking it back."""

    session: Hashable
    receipt: str
    amount_cents: int
    taken_at: datetime
    refund_receipt: str | None


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
    typed = [s for s in sessions if s.payment_status in ("paid", "refunded") and s.price_cents > 0]
    for legacy in sorted(typed, key=lambda s: s.starts_at):  # stable: the caller's order next
        at = min(legacy.starts_at, now)
        paid = receipt(at)
        refund = receipt(at) if legacy.payment_status == "refunded" else None
        result.append(LegacyPayment(legacy.session, paid, legacy.price_cents, at, refund))
    return result
