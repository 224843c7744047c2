"""A supervisor's or admin's credentials and reason, asked for at the moment of an override
(or of waiving a late cancellation). The use case checks them inside its transaction."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.booking import Override
from app.text_limits import limit_of
from ui.staff_dialog import StaffDialog


class SupervisorDialog(StaffDialog):
    """Asks for credentials and a reason; `override` holds them once accepted."""

    def __init__(
        self,
        title: str,
        explanation: str,
        parent: QWidget | None = None,
        *,
        username: str = "",
        reason_label: str = "",
    ) -> None:
        super().__init__(
            self.tr("Enter a supervisor's or admin's username and password first."), parent
        )
        self.override: Override | None = None
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        text = QLabel(explanation, self)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.form = form = QFormLayout()  # a dialog built on this one adds its own fields
        self.username.setText(username)
        form.addRow(self.tr("Supervisor &username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setMaxLength(limit_of("sessions.override_reason"))
        form.addRow(reason_label or self.tr("&Reason"), self.reason)
        layout.addLayout(form)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()
        self.resize(440, self.sizeHint().height())

    def submit(self) -> None:
        credentials = self._credentials()
        if credentials is None:
            return
        if not self.reason.text().strip():
            self._say(self.tr("Say why (it is kept in the audit log)."), error=True)
            self.reason.setFocus()
            return
        self.override = Override(credentials[0], credentials[1], self.reason.text().strip())
        self.accept()
