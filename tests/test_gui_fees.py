"""The session panel says what a cancellation or a no-show charges before it is confirmed,
offers to refund what became credit, and lets a supervisor waive a fee or change a price."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.auth.staff import StaffUser
from app.booking.lifecycle import change_status
from db.engine import Database
from db.enums import Role, SessionStatus
from tests.booking_support import SUPERVISOR_PASSWORD, at
from tests.money_support import rows
from tests.test_money_fees import IN_TIME, LATE, START, account, prepaid_session, set_policy
from tests.test_money_fees import money_clinic as load_clinic
from ui.override_dialog import SupervisorDialog
from ui.session_panel import SessionPanel

ALEX = StaffUser("alex", "Alex", Role.FRONT_DESK)


@pytest.fixture
def clinic(sqlite_database: Database) -> Database:
    load_clinic(sqlite_database)
    set_policy(sqlite_database, late=("fixed", 2500), no_show=("percent", 50))
    return sqlite_database


def open_panel(qtbot, database: Database, reference: str, now: datetime) -> SessionPanel:
    panel = SessionPanel(database, reference, ALEX, lambda: now)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.details is not None, timeout=10_000)
    return panel


def answer_next_modal(fill: Callable[[QDialog], None]) -> None:
    """Fill the next modal dialog once it shows (exec() blocks the test)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SupervisorDialog):
            QTimer.singleShot(50, act)
            return
        fill(dialog)

    QTimer.singleShot(50, act)


def supervisor_signs(reason: str) -> Callable[[QDialog], None]:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SupervisorDialog)
        dialog.username.setText("maria")
        dialog.password.setText(SUPERVISOR_PASSWORD)
        dialog.reason.setText(reason)
        dialog.submit()

    return fill


def test_a_late_cancellation_shows_its_fee_before_it_is_confirmed(
    qtbot, clinic: Database, tmp_path: Path
) -> None:
    reference = prepaid_session(clinic)
    panel = open_panel(qtbot, clinic, reference, LATE)
    panel.ask_cancel()
    qtbot.waitUntil(lambda: panel.charge_dialog is not None, timeout=10_000)
    dialog = panel.charge_dialog
    assert dialog is not None and dialog.reason is not None
    assert dialog.charge.text() == (
        "Late cancellation: a fee of 25.00 will be charged. "
        "150.00 paid in advance becomes credit (125.00 after the fee)."
    )
    dialog.grab().save(str(tmp_path / "cancel.png"))
    # nothing is charged before it is confirmed
    assert rows(clinic, "SELECT status, fee_cents FROM sessions") == [("scheduled", None)]
    dialog.confirm.click()  # no reason yet: refused, nothing done
    assert dialog.isVisible() and "reason" in dialog.message.text()
    dialog.reason.setText("client is ill")
    dialog.confirm.click()
    qtbot.waitUntil(lambda: panel.refund_offer is not None, timeout=10_000)
    assert rows(clinic, "SELECT status, fee_cents FROM sessions") == [("cancelled", 2500)]
    offer = panel.refund_offer
    assert offer is not None and "125.00 USD is now the client's credit" in offer.text()
    offer.grab().save(str(tmp_path / "offer.png"))
    answer_next_modal(supervisor_signs("cancelled, money back"))
    offer.refund_button.click()
    qtbot.waitUntil(lambda: "Refunded" in panel.message.text(), timeout=10_000)
    assert "RC-2026-000002" in panel.message.text()
    assert account(clinic) == (2500, 2500, 0, 0)


def test_a_supervisors_waiver_in_the_dialog_takes_the_fee_away(qtbot, clinic: Database) -> None:
    reference = prepaid_session(clinic)
    panel = open_panel(qtbot, clinic, reference, LATE)
    panel.ask_cancel()
    qtbot.waitUntil(lambda: panel.charge_dialog is not None, timeout=10_000)
    dialog = panel.charge_dialog
    assert dialog is not None and dialog.reason is not None and dialog.waive_button is not None
    dialog.reason.setText("client is ill")
    answer_next_modal(supervisor_signs("hospital"))
    dialog.waive_button.click()
    assert dialog.charge.text() == (
        "Waived by maria, so not late. No fee. 150.00 paid in advance becomes credit."
    )
    dialog.confirm.click()
    qtbot.waitUntil(lambda: panel.refund_offer is not None, timeout=10_000)
    panel.refund_offer.keep_button.click()
    assert rows(clinic, "SELECT late_cancellation, fee_cents FROM sessions") == [(False, None)]
    assert account(clinic) == (0, 0, 15000, -15000)


