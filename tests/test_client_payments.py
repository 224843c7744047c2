"""A client's payments as the profile lists them (app.money.receipts.client_payments), and
the profile's Payments tab showing them, on both databases."""

from __future__ import annotations

from pypdf import PdfReader

from app.booking import Override
from app.clients.profile import client_id_for_key
from app.money.payments import PaymentRequest, refund_payment, take_payment
from app.money.receipts import client_payments
from tests.booking_support import SUPERVISOR_PASSWORD
from tests.test_gui_payments import ALEX, NOW, WAIT, owing  # noqa: F401 (a fixture)
from ui.client_profile import ClientProfileDialog


def test_payments_newest_first_with_what_was_given_back_and_left(qtbot, owing) -> None:  # noqa: F811
    database, _first, _second, _upcoming = owing
    taken = take_payment(database, PaymentRequest("c1", 20000, "cash"), actor="alex", now=NOW)
    refund = refund_payment(
        database, taken.receipt, reason="asked", actor="maria", now=NOW, amount_cents=3000
    )
    client_id = client_id_for_key(database, "c1")
    lines = client_payments(database, client_id)
    assert [(line.receipt, line.kind.value) for line in lines] == [
        (refund.receipt, "refund"),
        (taken.receipt, "payment"),
    ]
    assert (lines[1].given_back_cents, lines[1].left_cents) == (3000, 17000)
    assert lines[0].answers == taken.receipt and lines[0].left_cents == 0
    assert lines[1].taken_at.tzinfo is not None and lines[1].taken_by == "alex"

    profile = ClientProfileDialog(database, client_id, ALEX, lambda: NOW)
    qtbot.addWidget(profile)
    qtbot.waitUntil(lambda: len(profile.payments.lines) == 2, timeout=WAIT)
    table = profile.payments.table
    assert table.item(1, 0).text() == taken.receipt
    assert (table.item(1, 5).text(), table.item(1, 6).text()) == ("30.00", "170.00")


def test_refund_reverse_and_reprint_from_the_profile(qtbot, owing, tmp_path) -> None:  # noqa: F811
    database, _first, _second, _upcoming = owing
    taken = take_payment(database, PaymentRequest("c1", 30000, "card"), actor="alex", now=NOW)
    client_id = client_id_for_key(database, "c1")
    profile = ClientProfileDialog(database, client_id, ALEX, lambda: NOW)
    qtbot.addWidget(profile)
    payments = profile.payments
    qtbot.waitUntil(lambda: len(payments.lines) == 1, timeout=WAIT)
    line = payments.lines[0]
    supervisor = Override("maria", SUPERVISOR_PASSWORD, "charged twice")

    payments.refund_with(line, 40000, supervisor)  # more than is left: refused, nothing done
    qtbot.waitUntil(lambda: "left to give back" in payments.message.text(), timeout=WAIT)
    assert len(client_payments(database, client_id)) == 1

    payments.refund_with(line, 5000, supervisor)
    qtbot.waitUntil(lambda: "Refunded" in payments.message.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: len(payments.lines) == 2, timeout=WAIT)
    assert client_payments(database, client_id)[1].left_cents == 25000

    payments.reverse_with(payments.lines[1], supervisor)
    qtbot.waitUntil(lambda: "Reversed" in payments.message.text(), timeout=WAIT)
    lines = client_payments(database, client_id)
    assert [line.kind.value for line in lines] == ["reversal", "refund", "payment"]
    assert lines[2].left_cents == 0

    payments.select_receipt(taken.receipt)
    target = tmp_path / "receipt.pdf"
    payments.save_receipt_to(target)
    qtbot.waitUntil(target.exists, timeout=WAIT)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    assert taken.receipt in text and "Ana One" in text and "300.00" in text
    assert "Refund RC-2026-000002" in text and "Reversal RC-2026-000003" in text
