"""The day's cash-up against sums worked out by hand, on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from app.money.cashup import CashUp, cash_up
from app.money.payments import PaymentRequest, refund_payment, reverse_payment, take_payment
from db.engine import Database
from db.enums import PaymentKind, PaymentMethod
from tests.booking_support import at
from tests.money_support import money_clinic

DAY = date(2026, 11, 24)  # New York: the local day is 05:00 UTC to 05:00 UTC the next day


def _pay(database: Database, client: str, cents: int, method: PaymentMethod, user: str,
         when: str) -> str:  # fmt: skip
    request = PaymentRequest(client, cents, method)
    return take_payment(database, request, actor=user, now=at(when)).receipt


def a_day_of_money(database: Database) -> dict[str, str]:
    """Payments by alex and maria with every method, a reversal, refunds (one of a payment
    of the day before), and entries either side of both local midnights."""
    money_clinic(database)
    cash, card, transfer = PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.TRANSFER
    receipts = {
        "eve": _pay(database, "c1", 10000, cash, "alex", "2026-11-23T23:59"),  # the day before
        "first": _pay(database, "c1", 5000, cash, "alex", "2026-11-24T00:00"),
        "card": _pay(database, "c1", 15000, card, "alex", "2026-11-24T09:00"),
        "maria_cash": _pay(database, "c2", 2000, cash, "maria", "2026-11-24T10:00"),
        "transfer": _pay(database, "c2", 7000, transfer, "maria", "2026-11-24T11:00"),
        "mistake": _pay(database, "c3", 3000, cash, "alex", "2026-11-24T12:00"),
    }
    supervisor = {"actor": "maria", "reason": "client asked"}
    reverse_payment(database, receipts["mistake"], now=at("2026-11-24T13:00"), **supervisor)
    refund_payment(database, receipts["transfer"], amount_cents=2000,
                   now=at("2026-11-24T14:00"), **supervisor)  # fmt: skip
    refund_payment(database, receipts["first"], amount_cents=1500,
                   now=at("2026-11-24T15:00"), **supervisor)  # fmt: skip
    refund_payment(database, receipts["eve"], amount_cents=1000,
                   now=at("2026-11-24T16:00"), **supervisor)  # fmt: skip
    receipts["late"] = _pay(database, "c1", 4000, PaymentMethod.OTHER, "alex",
                            "2026-11-24T23:59:30")  # fmt: skip
    receipts["next_day"] = _pay(database, "c1", 20000, cash, "alex", "2026-11-25T00:00:30")
    return receipts


def test_the_days_totals_by_method_and_user_net_of_reversals(database: Database) -> None:
    a_day_of_money(database)
    day = cash_up(database, DAY)
    # cash 5000 + 2000 + 3000 − 3000 reversed; the eve's and the next day's payments are out
    assert day.by_method == {"cash": 7000, "card": 15000, "transfer": 7000, "other": 4000}
    # alex 5000 + 15000 + 4000 (his 3000 by mistake reversed: a reversal counts against who
    # took the payment, not the supervisor recording it); maria 2000 + 7000
    assert day.by_user == {"alex": 24000, "maria": 9000}
    # 2000 by transfer; 1500 + 1000 in cash (one of them answers the day before's payment)
    assert day.refunds_by_method == {"cash": 2500, "card": 0, "transfer": 2000, "other": 0}
    assert day.refunds_cents == 4500
    assert day.expected_cash_cents == 7000 - 2500
    assert day.taken_cents == 33000
    assert day.as_json() == {
        "date": "2026-11-24",
        "by_method": {"cash": 7000, "card": 15000, "transfer": 7000, "other": 4000},
        "by_user": {"alex": 24000, "maria": 9000},
        "refunds_cents": 4500,
        "expected_cash_cents": 4500,
    }


def test_the_days_entries_in_order_with_client_names_and_local_times(database: Database) -> None:
    receipts = a_day_of_money(database)
    entries = cash_up(database, DAY).entries
    listed = [
        (f"{e.taken_at:%H:%M:%S}", e.kind, e.method, e.signed_cents, e.taken_by, e.client_name)
        for e in entries
    ]
    assert listed == [
        ("00:00:00", PaymentKind.PAYMENT, PaymentMethod.CASH, 5000, "alex", "Ana One"),
        ("09:00:00", PaymentKind.PAYMENT, PaymentMethod.CARD, 15000, "alex", "Ana One"),
        ("10:00:00", PaymentKind.PAYMENT, PaymentMethod.CASH, 2000, "maria", "Ben Two"),
        ("11:00:00", PaymentKind.PAYMENT, PaymentMethod.TRANSFER, 7000, "maria", "Ben Two"),
        ("12:00:00", PaymentKind.PAYMENT, PaymentMethod.CASH, 3000, "alex", "Cy Three"),
        ("13:00:00", PaymentKind.REVERSAL, PaymentMethod.CASH, -3000, "maria", "Cy Three"),
        ("14:00:00", PaymentKind.REFUND, PaymentMethod.TRANSFER, -2000, "maria", "Ben Two"),
        ("15:00:00", PaymentKind.REFUND, PaymentMethod.CASH, -1500, "maria", "Ana One"),
        ("16:00:00", PaymentKind.REFUND, PaymentMethod.CASH, -1000, "maria", "Ana One"),
        ("23:59:30", PaymentKind.PAYMENT, PaymentMethod.OTHER, 4000, "alex", "Ana One"),
    ]
    assert all(e.taken_at.date() == DAY for e in entries)
    assert entries[0].receipt == receipts["first"] and entries[-1].receipt == receipts["late"]


@pytest.mark.parametrize(
    ("day", "cash", "users"),
    [
        (date(2026, 11, 23), 10000, {"alex": 10000}),  # 23:59 local is 04:59 UTC on the 24th
        (date(2026, 11, 25), 20000, {"alex": 20000}),  # 00:00:30 local is 05:00:30 UTC
    ],
)
def test_the_days_either_side_hold_the_entries_by_local_midnight(
    database: Database, day: date, cash: int, users: dict[str, int]
) -> None:
    a_day_of_money(database)
    found = cash_up(database, day)
    assert found.by_method == {"cash": cash, "card": 0, "transfer": 0, "other": 0}
    assert found.by_user == users
    assert (found.refunds_cents, found.expected_cash_cents) == (0, cash)
    assert len(found.entries) == 1


def test_a_day_without_money_lists_every_method_at_zero(database: Database) -> None:
    money_clinic(database)
    empty: CashUp = cash_up(database, DAY)
    assert empty.as_json() == {
        "date": "2026-11-24",
        "by_method": {"cash": 0, "card": 0, "transfer": 0, "other": 0},
        "by_user": {},
        "refunds_cents": 0,
        "expected_cash_cents": 0,
    }
    assert empty.entries == () and empty.currency == "USD"


def test_a_database_without_a_clinic_says_so(database: Database) -> None:
    with pytest.raises(LookupError, match="no clinic"):
        cash_up(database, DAY)
