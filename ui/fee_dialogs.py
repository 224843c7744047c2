"""What a cancellation or a no-show charges, shown before it is confirmed; a supervisor's
waiver of the lateness (no fee), of a fee already charged, and change of a price; and the
offer to refund what became credit (docs/desk.md, Fees, waivers and prices)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.booking import Override
from app.money.amounts import parse_amount
from app.money.fees import CancellationPreview
from app.text_limits import limit_of
from ui import locale_format
from ui.feedback import say
from ui.override_dialog import SupervisorDialog

CHARGE_STYLE = (
    "background: #fff4ce; color: #5c4400; border: 1px solid #e0c060; border-radius: 3px;"
    " padding: 6px; font-weight: 600;"
)


class ChargeDialog(QDialog):
    """Confirms a cancellation (with its reason) or a no-show, saying first what it charges
    and what becomes credit. A late cancellation offers a supervisor's waiver of the
    lateness: then no fee, and the sentence says so before anything is saved."""

    def __init__(
        self,
        title: str,
        question: str,
        preview: CancellationPreview,
        parent: QWidget | None = None,
        *,
        confirm_text: str,
        ask_reason: bool,
        supervisor_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.preview = preview
        self.override: Override | None = None
        self.supervisor_name = supervisor_name
        layout = QVBoxLayout(self)
        asked = QLabel(question, self)
        asked.setWordWrap(True)
        layout.addWidget(asked)
        self.reason: QLineEdit | None = None
        if ask_reason:
            self.reason = QLineEdit(self)
            self.reason.setAccessibleName(self.tr("Reason"))
            self.reason.setMaxLength(limit_of("sessions.cancellation_reason"))
            layout.addWidget(self.reason)
        self.charge = QLabel(self)
        self.charge.setObjectName("charge")
        self.charge.setWordWrap(True)
        self.charge.setStyleSheet(CHARGE_STYLE)
        layout.addWidget(self.charge)
        self.waive_button: QPushButton | None = None
        if preview.late and not preview.no_show:
            self.waive_button = QPushButton(
                self.tr("Supervisor &waives the lateness (no fee)…"), self
            )
            self.waive_button.setToolTip(
                self.tr("Not marked late and no fee: a supervisor's credentials and a reason")
            )
            self.waive_button.clicked.connect(self.ask_waiver)
            layout.addWidget(self.waive_button)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.confirm = buttons.addButton(confirm_text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("&Back"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_charge()
        self.resize(460, self.sizeHint().height())

    def _show_charge(self) -> None:
        if self.override is None:
            self.charge.setText(self.preview.sentence())
            return
        self.charge.setText(
            self.tr("Waived by %s, so not late. %s")
            % (self.override.username, self.preview.without_fee().sentence())
        )

    def ask_waiver(self) -> None:
        dialog = SupervisorDialog(
            self.tr("Late cancellation"),
            self.tr(
                "This is inside the clinic's cancellation notice, so it will be marked late"
                " and charged the policy's fee. A supervisor can waive that now."
            ),
            self,
            username=self.supervisor_name,
            reason_label=self.tr("Why &waive"),
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.override is not None:
            self.accept_waiver(dialog.override)

    def accept_waiver(self, override: Override) -> None:
        """Credentials are checked when the cancellation runs (and refused there if wrong)."""
        self.override = override
        self._show_charge()

    def reason_text(self) -> str:
        return self.reason.text().strip() if self.reason is not None else ""

    def submit(self) -> None:
        if self.reason is not None and not self.reason_text():
            say(self.message, self.tr("A cancellation needs a reason."), error=True)
            self.reason.setFocus()
            return
        self.accept()


class PriceDialog(SupervisorDialog):
    """A new price for one session, with a supervisor's credentials and a reason."""

    def __init__(
        self, reference: str, price_cents: int, currency: str, parent: QWidget | None = None,
        *, username: str = "",
    ) -> None:  # fmt: skip
        super().__init__(
            self.tr("Change price"),
            self.tr(
                "The price of %s is %s %s. A supervisor can change it with a reason; what was"
                " paid beyond a lower price becomes credit."
            )
            % (reference, locale_format.amount(price_cents, currency), currency),
            parent,
            username=username,
        )
        self.currency = currency
        self.price_cents: int | None = None
        self.price = QLineEdit(locale_format.amount(price_cents, currency), self)
        self.price.setAccessibleName(self.tr("New price"))
        self.form.insertRow(0, self.tr("New &price (%s)") % currency, self.price)
        self.price.setFocus()
        self.price.selectAll()

    def submit(self) -> None:
        try:
            self.price_cents = parse_amount(
                locale_format.typed_amount(self.price.text()), self.currency
            )
        except ValueError as error:
            self._say(str(error), error=True)
            self.price.setFocus()
            return
        super().submit()


class RefundOffer(QMessageBox):
    """After money became credit: refund it now (a supervisor signs in) or keep it as
    credit. Opened window-modal by the caller, which reads `chose_refund` when it closes."""

    def __init__(self, credit_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Money paid in advance"))
        self.setIcon(QMessageBox.Icon.Question)
        self.setText(
            self.tr("%s is now the client's credit. Refund it now, or keep it as credit?")
            % credit_text
        )
        self.refund_button = self.addButton(
            self.tr("&Refund now…"), QMessageBox.ButtonRole.AcceptRole
        )
        self.keep_button = self.addButton(
            self.tr("&Keep as credit"), QMessageBox.ButtonRole.RejectRole
        )
        self.setDefaultButton(self.keep_button)

    def chose_refund(self) -> bool:
        return self.clickedButton() is self.refund_button
