"""The desk's first minutes: the sign-in dialog (in the demo, which users to sign in as),
where the window opens, and a status bar that reads at any width (docs/desk.md)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from app.auth.staff import StaffUser
from app.clinic_file import import_clinic
from app.demo import DEMO_USERS
from db.engine import Database
from db.enums import Role
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
FRONT_DESK = StaffUser("alex", "Alex Chen", Role.FRONT_DESK)


def _open_sign_in(qtbot, database: Database) -> LoginDialog:
    dialog = LoginDialog(database, lambda: NOW)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.demo_checked, timeout=10_000):
        dialog.show()
    return dialog


def test_the_demos_sign_in_names_its_users_and_the_keyboard_fills_one_in(
    qtbot, demo_database: Database
) -> None:
    dialog = _open_sign_in(qtbot, demo_database)
    hint = dialog.findChild(QLabel, "demoUsers")
    assert hint is not None and hint.isVisible()
    assert QTextDocumentFragment.fromHtml(hint.text()).toPlainText().splitlines() == [
        "Demo clinic: sign in as",
        "alex / frontdesk-demo (front desk)",
        "maria / supervisor-demo (supervisor)",
        "admin / admin-demo (admin)",
        "Click a name to fill it in.",
    ]
    # Keyboard-first: Tab reaches the names in the hint, Enter on one fills the fields in,
    hint.setFocus()
    QTest.keyClick(hint, Qt.Key.Key_Tab)
    QTest.keyClick(hint, Qt.Key.Key_Tab)
    QTest.keyClick(hint, Qt.Key.Key_Return)
    assert (dialog.username.text(), dialog.password.text()) == ("maria", "supervisor-demo")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.hasFocus()
    # and Enter again signs in.
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        QTest.keyClick(ok, Qt.Key.Key_Return)
    assert dialog.user is not None
    assert (dialog.user.username, dialog.user.role) == ("maria", Role.SUPERVISOR)


def test_a_real_clinics_sign_in_names_no_user_and_no_password(
    qtbot, sqlite_database: Database, contract_clinic: dict[str, Any]
) -> None:
    # Staff who happen to have the demo's names and passwords do not make a demo.
    users = [
        {"username": u.username, "role": u.role.value, "password": u.password} for u in DEMO_USERS
    ]
    import_clinic(sqlite_database, {**contract_clinic, "users": users}, actor="cli")
    dialog = _open_sign_in(qtbot, sqlite_database)
    hint = dialog.findChild(QLabel, "demoUsers")
    assert hint is not None and hint.isHidden() and hint.text() == ""
    assert dialog.demo_users == []


# -- where the window opens ------------------------------------------------------------------


def _open_window(qtbot, database: Database) -> MainWindow:
    """As `frontdesk gui` opens it, once signed in."""
    window = MainWindow(database, user=FRONT_DESK, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show_in_place()
    qtbot.waitExposed(window)
    return window


def test_the_window_opens_maximised_the_first_time_then_where_it_was_left(
    qtbot, demo_database: Database
) -> None:
    primary = QGuiApplication.primaryScreen()
    first = _open_window(qtbot, demo_database)
    assert first.isMaximized() and first.screen() == primary
    # Restored by hand and moved: the next window opens there, not maximised.
    first.showNormal()
    area = primary.availableGeometry()
    left_at = QRect(area.left() + 30, area.top() + 20, first.minimumSizeHint().width() + 40, 520)
    first.setGeometry(left_at)
    first.close()
    second = _open_window(qtbot, demo_database)
    assert not second.isMaximized() and second.geometry() == left_at
    # Left maximised: maximised again, and "restore" still goes back to that place.
    second.showMaximized()
    second.close()
    third = _open_window(qtbot, demo_database)
    assert third.isMaximized() and third.normalGeometry() == left_at


def test_a_window_left_on_a_screen_now_gone_opens_maximised_on_the_primary(
    qtbot, demo_database: Database
) -> None:
    primary = QGuiApplication.primaryScreen()
    first = _open_window(qtbot, demo_database)
    first.showNormal()
    beyond = primary.virtualGeometry().right() + 400  # a second monitor, since unplugged
    first.setGeometry(QRect(beyond, 100, first.minimumSizeHint().width(), 600))
    first.close()
    second = _open_window(qtbot, demo_database)
    assert second.isMaximized() and second.screen() == primary
    assert primary.geometry().intersects(second.geometry())


def test_a_saved_place_counts_while_enough_of_it_shows_on_a_screen() -> None:
    from ui.desk_settings import window_place

    laptop, monitor = QRect(0, 0, 1600, 1000), QRect(1600, 0, 1920, 1080)
    on_monitor = QRect(1700, 50, 1200, 800)
    assert window_place(on_monitor, [laptop, monitor]) == on_monitor
    assert window_place(on_monitor, [laptop]) is None  # the monitor is gone
    sliver = QRect(1590, 50, 1200, 800)  # 10 pixels of it on the laptop: not reachable
    assert window_place(sliver, [laptop]) is None
    half_off = QRect(1000, 300, 1200, 800)  # grab it by its visible half and move it
    assert window_place(half_off, [laptop]) == half_off
    assert window_place(None, [laptop]) is None  # the first time


# -- the status bar ----------------------------------------------------------------------------

LONG_CLINIC = "Riverside Therapy Center of the Upper West Side, Morningside Heights and Harlem"
LONG_USER = StaffUser("maria", "Maria Fernanda de los Ángeles López-Hernández", Role.SUPERVISOR)


def test_status_bar_items_never_overlap_and_cut_texts_show_whole_in_a_tooltip(
    qtbot, sqlite_database: Database, contract_clinic: dict[str, Any], tmp_path
) -> None:
    clinic = {**contract_clinic, "clinic": {**contract_clinic["clinic"], "name": LONG_CLINIC}}
    import_clinic(sqlite_database, clinic, actor="cli")
    window = MainWindow(sqlite_database, user=LONG_USER, clock=lambda: NOW)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: LONG_CLINIC in window.clinic_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: window.sync_button.text() != "Sync: …", timeout=10_000)
    status = window.statusBar()
    # Long texts do not make the window wider than the rest of it needs,
    central = window.centralWidget()
    assert status.minimumSizeHint().width() <= central.minimumSizeHint().width()
    window.resize(window.minimumSizeHint().width(), 600)  # as narrow as it goes
    qtbot.waitUntil(lambda: window.width() == window.minimumSizeHint().width())
    QTest.qWait(50)  # the bar lays out the new texts
    items: list[QWidget] = [
        window.clinic_label,
        status.findChild(QLabel, "userStatus"),
        window.inbox_button,
        window.sync_button,
        window.database_label,
    ]
    # every item has room of its own,
    for item in items:
        assert item.isVisible() and item.width() > 0
        assert status.rect().contains(item.geometry()), item.objectName()
    for one, other in itertools.combinations(items, 2):
        assert not one.geometry().intersects(other.geometry()), (
            one.objectName(),
            other.objectName(),
        )
    # and a text cut to fit ends in "…" with the whole of it in the tooltip.
    for label in (window.clinic_label, status.findChild(QLabel, "userStatus")):
        shown = label.displayed_text()
        assert shown.endswith("…") and shown != label.text()
        assert label.toolTip() == label.text()
    assert window.clinic_label.text() == f"Clinic: {LONG_CLINIC} · America/New_York"
    window.grab().save(str(tmp_path / "narrowest.png"))
