"""The demo clinic's money: a cancellation policy, fees charged by late cancellations and
no-shows (one waived), and payments as a front desk takes them: most completed sessions paid
at the desk by cash, card or transfer, a few partly, a few still owed, some upcoming sessions
paid ahead, and a refund. Drawn from its own random stream, so the sessions stay those of
the seed whatever money is added."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.demo.plans import SERVICE_BY_KEY
from app.money.amounts import format_amount, parse_amount
from app.money.fees import FeePolicy, fee_for
from app.timezones import format_local, local_to_utc
from db.enums import FeeKind

# The policy (docs/money.md): half the price for a late cancellation, 40.00 for a no-show.
LATE_CANCEL_POLICY = FeePolicy(FeeKind.PERCENT, 50)
NO_SHOW_POLICY = FeePolicy(FeeKind.FIXED, 4000)
LATE_CANCEL_FEE = {"kind": "percent", "value": LATE_CANCEL_POLICY.value}
NO_SHOW_FEE = {"kind": "fixed", "value": format_amount(NO_SHOW_POLICY.value)}
CARD_ENDINGS = ("4242", "1881", "0005", "3056", "7114")
WAIVER = ("maria", "First late cancellation: waived as a courtesy")


def demo_money(
    seed: int, zone: ZoneInfo, now: datetime, sessions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Charge the sessions' fees (in place) and return the payments, receipts numbered in
    the order they were taken."""
    rng = random.Random(f"demo-money-{seed}")
    taken: list[dict[str, Any]] = []
    waived = refunded = False
    for session in sessions:
        price = parse_amount(SERVICE_BY_KEY[session["service"]]["price"])
        start = local_to_utc(datetime.fromisoformat(session["start"]), zone)
        end = start + timedelta(minutes=SERVICE_BY_KEY[session["service"]]["duration_minutes"])
        status = session["status"]
        roll = rng.random()
        if status == "completed":
            if roll < 0.82:  # paid in full at the desk, just after the session
                taken.append(_payment(rng, session, price, min(end + _minutes(rng), now)))
            elif roll < 0.9:  # part now, the rest still owed
                taken.append(_payment(rng, session, price // 2, min(end + _minutes(rng), now)))
            if not refunded and roll < 0.82 and start < now - timedelta(days=14):
                refunded = True  # the session was cut short: part of its price went back
                taken.append(_refund(taken[-1], session, min(price, 5000)))
        elif status == "no_show":
            fee = fee_for(price, NO_SHOW_POLICY) or 0
            session["fee"] = format_amount(fee)
            if roll < 0.6:
                taken.append(_payment(rng, session, fee, min(end + timedelta(days=1), now)))
        elif status == "cancelled" and session.get("late_cancellation"):
            fee = fee_for(price, LATE_CANCEL_POLICY) or 0
            session["fee"] = format_amount(fee)
            if not waived:
                waived = True
                session["fee_waived_by"], session["fee_waiver_reason"] = WAIVER
            elif roll < 0.7:
                cancelled = local_to_utc(datetime.fromisoformat(session["cancelled_at"]), zone)
                taken.append(_payment(rng, session, fee, min(cancelled + _minutes(rng), now)))
        elif status in ("scheduled", "confirmed") and roll < 0.12:  # paid ahead
            booked = min(start, now) - timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8))
            taken.append(_payment(rng, session, price, booked))
    return _numbered(taken, zone)


def _minutes(rng: random.Random) -> timedelta:
    return timedelta(minutes=rng.randint(1, 25))


def _payment(
    rng: random.Random, session: dict[str, Any], amount: int, at: datetime
) -> dict[str, Any]:
    method = rng.choices(["card", "cash", "transfer"], weights=[6, 3, 1])[0]
    payment: dict[str, Any] = {
        "receipt": None,  # numbered once all are drawn
        "kind": "payment",
        "client": session["client"],
        "amount": format_amount(amount),
        "method": method,
        "taken_by": rng.choices(["alex", "maria", "admin"], weights=[7, 2, 1])[0],
        "taken_at": at,
        "allocations": [{"session": session["reference"], "amount": format_amount(amount)}],
    }
    if method == "card":
        payment["reference"] = f"card ending {rng.choice(CARD_ENDINGS)}"
    elif method == "transfer":
        payment["reference"] = f"bank transfer {session['reference']}"
    return payment


def _refund(payment: dict[str, Any], session: dict[str, Any], amount: int) -> dict[str, Any]:
    """A supervisor gives part of a payment back, taking it from its session."""
    return {
        "receipt": None,
        "kind": "refund",
        "client": payment["client"],
        "amount": format_amount(amount),
        "method": payment["method"],
        "taken_by": "maria",
        "taken_at": payment["taken_at"] + timedelta(days=2),
        "answers": payment,
        "reason": "Session cut short: part of the price given back",
        "allocations": [{"session": session["reference"], "amount": format_amount(-amount)}],
    }


def _numbered(taken: list[dict[str, Any]], zone: ZoneInfo) -> list[dict[str, Any]]:
    """Receipts `RC-YYYY-NNNNNN` in the order the money moved, per year of the clinic."""
    counters: dict[int, int] = {}
    for payment in sorted(taken, key=lambda p: p["taken_at"]):
        year = payment["taken_at"].astimezone(zone).year
        counters[year] = counters.get(year, 0) + 1
        payment["receipt"] = f"RC-{year}-{counters[year]:06d}"
    for payment in taken:
        answers = payment.pop("answers", None)
        if answers is not None:
            payment["reverses"] = answers["receipt"]
    return [
        {**payment, "taken_at": format_local(payment["taken_at"], zone)}
        for payment in sorted(taken, key=lambda p: p["receipt"])
    ]
