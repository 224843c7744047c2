"""What the dialogs that act on a supervisor's or admin's credentials share: the sign-in
fields, one message line, and how an error reads there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from ui.feedback import describe_error, say


class StaffDialog(QDialog):
    """`missing_credentials` is the whole sentence asking for the role's sign-in ("Enter an
    admin's username and password first."): a whole sentence, so a translation can word it."""

    def __init__(self, missing_credentials: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.missing_credentials = missing_credentials
        self.username = QLineEdit(self)
        self.username.setAccessibleName(self.tr("Username"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _credentials(self) -> tuple[str, str] | None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self._say(self.missing_credentials, error=True)
            self.username.setFocus()
            return None
        return username, password

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.message, text, error=error)

    def _failed(self, error: Exception) -> None:
        self._say(describe_error(error), error=True)
