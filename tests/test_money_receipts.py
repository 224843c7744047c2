"""What a receipt says (app.money.receipts), read from real payments on both databases, and
the printed document built from it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.money.payments import (
    MoneyInputError,
    PaymentRequest,
    apply_credit,
    refund_payment,
    take_payment,
)
from app.money.receipts import GivenBack, ReceiptLine, load_receipt
from db.engine import Database
from db.enums import PaymentKind, PaymentMethod
from tests.booking_support import at
from tests.money_support import book_session, complete, money_clinic
from ui.documents.receipt import receipt_document


def test_a_receipt_shows_its_payment_as_it_stands(database: Database) -> None:
    money_clinic(database)
    done = book_session(database, "c1", "2026-11-24T09:00")
    upcoming = book_session(database, "c1", "2026-11-26T13:00", therapist="carter")
    complete(database, done, at("2026-11-24T09:10"))
    paid = take_payment(
        database,
        PaymentRequest("c1", 20000, PaymentMethod.CARD, "VISA 4242", sessions=(done,)),
        actor="alex",
        now=at("2026-11-24T18:05"),
    )
    view = load_receipt(database, paid.receipt)
    assert (view.receipt, view.kind, view.method, view.reference) == (
        "RC-2026-000001", PaymentKind.PAYMENT, PaymentMethod.CARD, "VISA 4242",
    )  # fmt: skip
    assert view.taken_at == at("2026-11-24T18:05") and str(view.taken_at.tzinfo) == (
        "America/New_York"
    )
    assert (view.clinic_name, view.client_name, view.client_key, view.taken_by) == (
        "Test Clinic", "Ana One", "c1", "alex",
    )  # fmt: skip
    assert (view.currency, view.amount_cents, view.credit_left_cents) == ("USD", 20000, 5000)
    assert view.lines == (
        ReceiptLine(done, at("2026-11-24T09:00"), "Individual", "Dr. Kim", 15000),
    )

    # credit moved to the upcoming session, then part of the payment refunded
    apply_credit(database, "c1", actor="alex", now=at("2026-11-24T18:10"), sessions=(upcoming,))
    refund = refund_payment(
        database, paid.receipt, reason="Moved", actor="maria", now=at("2026-11-24T18:20"),
        amount_cents=2000,
    )  # fmt: skip
    again = load_receipt(database, paid.receipt)
    assert again.lines == (
        ReceiptLine(done, at("2026-11-24T09:00"), "Individual", "Dr. Kim", 15000),
        ReceiptLine(upcoming, at("2026-11-26T13:00"), "Individual", "Dr. Carter", 3000),
    )
    assert again.credit_left_cents == 0
    assert again.given_back == (GivenBack(refund.receipt, PaymentKind.REFUND, 2000),)

    answer = load_receipt(database, refund.receipt)
    assert (answer.kind, answer.answers, answer.reason, answer.amount_cents) == (
        PaymentKind.REFUND, paid.receipt, "Moved", 2000,
    )  # fmt: skip
    assert answer.lines == (
        ReceiptLine(upcoming, at("2026-11-26T13:00"), "Individual", "Dr. Carter", 2000),
    )
    assert answer.given_back == ()


def test_an_unknown_or_malformed_receipt_is_bad_input(database: Database) -> None:
    money_clinic(database)
    take_payment(database, PaymentRequest("c1", 100, PaymentMethod.CASH), actor="alex",
                 now=at("2026-11-24T18:00"))  # fmt: skip
    for number in ("RC-2026-000009", "", "BK-2026-000001", "RC-2026-00000x",
                   "RC-2026-000001\x00", "RC-2026-000001\udcff"):  # fmt: skip
        with pytest.raises(MoneyInputError, match="no receipt"):
            load_receipt(database, number)
    assert load_receipt(database, " rc-2026-000001 ").receipt == "RC-2026-000001"


def test_the_document_escapes_what_people_typed(qapp: object, sqlite_database: Database) -> None:
    money_clinic(sqlite_database)
    with sqlite_database.write() as session:
        session.execute(text("UPDATE clients SET name = '<b>Ana</b> & Co' WHERE key = 'c1'"))
    paid = take_payment(
        sqlite_database,
        PaymentRequest("c1", 1050, PaymentMethod.TRANSFER, "<i>ref</i>"),
        actor="alex",
        now=at("2026-11-24T18:00"),
    )
    document = receipt_document(load_receipt(sqlite_database, paid.receipt))
    plain = document.toPlainText()
    assert "<b>Ana</b> & Co (c1)" in plain and "<i>ref</i>" in plain
    assert "Receipt RC-2026-000001" in plain and "10.50 USD" in plain
    assert "Held as credit on the client's account." in plain
    assert "Bank transfer" in plain and "Taken by alex" in plain


def test_a_reprint_of_a_payment_given_back_in_full_says_so(
    qapp: object, sqlite_database: Database
) -> None:
    """Not "Held as credit" beside "Credit left 0.00" and its refund."""
    money_clinic(sqlite_database)
    done = book_session(sqlite_database, "c1", "2026-11-24T09:00")
    complete(sqlite_database, done, at("2026-11-24T09:10"))
    paid = take_payment(
        sqlite_database,
        PaymentRequest("c1", 15000, PaymentMethod.CASH, sessions=(done,)),
        actor="alex",
        now=at("2026-11-24T18:00"),
    )
    refund_payment(sqlite_database, paid.receipt, reason="Paid twice", actor="maria",
                   now=at("2026-11-24T18:30"))  # fmt: skip
    view = load_receipt(sqlite_database, paid.receipt)
    assert view.lines == () and view.credit_left_cents == 0 and len(view.given_back) == 1
    plain = receipt_document(view).toPlainText()
    assert "Held as credit" not in plain
    assert "All of it was given back (below)." in plain and "Refund RC-2026-000002" in plain
