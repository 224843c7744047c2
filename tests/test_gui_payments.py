"""Taking a payment at the desk through the real widgets, on both databases (docs/money.md,
Taking a payment): from a session's menu, the split and its editing, what the dialog
refuses, credit, the balance in the profile and the booking dialog, and the cards' paid/due
markers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app.auth.staff import StaffUser
from app.clients.finding import find_clients
from app.desk_calendar import load_desk_calendar
from app.live_changes import Change
from app.money.payments import PaymentRequest, take_payment
from db.engine import Database
from db.enums import PaymentMethod, Role
from tests.booking_support import at
from tests.money_support import book_session, complete, money_clinic, rows
from ui.booking_dialog import BookingDialog
from ui.calendar_view import ViewMode
from ui.live import desk_change
from ui.main_window import MainWindow
from ui.operations import changes
from ui.payment_dialog import PaymentDialog

NOW = at("2026-11-24T18:00")  # a Tuesday, after both sessions of the day
DAY = date(2026, 11, 24)
ALEX = StaffUser("alex", "Alex", Role.FRONT_DESK)
WAIT = 10_000


@pytest.fixture
def owing(database: Database) -> tuple[Database, str, str, str]:
    """Ana One (c1) owes two completed sessions of 150.00 today and has one upcoming on
    Thursday (owes nothing yet)."""
    money_clinic(database)
    first = book_session(database, "c1", "2026-11-24T09:00")
    second = book_session(database, "c1", "2026-11-24T13:00")
    upcoming = book_session(database, "c1", "2026-11-26T09:00")
    complete(database, first, at("2026-11-24T09:10"))
    complete(database, second, at("2026-11-24T13:10"))
    return database, first, second, upcoming


def allocations(database: Database) -> list[tuple[Any, ...]]:
    return rows(
        database,
        "SELECT p.receipt, p.amount_cents, p.method, s.reference, a.amount_cents"
        " FROM payments p LEFT JOIN payment_allocations a ON a.payment_id = p.id"
        " LEFT JOIN sessions s ON s.id = a.session_id ORDER BY p.id, a.id",
    )


def open_dialog(qtbot, database: Database, **where: str) -> PaymentDialog:
    dialog = PaymentDialog(database, ALEX, lambda: NOW, **where)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.show()
    qtbot.waitUntil(lambda: dialog.amount_cents() is None or _proposal_shown(dialog), timeout=WAIT)
    return dialog


def _proposal_shown(dialog: PaymentDialog) -> bool:
    amount = dialog.amount_cents() or 0
    outstanding = sum(s.outstanding_cents for s in dialog.account.sessions if s.owes_now)  # type: ignore[union-attr]
    return dialog.allocated_cents() == min(amount, outstanding) or not dialog.shares


def type_amount(qtbot, dialog: PaymentDialog, text: str) -> None:
    """Type an amount as a person does and wait for the split it proposes."""
    dialog.amount.selectAll()
    with qtbot.waitSignal(dialog.proposed, timeout=WAIT):
        qtbot.keyClicks(dialog.amount, text)


def rows_shown(dialog: PaymentDialog) -> list[tuple[str, str, str, str]]:
    """(reference, due, paid, this payment) of every row, as shown."""
    table = dialog.table
    return [
        (
            table.item(row, 0).text().rsplit(" · ", 1)[1],
            table.item(row, 2).text(),
            table.item(row, 3).text(),
            table.cellWidget(row, 4).text(),  # type: ignore[attr-defined]
        )
        for row in range(table.rowCount())
    ]


def open_window(qtbot, database: Database) -> MainWindow:
    window = MainWindow(database, user=ALEX, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.resize(1400, 1000)
    window.show()
    qtbot.waitUntil(lambda: window.calendar is not None, timeout=WAIT)
    window.set_mode(ViewMode.THERAPISTS)
    with qtbot.waitSignal(window.calendar_shown, timeout=WAIT):
        window.show_day(DAY)
    return window


def card_marker(window: MainWindow, reference: str) -> str:
    """The marker of the session's card in the loaded week (drawn when its day is shown)."""
    assert window.calendar is not None
    return next(c.payment for c in window.calendar.sessions if c.reference == reference)


