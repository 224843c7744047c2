"""Signing in at the desk: who works decides what the window offers (override, editors).
In the demo clinic the dialog names the demo's users and passwords (docs/desk.md, Signing
in), so `make run` needs no README to get in."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.auth.staff import StaffUser, TooManyAttemptsError, sign_in
from app.demo import DemoSignIn, demo_sign_ins
from db.engine import Database
from ui import words
from ui.desk_settings import desk_settings
from ui.operations import run_in_background
from ui.staff_dialog import StaffDialog

LAST_USER_KEY = "login/last_user"


class LoginDialog(StaffDialog):
    demo_checked = Signal()  # whether to name demo users is known (tests wait on it)

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        clinic: str = "",
    ) -> None:
        super().__init__(self.tr("Enter your username and password first."), parent)
        self.database, self.clock = database, clock
        self.user: StaffUser | None = None
        self.setWindowTitle(self.tr("Sign in — Clinic Front Desk"))
        layout = QVBoxLayout(self)
        heading = QLabel(clinic or self.tr("Clinic Front Desk"), self)
        heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(heading)
        self.demo_users: list[DemoSignIn] = []
        self.demo_hint = QLabel(self)
        self.demo_hint.setObjectName("demoUsers")
        self.demo_hint.setAccessibleName(self.tr("Demo users"))
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextFormat(Qt.TextFormat.RichText)
        self.demo_hint.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.demo_hint.linkActivated.connect(self.use_demo_user)
        self.demo_hint.hide()  # a real clinic's dialog never shows it
        layout.addWidget(self.demo_hint)
        form = QFormLayout()
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        last = str(desk_settings().value(LAST_USER_KEY, "") or "")
        self.username.setText(last)
        (self.password if last else self.username).setFocus()
        self.resize(360, self.sizeHint().height())
        # A password hash per demo user: off the UI thread; the hint appears when known.
        run_in_background(
            lambda: demo_sign_ins(database), self._demo_users_found, self._demo_unknown, self
        )

    def _demo_users_found(self, users: list[DemoSignIn]) -> None:
        self.demo_users = users
        if users:
            offers = [
                self.tr("%s / %s (%s)")
                % (
                    f'<a href="{html.escape(user.username)}">{html.escape(user.username)}</a>',
                    html.escape(user.password),
                    words.role_word(user.role.value),
                )
                for user in users
            ]
            lines = [self.tr("Demo clinic: sign in as"), *offers]
            lines.append(self.tr("Click a name to fill it in."))
            self.demo_hint.setText("<br>".join(lines))
            self.demo_hint.show()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        self.demo_checked.emit()

    def _demo_unknown(self, _error: Exception) -> None:
        """No hint (the sign-in itself says what is wrong with the database)."""
        self.demo_checked.emit()

    def use_demo_user(self, username: str) -> None:
        """Fill in a demo user's name and password; Enter signs in."""
        user = next((u for u in self.demo_users if u.username == username), None)
        if user is None:
            return
        self.username.setText(user.username)
        self.password.setText(user.password)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()

    def submit(self) -> None:
        credentials = self._credentials()
        if credentials is None:
            return
        username, password = credentials
        self.buttons.setEnabled(False)
        self._say(self.tr("Signing in…"))
        run_in_background(
            lambda: sign_in(self.database, username, password, self.clock()),
            self._signed_in,
            self._refused,
            self,
        )

    def _signed_in(self, user: StaffUser) -> None:
        self.user = user
        settings = desk_settings()
        settings.setValue(LAST_USER_KEY, user.username)
        settings.sync()
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(error, TooManyAttemptsError):
            text = self.tr("Too many failed attempts for this name; try again in %s seconds.")
            self._say(text % error.seconds, error=True)
        elif isinstance(error, PermissionError):
            self._say(self.tr("Unknown username or wrong password."), error=True)
        else:
            self._failed(error)
