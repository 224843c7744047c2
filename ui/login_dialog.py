"""Signing in at the desk: who works decides what the window offers (override, editors)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.auth.staff import StaffUser, TooManyAttemptsError, sign_in
from db.engine import Database
from ui.desk_settings import desk_settings
from ui.operations import run_in_background
from ui.staff_dialog import StaffDialog

LAST_USER_KEY = "login/last_user"


class LoginDialog(StaffDialog):
    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        clinic: str = "",
    ) -> None:
        super().__init__(self.tr("your"), parent)
        self.database, self.clock = database, clock
        self.user: StaffUser | None = None
        self.setWindowTitle(self.tr("Sign in — Clinic Front Desk"))
        layout = QVBoxLayout(self)
        heading = QLabel(clinic or self.tr("Clinic Front Desk"), self)
        heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(heading)
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
