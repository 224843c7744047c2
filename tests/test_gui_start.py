"""The desk's first minutes: the sign-in dialog (in the demo, which users to sign in as),
where the window opens, and a status bar that reads at any width (docs/desk.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from app.clinic_file import import_clinic
from app.demo import DEMO_USERS
from db.engine import Database
from db.enums import Role
from ui.login_dialog import LoginDialog

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


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
