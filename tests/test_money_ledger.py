"""Payments, allocations, credit, refunds and derived statuses against both databases."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.booking.lifecycle import cancel
from app.booking.rescheduling import reschedule
from app.money.ledger import PaymentStatus, client_balance, session_charges
from app.money.payments import (
    Allocation,
    MoneyInputError,
    MoneyRefusedError,
    PaymentRequest,
    apply_credit,
    refund_payment,
    reverse_payment,
    take_payment,
)
from db.engine import Database
from db.enums import PaymentMethod
from tests.booking_support import at
from tests.money_support import book_session, complete, money_clinic, rows

NOW = at("2026-11-24T18:00")


def _client_id(database: Database, key: str) -> int:
    return rows(database, "SELECT id FROM clients WHERE key = :k", k=key)[0][0]


def _status(database: Database, reference: str) -> PaymentStatus:
    with database.read() as session:
        sid = rows(database, "SELECT id FROM sessions WHERE reference = :r", r=reference)[0][0]
        return session_charges(session, [sid])[sid].payment_status


def _balance(database: Database, key: str) -> tuple[int, int]:
    with database.read() as session:
        balance = client_balance(session, _client_id(database, key))
    return balance.balance_cents, balance.credit_cents


def test_a_payment_settles_owed_sessions_oldest_first_and_the_rest_is_credit(
    database: Database,
) -> None:
    money_clinic(database)
    first = book_session(database, "c1", "2026-11-24T09:00")
    second = book_session(database, "c1", "2026-11-24T13:00")
    complete(database, first, at("2026-11-24T09:10"))
    complete(database, second, at("2026-11-24T13:10"))
    assert _balance(database, "c1") == (30000, 0)
    result = take_payment(
        database, PaymentRequest("c1", 20000, PaymentMethod.CASH), actor="alex", now=NOW
    )
    assert result.receipt == "RC-2026-000001"
    assert result.allocated == (Allocation(first, 15000), Allocation(second, 5000))
    assert result.credit_cents == 0
    assert (_status(database, first), _status(database, second)) == (
        PaymentStatus.PAID,
        PaymentStatus.PARTLY_PAID,
    )
    more = take_payment(
        database, PaymentRequest("c1", 15000, PaymentMethod.CARD), actor="alex", now=NOW
    )
    assert more.receipt == "RC-2026-000002"
    assert more.allocated == (Allocation(second, 10000),) and more.credit_cents == 5000
    assert _balance(database, "c1") == (-5000, 5000)  # in credit


def test_an_advance_payment_is_neither_owed_nor_credit_until_the_session_happens(
    database: Database,
) -> None:
    money_clinic(database)
    upcoming = book_session(database, "c1", "2026-11-25T09:00")
    take_payment(
        database,
        PaymentRequest("c1", 15000, PaymentMethod.CARD, sessions=(upcoming,)),
        actor="alex",
        now=NOW,
    )
    assert _status(database, upcoming) == PaymentStatus.PAID
    assert _balance(database, "c1") == (0, 0)
    complete(database, upcoming, at("2026-11-25T09:05"))
    assert _balance(database, "c1") == (0, 0)


def test_credit_settles_sessions_when_used(database: Database) -> None:
    money_clinic(database)
    take_payment(database, PaymentRequest("c1", 10000, PaymentMethod.CASH), actor="alex", now=NOW)
    session = book_session(database, "c1", "2026-11-25T09:00")
    complete(database, session, at("2026-11-25T09:05"))
    assert _balance(database, "c1") == (5000, 10000)
    used = apply_credit(database, "c1", actor="alex", now=at("2026-11-25T10:00"))
    assert used == [Allocation(session, 10000)]
    assert _status(database, session) == PaymentStatus.PARTLY_PAID
    assert _balance(database, "c1") == (5000, 0)


def test_refunds_take_credit_first_and_never_more_than_was_paid(database: Database) -> None:
    money_clinic(database)
    session = book_session(database, "c1", "2026-11-24T09:00")
    complete(database, session, at("2026-11-24T09:10"))
    paid = take_payment(
        database, PaymentRequest("c1", 20000, PaymentMethod.CASH), actor="alex", now=NOW
    )
    assert paid.credit_cents == 5000
    with pytest.raises(MoneyRefusedError):  # front desk may not refund
        refund_payment(database, paid.receipt, reason="overpaid", actor="alex", now=NOW)
    with pytest.raises(MoneyRefusedError):
        refund_payment(
            database, paid.receipt, amount_cents=20001, reason="x", actor="maria", now=NOW
        )
    refund = refund_payment(
        database, paid.receipt, amount_cents=5000, reason="overpaid", actor="maria", now=NOW
    )
    assert (refund.receipt, refund.taken_back) == ("RC-2026-000002", ())
    assert _status(database, session) == PaymentStatus.PAID and _balance(database, "c1") == (0, 0)
    reversal = reverse_payment(
        database, paid.receipt, reason="wrong client", actor="maria", now=NOW
    )
    assert reversal.amount_cents == 15000 and reversal.taken_back == (Allocation(session, 15000),)
    assert _status(database, session) == PaymentStatus.PENDING  # owed again
    assert _balance(database, "c1") == (15000, 0)
    with pytest.raises(MoneyRefusedError):
        refund_payment(database, paid.receipt, reason="again", actor="maria", now=NOW)


def test_bad_payments_change_nothing(database: Database) -> None:
    money_clinic(database)
    other = book_session(database, "c2", "2026-11-24T09:00")
    before = rows(database, "SELECT count(*) FROM payments")
    for request in (
        PaymentRequest("c1", 0, PaymentMethod.CASH),
        PaymentRequest("c1", -5, PaymentMethod.CASH),
        PaymentRequest("c1", 100, "cheque"),
        PaymentRequest("nobody", 100, PaymentMethod.CASH),
        PaymentRequest("c1", 100, PaymentMethod.CASH, sessions=(other,)),
        PaymentRequest("c1", 100, PaymentMethod.CASH, sessions=("BK-2026-999999",)),
        PaymentRequest("c2", 100, PaymentMethod.CASH, allocations=(Allocation(other, 15001),)),
    ):
        with pytest.raises(MoneyInputError):
            take_payment(database, request, actor="alex", now=NOW)
    assert rows(database, "SELECT count(*) FROM payments") == before
    assert rows(database, "SELECT last_number FROM receipt_counters") == []


def test_payments_and_allocations_are_never_edited_or_deleted(database: Database) -> None:
    money_clinic(database)
    take_payment(database, PaymentRequest("c1", 100, PaymentMethod.CASH), actor="alex", now=NOW)
    for statement in (
        "UPDATE payments SET amount_cents = 1",
        "UPDATE payments SET reference = 'x'",
        "DELETE FROM payments",
    ):
        with pytest.raises(DBAPIError), database.write() as session:
            session.execute(text(statement))
    with database.write() as session:  # an erasure may blank the reference
        session.execute(text("UPDATE payments SET reference = NULL"))
    reference = book_session(database, "c1", "2026-11-26T09:00")
    take_payment(database, PaymentRequest("c1", 5000, PaymentMethod.CASH, sessions=(reference,)),
                 actor="alex", now=NOW)  # fmt: skip
    for statement in (
        "UPDATE payment_allocations SET amount_cents = 1",
        "DELETE FROM payment_allocations",
    ):
        with pytest.raises(DBAPIError), database.write() as session:
            session.execute(text(statement))
    assert rows(database, "SELECT amount_cents FROM payment_allocations") == [(5000,)]


def test_a_reversal_is_audited_with_who_why_and_what_it_answers(database: Database) -> None:
    money_clinic(database)
    paid = take_payment(database, PaymentRequest("c1", 2500, PaymentMethod.CASH),
                        actor="alex", now=NOW)  # fmt: skip
    reversal = reverse_payment(database, paid.receipt, reason="wrong client", actor="maria",
                               now=NOW)  # fmt: skip
    [(actor, reason, after)] = rows(
        database, "SELECT actor, reason, after FROM audit_log WHERE action = 'payment.reversal'"
    )
    after = json.loads(after) if isinstance(after, str) else after
    assert (actor, reason) == ("maria", "wrong client")
    assert reversal.receipt in json.dumps(after) and paid.receipt in json.dumps(after)


def test_receipts_follow_the_clinics_year_at_its_local_midnight(database: Database) -> None:
    """New York's 31 December 23:59 is already 1 January in UTC: still the old year's
    receipt; the first payment after local midnight starts the new year at 000001."""
    money_clinic(database)
    before = take_payment(database, PaymentRequest("c1", 100, PaymentMethod.CASH),
                          actor="alex", now=at("2026-12-31T23:59"))  # fmt: skip
    after = take_payment(database, PaymentRequest("c1", 100, PaymentMethod.CASH),
                         actor="alex", now=at("2027-01-01T00:10"))  # fmt: skip
    assert before.receipt.startswith("RC-2026-") and after.receipt == "RC-2027-000001"


def test_a_new_service_price_leaves_booked_sessions_at_theirs(database: Database) -> None:
    money_clinic(database)
    booked = book_session(database, "c1", "2026-11-26T09:00")
    with database.write() as session:
        session.execute(text("UPDATE services SET price_cents = 17500 WHERE key = 'individual'"))
    later = book_session(database, "c1", "2026-11-27T09:00")
    prices = dict(rows(database, "SELECT reference, price_cents FROM sessions"))
    assert (prices[booked], prices[later]) == (15000, 17500)


def _held(database: Database, reference: str) -> int:
    return rows(
        database,
        "SELECT COALESCE(SUM(a.amount_cents), 0) FROM payment_allocations AS a"
        " JOIN sessions AS s ON s.id = a.session_id WHERE s.reference = :r",
        r=reference,
    )[0][0]


def test_a_move_after_a_partial_refund_moves_only_what_is_left(database: Database) -> None:
    money_clinic(database)
    upcoming = book_session(database, "c1", "2026-11-26T09:00")
    paid = take_payment(
        database,
        PaymentRequest("c1", 10000, PaymentMethod.CARD, sessions=(upcoming,)),
        actor="alex",
        now=NOW,
    )
    refund_payment(database, paid.receipt, amount_cents=4000, reason="half", actor="maria", now=NOW)
    moved = reschedule(database, upcoming, at("2026-11-26T13:00"), actor="alex", now=NOW)
    assert (_held(database, upcoming), _held(database, moved.reference)) == (0, 6000)
    assert _balance(database, "c1") == (0, 0)


def test_a_cancellation_never_releases_money_already_refunded(database: Database) -> None:
    money_clinic(database)
    upcoming = book_session(database, "c1", "2026-11-26T09:00")
    first, second = (
        take_payment(
            database,
            PaymentRequest("c1", 5000, PaymentMethod.CASH, sessions=(upcoming,)),
            actor="alex",
            now=NOW,
        )
        for _ in range(2)
    )
    refund_payment(database, second.receipt, reason="paid twice", actor="maria", now=NOW)
    cancel(database, upcoming, "moved away", actor="alex", now=NOW)
    assert _held(database, upcoming) == 0 and _balance(database, "c1") == (-5000, 5000)
    refund_payment(database, first.receipt, reason="cancelled", actor="maria", now=NOW)
    assert _held(database, upcoming) == 0 and _balance(database, "c1") == (0, 0)
    assert _status(database, upcoming) == PaymentStatus.REFUNDED


def test_a_refunded_session_that_is_owed_is_pending_again(database: Database) -> None:
    money_clinic(database)
    session = book_session(database, "c1", "2026-11-24T09:00")
    complete(database, session, at("2026-11-24T09:10"))
    paid = take_payment(
        database, PaymentRequest("c1", 15000, PaymentMethod.CASH), actor="alex", now=NOW
    )
    reverse_payment(database, paid.receipt, reason="wrong card", actor="maria", now=NOW)
    assert _status(database, session) == PaymentStatus.PENDING