def test_a_payment_taken_from_a_sessions_menu_pays_that_session_first(
    qtbot, owing: tuple[Database, str, str, str], tmp_path: Path
) -> None:
    database, first, second, upcoming = owing
    window = open_window(qtbot, database)
    assert card_marker(window, first) == card_marker(window, second) == "150.00 due"
    assert card_marker(window, upcoming) == ""  # upcoming and unpaid: nothing to say

    assert window.calendar is not None
    card = next(c for c in window.calendar.sessions if c.reference == second)
    menu = window.calendar_view.session_menu(card)  # what a right click on the card shows
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&Open", "Take &payment…", "Change &price…"
    ]  # fmt: skip
    take = next(a for a in menu.actions() if a.text() == "Take &payment…")
    assert isinstance(take, QAction)
    take.trigger()
    dialog = window.dialogs.payment_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.account is not None and _proposal_shown(dialog), timeout=WAIT)
    assert dialog.client_label.text() == "Ana One"
    assert dialog.balance_label.text() == "Owes 300.00"
    # the session it was opened from first, then the one owed, then the upcoming one
    assert rows_shown(dialog) == [
        (second, "150.00", "0.00", "150.00"),
        (first, "150.00", "0.00", "0.00"),
        (upcoming, "150.00", "0.00", "0.00"),
    ]
    assert dialog.amount.text() == "150.00"  # the opened session's outstanding
    type_amount(qtbot, dialog, "200")
    assert [r[3] for r in rows_shown(dialog)] == ["150.00", "50.00", "0.00"]
    assert dialog.credit_label.text() == ""
    dialog.method.setCurrentIndex(dialog.method.findData("card"))
    dialog.reference.setText("slip 0042")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignals([dialog.paid, dialog.receipt_ready], timeout=WAIT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.receipt_label.text() == "Payment taken: receipt RC-2026-000001"
    assert dialog.pages.currentIndex() == 1
    assert dialog.print_button.isEnabled() and dialog.pdf_button.isEnabled()
    # Save receipt as PDF…: the receipt as it prints (pypdf may split words: no spaces)
    target = tmp_path / "receipt.pdf"
    assert dialog.save_receipt_to(target)
    assert dialog.receipt_message.text() == f"Saved {target}"
    text = "".join("".join(page.extract_text() for page in PdfReader(target).pages).split())
    assert "RC-2026-000001" in text and "AnaOne" in text and second in text and first in text
    assert not dialog.save_receipt_to(tmp_path / "missing" / "receipt.pdf")
    assert "does not exist" in dialog.receipt_message.text()
    assert allocations(database) == [
        ("RC-2026-000001", 20000, "card", second, 15000),
        ("RC-2026-000001", 20000, "card", first, 5000),
    ]
    assert rows(database, "SELECT reference FROM payments") == [("slip 0042",)]
    # the write's announcement reloads the cards: paid, and what is still due
    qtbot.waitUntil(lambda: card_marker(window, second) == "Paid", timeout=WAIT)
    assert card_marker(window, first) == "100.00 due"
    dialog.close_button.click()


def test_editing_a_row_keeps_the_split_and_the_rest_becomes_credit(
    qtbot, owing: tuple[Database, str, str, str]
) -> None:
    database, first, second, upcoming = owing
    dialog = open_dialog(qtbot, database, client_key="c1")
    assert dialog.amount.text() == "300.00"  # no session: the balance
    assert [r[0] for r in rows_shown(dialog)] == [first, second, upcoming]  # oldest first
    type_amount(qtbot, dialog, "250")
    assert [r[3] for r in rows_shown(dialog)] == ["150.00", "100.00", "0.00"]

    dialog.shares[second].setValue(0)
    dialog.shares[upcoming].setValue(50)  # paid in advance, as the desk says
    assert dialog.credit_label.text() == "50.00 becomes credit"
    dialog.shares[first].setValue(120)
    assert dialog.credit_label.text() == "80.00 becomes credit"
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.paid, timeout=WAIT):
        dialog.ok_button.click()
    assert dialog.result_payment is not None and dialog.result_payment.credit_cents == 8000
    assert allocations(database) == [
        ("RC-2026-000001", 25000, "cash", first, 12000),
        ("RC-2026-000001", 25000, "cash", upcoming, 5000),
    ]
    assert "80.00 to the client's credit" in dialog.summary_label.text()


