"""The cash-up window (docs/desk.md, Cash-up) on a real database: opened from the Clinic
menu on the clinic's today, another day picked, its totals shown; money taken while it is
open appears; the PDF it saves reads back with the same numbers."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QDate
from sqlalchemy import text

from app.auth.staff import StaffUser
from app.money.cashup import cash_up
from app.money.payments import PaymentRequest, take_payment
from db.engine import Database
from db.enums import PaymentMethod, Role
from tests.booking_support import at
from tests.test_money_cashup import a_day_of_money
from ui.cashup_window import CashUpWindow
from ui.documents.cashup import cashup_document
from ui.documents.pdf import save_pdf
from ui.live import LiveChanges
from ui.main_window import MainWindow

NOW = at("2026-11-25T10:00").astimezone(UTC)  # the day after the day of money
ALEX = StaffUser("alex", "Alex", Role.FRONT_DESK)


def open_window(qtbot: Any, database: Database) -> MainWindow:
    window = MainWindow(database, user=ALEX, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=10_000)
    return window


def shown_methods(cashup_window: CashUpWindow) -> dict[str, str]:
    return {method: label.text() for method, label in cashup_window.method_taken.items()}


def test_the_clinic_menu_opens_todays_cash_up_and_a_picked_day_shows_its_totals(
    qtbot: Any, database: Database, tmp_path: Path
) -> None:
    a_day_of_money(database)
    window = open_window(qtbot, database)
    window.menus.cashup_action.trigger()
    cashup = window.dialogs.cashup_window
    assert cashup is not None and cashup.isVisible()
    assert cashup.day == date(2026, 11, 25)  # the clinic's today
    qtbot.waitUntil(lambda: cashup.cashup is not None, timeout=10_000)
    assert shown_methods(cashup) == {"cash": "200.00", "card": "0.00", "transfer": "0.00",
                                     "other": "0.00"}  # fmt: skip
    with qtbot.waitSignal(cashup.loaded, timeout=10_000):
        cashup.date_edit.setDate(QDate(2026, 11, 24))
    assert cashup.cashup is not None and cashup.cashup.day == date(2026, 11, 24)
    assert shown_methods(cashup) == {"cash": "70.00", "card": "150.00", "transfer": "70.00",
                                     "other": "40.00"}  # fmt: skip
    assert cashup.expected_cash.text() == "45.00 USD"
    assert (cashup.total_taken.text(), cashup.total_refunded.text()) == ("330.00", "45.00")
    assert cashup.method_refunded["cash"].text() == "25.00"
    users = [(cashup.users.item(r, 0).text(), cashup.users.item(r, 1).text())
             for r in range(cashup.users.rowCount())]  # fmt: skip
    assert users == [("alex", "240.00"), ("maria", "90.00")]
    assert cashup.entries.rowCount() == 10
    first = [cashup.entries.item(0, c).text() for c in range(cashup.entries.columnCount())]
    assert first[0] == "00:00" and first[2:] == ["Payment", "Ana One", "Cash", "50.00", "alex"]
    reversal = [cashup.entries.item(5, c).text() for c in (2, 3, 5, 6)]
    assert reversal == ["Reversal", "Cy Three", "-30.00", "maria"]
    cashup.grab().save(str(tmp_path / "cashup.png"))


def test_money_taken_elsewhere_while_open_is_shown(qtbot: Any, database: Database) -> None:
    """Heard through the database's change signal, as from another desk."""
    a_day_of_money(database)
    cashup = CashUpWindow(database, date(2026, 11, 24))
    qtbot.addWidget(cashup)
    cashup.show()
    qtbot.waitUntil(lambda: cashup.cashup is not None, timeout=10_000)
    live = LiveChanges(database)
    live.start()
    try:
        assert live.ready.wait(10)
        take_payment(database, PaymentRequest("c2", 2500, PaymentMethod.CASH), actor="alex",
                     now=at("2026-11-24T17:00"))  # fmt: skip
        qtbot.waitUntil(lambda: cashup.expected_cash.text() == "70.00 USD", timeout=10_000)
    finally:
        live.stop()
    assert cashup.entries.rowCount() == 11


def test_the_saved_pdf_reads_back_with_the_days_numbers(
    qtbot: Any, sqlite_database: Database, tmp_path: Path
) -> None:
    a_day_of_money(sqlite_database)
    cashup = CashUpWindow(sqlite_database, date(2026, 11, 24))
    qtbot.addWidget(cashup)
    qtbot.waitUntil(lambda: cashup.cashup is not None, timeout=10_000)
    target = tmp_path / "cashup.pdf"
    assert cashup.save_pdf_to(target)
    # pypdf may split a word where a table cell's glyphs are spaced: compare without spaces
    text = "".join("".join(page.extract_text() for page in PdfReader(target).pages).split())
    assert "Cash-up—Tuesday24November2026" in text
    assert "Expectedcashinthedrawer:45.00" in text
    for expected in ("Cash70.0025.00", "Card150.000.00", "Transfer70.0020.00",
                     "Total330.0045.00", "alex240.00", "maria90.00",
                     "13:00RC-2026-000007ReversalCyThreeCash-30.00maria",
                     "23:59RC-2026-000011PaymentAnaOneOther40.00alex"):  # fmt: skip
        assert expected in text, expected
    assert not cashup.save_pdf_to(tmp_path / "missing" / "cashup.pdf")
    assert "does not exist" in cashup.message.text()


def test_the_document_uses_the_clinics_currency(
    qtbot: Any, sqlite_database: Database, tmp_path: Path
) -> None:
    a_day_of_money(sqlite_database)
    with sqlite_database.write() as session:
        session.execute(text("UPDATE clinic_settings SET currency = 'JPY'"))
    target = tmp_path / "yen.pdf"
    save_pdf(cashup_document(cash_up(sqlite_database, date(2026, 11, 24))), target)
    read = "".join("".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert "AmountsinJPY" in read and "Expectedcashinthedrawer:4500" in read