def test_a_no_show_shows_its_fee_first(qtbot, clinic: Database) -> None:
    reference = prepaid_session(clinic)
    panel = open_panel(qtbot, clinic, reference, at("2026-11-24T09:30"))
    change_status(clinic, reference, SessionStatus.CONFIRMED, actor="alex", now=IN_TIME)
    panel.set_status("no_show")
    qtbot.waitUntil(lambda: panel.charge_dialog is not None, timeout=10_000)
    dialog = panel.charge_dialog
    assert dialog is not None and dialog.reason is None and dialog.waive_button is None
    assert dialog.charge.text() == (
        "No-show: a fee of 75.00 will be charged instead of the price. "
        "150.00 paid in advance becomes credit (75.00 after the fee)."
    )
    dialog.confirm.click()
    qtbot.waitUntil(lambda: "no show" in panel.message.text(), timeout=10_000)
    assert rows(clinic, "SELECT status, fee_cents FROM sessions") == [("no_show", 7500)]


def test_waive_fee_and_change_price_take_a_supervisors_credentials(
    qtbot, clinic: Database, tmp_path: Path
) -> None:
    reference = prepaid_session(clinic)
    panel = open_panel(qtbot, clinic, reference, LATE)
    assert panel.waive_fee_button is None and panel.price_button is not None

    def new_price(dialog: QDialog) -> None:
        from ui.fee_dialogs import PriceDialog

        assert isinstance(dialog, PriceDialog)
        assert dialog.price.text() == "150.00"
        dialog.grab().save(str(tmp_path / "price.png"))
        dialog.price.setText("abc")
        dialog.submit()  # refused in the dialog
        assert "not an amount" in dialog.message.text()
        dialog.price.setText("120.00")
        supervisor_signs("sliding scale")(dialog)

    answer_next_modal(new_price)
    panel.ask_change_price()
    qtbot.waitUntil(lambda: "Price changed" in panel.message.text(), timeout=10_000)
    assert "30.00 USD became credit" in panel.message.text()
    assert panel.refund_offer is not None
    panel.refund_offer.keep_button.click()
    assert rows(clinic, "SELECT price_cents FROM sessions") == [(12000,)]

    panel.cancel_with("client is ill")  # late: the fee is charged
    qtbot.waitUntil(lambda: panel.waive_fee_button is not None, timeout=10_000)
    panel.grab().save(str(tmp_path / "panel.png"))
    answer_next_modal(supervisor_signs("first time"))
    panel.waive_fee_button.click()
    qtbot.waitUntil(lambda: "Fee waived" in panel.message.text(), timeout=10_000)
    assert rows(clinic, "SELECT fee_cents, fee_waived_by FROM sessions") == [(2500, "maria")]
    assert account(clinic) == (0, 0, 15000, -15000)


def test_a_sessions_context_menu_offers_the_fee_and_the_price(qtbot, clinic: Database) -> None:
    from app.desk_calendar import load_desk_calendar
    from ui.calendar_view import CalendarView

    reference = prepaid_session(clinic)
    change_status(clinic, reference, SessionStatus.CONFIRMED, actor="alex", now=IN_TIME)
    change_status(clinic, reference, SessionStatus.NO_SHOW, actor="alex",
                  now=at("2026-11-24T09:30"))  # fmt: skip
    day = at(START).date()
    card = load_desk_calendar(clinic, day, day, LATE).sessions[0]
    view = CalendarView()
    qtbot.addWidget(view)
    menu = view.session_menu(card)
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    # a no-show is not cancelled; its fee may be paid
    assert texts == ["&Open", "Take &payment…", "&Waive fee…", "Change &price…"]
    with qtbot.waitSignal(view.action_requested) as asked:
        menu.actions()[-1].trigger()
    assert asked.args == [card, "change_price"]


def test_the_history_says_what_happened_in_words_whole_on_hover(
    qtbot, sqlite_database: Database
) -> None:
    from tests.money_support import money_clinic, overridden_then_waived

    money_clinic(sqlite_database)
    reference = overridden_then_waived(sqlite_database)
    panel = open_panel(qtbot, sqlite_database, reference, at("2025-01-15T09:00"))
    items = [panel.history.topLevelItem(i) for i in range(panel.history.topLevelItemCount())]
    assert [item.text(2) for item in items] == ["booked", "cancelled", "fee waived"]
    assert items[2].text(4) == "fee waived by maria · “in hospital”"
    assert items[0].toolTip(4) == items[0].text(4) and "blocked time" in items[0].text(4)