def test_what_the_dialog_refuses_is_said_and_keeps_take_payment_off(
    qtbot, owing: tuple[Database, str, str, str]
) -> None:
    database, first, second, _upcoming = owing
    dialog = open_dialog(qtbot, database, reference=first)

    def refused(text: str) -> str:
        assert not dialog.ok_button.isEnabled()
        return dialog.message.text()

    dialog.amount.clear()
    dialog.validate()
    assert refused("") == "Type the amount paid."
    qtbot.keyClicks(dialog.amount, "0")
    assert refused("") == "The amount must be more than zero."
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "12.345")
    assert "more decimals than USD has" in refused("")
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "ten")
    assert "is not an amount" in refused("")
    type_amount(qtbot, dialog, "100")
    dialog.shares[second].setValue(160)
    assert refused("") == f"{second} has 150.00 outstanding; it cannot take 160.00."
    dialog.shares[second].setValue(50)
    assert refused("") == "The sessions' shares add up to 150.00, more than the amount 100.00."
    dialog.shares[first].setValue(50)
    assert dialog.ok_button.isEnabled() and dialog.message.text() == ""
    dialog.submit()  # nothing was taken by any refusal before
    qtbot.waitUntil(lambda: dialog.result_payment is not None, timeout=WAIT)
    assert len(rows(database, "SELECT id FROM payments")) == 1


def test_a_refusal_by_the_use_case_is_said_and_the_account_read_again(
    qtbot, owing: tuple[Database, str, str, str]
) -> None:
    database, first, _second, _upcoming = owing
    dialog = open_dialog(qtbot, database, reference=first)
    # another desk pays the same session meanwhile
    take_payment(database, PaymentRequest("c1", 15000, PaymentMethod.CASH,
                                          sessions=(first,)), actor="maria", now=NOW)  # fmt: skip
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.ok_button.click()
    assert dialog.pages.currentIndex() == 0 and dialog.result_payment is None
    assert dialog.notice.text() == f"{first} asks for 0.00 USD at most, not 150.00 USD"
    assert first not in dialog.shares  # nothing is outstanding on it any more
    assert len(rows(database, "SELECT id FROM payments")) == 1  # only the other desk's


def test_credit_is_offered_and_used(qtbot, database: Database) -> None:
    money_clinic(database)
    take_payment(database, PaymentRequest("c1", 5000, PaymentMethod.CASH), actor="alex", now=NOW)
    session = book_session(database, "c1", "2026-11-24T09:00")
    complete(database, session, at("2026-11-24T09:10"))
    dialog = open_dialog(qtbot, database, reference=session)
    assert dialog.balance_label.text() == "Owes 100.00 (after 50.00 credit)"
    assert dialog.use_credit_button.isVisible()
    assert dialog.use_credit_button.text() == "Use &credit (50.00)"
    with qtbot.waitSignal(dialog.credit_used, timeout=WAIT):
        dialog.use_credit_button.click()
    qtbot.waitUntil(lambda: dialog.balance_label.text() == "Owes 100.00", timeout=WAIT)
    assert dialog.notice.text() == f"Credit used: 50.00 to {session}."
    qtbot.waitUntil(lambda: rows_shown(dialog) == [(session, "150.00", "50.00", "100.00")])
    assert dialog.amount.text() == "100.00"
    assert not dialog.use_credit_button.isVisible()


def test_a_day_list_rows_menu_takes_a_payment(qtbot, owing: tuple[Database, str, str, str]) -> None:
    database, first, _second, _upcoming = owing
    window = open_window(qtbot, database)
    menu = window.dialogs.session_menu(first, "completed")
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&Open", "Take &payment…", "Change &price…"
    ]  # fmt: skip
    next(a for a in menu.actions() if a.text() == "Take &payment…").trigger()
    dialog = window.dialogs.payment_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.account is not None, timeout=WAIT)
    assert dialog.opened_from == first and dialog.amount.text() == "150.00"
    dialog.reject()


def test_ctrl_p_with_nothing_selected_asks_for_the_client(
    qtbot, owing: tuple[Database, str, str, str]
) -> None:
    database, _first, second, _upcoming = owing
    window = open_window(qtbot, database)
    window.calendar_view.scene().clearSelection()
    window.calendar_view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialogs.payment_dialog
    assert dialog is not None and dialog.client_picker is not None
    assert not dialog.ok_button.isEnabled()
    match = next(m for m in find_clients(database, "c1") if m.key == "c1")
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.client_picker.choose(match)
    assert dialog.client_label.text() == "Ana One" and dialog.amount.text() == "300.00"
    dialog.reject()

    window.calendar_view.select(next(
        i.card.id for i in window.calendar_view.items_by_id.values() if i.card.reference == second
    ))  # fmt: skip
    window.menus.payment_action.trigger()  # Session ▸ Take payment…, what Ctrl+P runs
    selected = window.dialogs.payment_dialog
    assert selected is not None and selected is not dialog and selected.client_picker is None
    qtbot.waitUntil(lambda: selected.account is not None, timeout=WAIT)
    assert selected.opened_from == second and selected.amount.text() == "150.00"
    selected.reject()


def test_the_balance_in_the_profile_and_the_booking_dialog(
    qtbot, owing: tuple[Database, str, str, str]
) -> None:
    database, _first, _second, _upcoming = owing
    window = open_window(qtbot, database)
    client_id = rows(database, "SELECT id FROM clients WHERE key = 'c1'")[0][0]
    profile = window.dialogs.open_profile(client_id)
    assert profile is not None
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=WAIT)
    assert profile.stat_values["balance"].text() == "owes 300.00"

    booking = BookingDialog(database, ALEX, lambda: NOW, day=DAY)
    qtbot.addWidget(booking)
    booking.client_picker.choose(next(m for m in find_clients(database, "c1") if m.key == "c1"))
    qtbot.waitUntil(lambda: booking.balance_label.text() == "Owes 300.00", timeout=WAIT)
    assert "#b35c00" in booking.balance_label.styleSheet()  # the warning colour
    ben = next(m for m in find_clients(database, "c2") if m.key == "c2")
    booking.client_picker.choose(ben)
    qtbot.waitUntil(lambda: booking.balance_label.isHidden(), timeout=WAIT)  # owes nothing

    # the profile's button takes a payment; the profile follows it
    profile.payment_button.click()
    dialog = window.dialogs.payment_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.account is not None and _proposal_shown(dialog), timeout=WAIT)
    type_amount(qtbot, dialog, "320")
    with qtbot.waitSignal(dialog.paid, timeout=WAIT):
        dialog.ok_button.click()
    qtbot.waitUntil(
        lambda: profile.stat_values["balance"].text() == "in credit 20.00", timeout=WAIT
    )
    booking.client_picker.choose(next(m for m in find_clients(database, "c1") if m.key == "c1"))
    qtbot.waitUntil(lambda: booking.balance_label.text() == "In credit 20.00", timeout=WAIT)
    assert booking.balance_label.isVisible() or not booking.isVisible()


def test_the_day_list_and_a_loaded_week_say_what_is_due(
    qtbot, owing: tuple[Database, str, str, str]
) -> None:
    database, first, second, upcoming = owing
    partly = PaymentRequest("c1", 4000, PaymentMethod.CASH, sessions=(first, upcoming))
    take_payment(database, partly, actor="alex", now=NOW)
    calendar = load_desk_calendar(database, DAY, date(2026, 11, 30), NOW)
    markers = {card.reference: card.payment for card in calendar.sessions}
    assert markers == {first: "110.00 due", second: "150.00 due", upcoming: ""}
    prepaid = PaymentRequest("c1", 15000, PaymentMethod.CASH, sessions=(upcoming,))
    take_payment(database, prepaid, actor="alex", now=NOW)
    calendar = load_desk_calendar(database, DAY, date(2026, 11, 30), NOW)
    assert {c.reference: c.payment for c in calendar.sessions}[upcoming] == "Paid"  # prepaid

    window = open_window(qtbot, database)
    window.set_mode(None)
    model = window.model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=WAIT)
    column = model.PAYMENT_COLUMN
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Payment"
    shown = {model.index(r, 6).data(): model.index(r, column).data() for r in range(2)}
    assert shown == {first: "110.00 due", second: "150.00 due"}


def test_a_payment_at_another_desk_refreshes_the_cards_and_the_open_profile(
    qtbot, owing: tuple[Database, str, str, str]
) -> None:
    database, first, second, _upcoming = owing
    window = open_window(qtbot, database)
    client_id = rows(database, "SELECT id FROM clients WHERE key = 'c1'")[0][0]
    profile = window.dialogs.open_profile(client_id)
    assert profile is not None
    qtbot.waitUntil(lambda: profile.profile is not None, timeout=WAIT)
    request = PaymentRequest("c1", 15000, PaymentMethod.CARD, sessions=(second,))
    take_payment(database, request, actor="maria", now=NOW)
    # what the follower announces for it: the payment's day (an allocation names none)
    heard = desk_change(Change(NOW, frozenset({"payment"}), frozenset({DAY})))
    assert heard is not None
    changes().announce(*heard)
    qtbot.waitUntil(lambda: card_marker(window, second) == "Paid", timeout=WAIT)
    assert card_marker(window, first) == "150.00 due"
    qtbot.waitUntil(lambda: profile.stat_values["balance"].text() == "owes 150.00", timeout=WAIT)
