"""The Payments tab of a client's profile (docs/desk.md, Clients): the client's payments,
refunds and reversals newest first; a receipt reprinted or saved as PDF; a payment with
something left refunded (part or all) or reversed, a supervisor signing (docs/money.md,
Refunds and credit).

The profile reads the lines with the rest of the client and hands them here; every write
and every receipt read runs off the UI thread, and a write announces PAYMENTS, so the
profile (and every other view) reads again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.booking import Override
from app.booking.overrides import authorise_override
from app.money.amounts import DEFAULT_CURRENCY, parse_positive_amount
from app.money.payments import RefundResult, refund_payment, reverse_payment
from app.money.receipts import PaymentLine, ReceiptView, load_receipt
from db.engine import Database
from db.enums import PaymentKind
from ui import locale_format, words
from ui.documents.pdf import print_document, save_pdf
from ui.documents.receipt import receipt_document
from ui.feedback import describe_error, say
from ui.operations import PAYMENTS, run_in_background, run_write
from ui.override_dialog import SupervisorDialog

COLUMNS = (
    str(QT_TRANSLATE_NOOP("ClientPayments", "Receipt")),
    str(QT_TRANSLATE_NOOP("ClientPayments", "Kind")),
    str(QT_TRANSLATE_NOOP("ClientPayments", "When")),
    str(QT_TRANSLATE_NOOP("ClientPayments", "Method")),
    str(QT_TRANSLATE_NOOP("ClientPayments", "Amount")),
    str(QT_TRANSLATE_NOOP("ClientPayments", "Given back")),
    str(QT_TRANSLATE_NOOP("ClientPayments", "Left")),
    str(QT_TRANSLATE_NOOP("ClientPayments", "Taken by")),
    str(QT_TRANSLATE_NOOP("ClientPayments", "Answers")),
)
KIND_NAMES = {
    PaymentKind.PAYMENT: str(QT_TRANSLATE_NOOP("ClientPayments", "Payment")),
    PaymentKind.REFUND: str(QT_TRANSLATE_NOOP("ClientPayments", "Refund")),
    PaymentKind.REVERSAL: str(QT_TRANSLATE_NOOP("ClientPayments", "Reversal")),
}
ANSWER_COLOUR = Qt.GlobalColor.darkGray  # refunds and reversals: money going back
NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RefundDialog(SupervisorDialog):
    """How much of a payment to refund (what is left, unless changed), with a supervisor's
    credentials and a reason."""

    def __init__(
        self, line: PaymentLine, currency: str, parent: QWidget | None = None,
        *, username: str = "",
    ) -> None:  # fmt: skip
        super().__init__(
            self.tr("Refund"),
            self.tr(
                "Refund part or all of %s (%s %s left), on its own method. The money comes"
                " from the client's credit first, then from the payment's sessions."
            )
            % (line.receipt, locale_format.amount(line.left_cents, currency), currency),
            parent,
            username=username,
        )
        self.currency = currency
        self.amount_cents: int | None = None
        self.amount = QLineEdit(locale_format.amount(line.left_cents, currency), self)
        self.amount.setAccessibleName(self.tr("Amount to refund"))
        self.form.insertRow(0, self.tr("&Amount (%s)") % currency, self.amount)
        self.amount.setFocus()
        self.amount.selectAll()

    def submit(self) -> None:
        try:
            self.amount_cents = parse_positive_amount(
                locale_format.typed_amount(self.amount.text()), self.currency
            )
        except ValueError as error:
            self._say(str(error), error=True)
            self.amount.setFocus()
            return
        super().submit()


class ClientPayments(QWidget):
    """The list and its buttons; `show_lines` fills it from the profile's read."""

    done = Signal(str)  # what happened, said under the list
    failed = Signal(str)
    pdf_saved = Signal(object)  # the Path a receipt was saved to

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.lines: list[PaymentLine] = []
        self.currency = DEFAULT_CURRENCY
        self.client_key: str | None = None  # none yet, or the client is gone
        self._busy = False  # a refund or reversal is on its way
        column = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName(self.tr("Payments"))
        self.table.setHorizontalHeaderLabels([self.tr(name) for name in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        column.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No payments yet."), self)
        self.empty.setStyleSheet("color: #555;")
        column.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.print_button = QPushButton(self.tr("Print receipt…"), self)
        self.print_button.clicked.connect(self.print_receipt)
        self.pdf_button = QPushButton(self.tr("Save receipt as PDF…"), self)
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        self.refund_button = QPushButton(self.tr("&Refund…"), self)
        self.refund_button.setToolTip(self.tr("Give back part or all of it (a supervisor signs)"))
        self.refund_button.clicked.connect(self.ask_refund)
        self.reverse_button = QPushButton(self.tr("Reverse…"), self)
        self.reverse_button.setToolTip(
            self.tr("Cancel a payment taken by mistake (a supervisor signs)")
        )
        self.reverse_button.clicked.connect(self.ask_reverse)
        for button in (self.print_button, self.pdf_button, self.refund_button, self.reverse_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        column.addWidget(self.message)
        self._selection_changed()

    # -- showing -------------------------------------------------------------------------

    def show_lines(self, lines: list[PaymentLine], currency: str, client_key: str | None) -> None:
        """The list as read; the selected receipt stays selected."""
        chosen = self.selected()
        self.lines, self.currency, self.client_key = lines, currency, client_key
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            given = (
                locale_format.amount(line.given_back_cents, currency)
                if line.given_back_cents
                else ""
            )
            left = (
                locale_format.amount(line.left_cents, currency)
                if line.kind == PaymentKind.PAYMENT
                else ""
            )
            cells = (
                line.receipt,
                self.tr(KIND_NAMES[line.kind]),
                locale_format.moment_with_year(line.taken_at),
                words.method_word(line.method.value),
                locale_format.amount(line.amount_cents, currency),
                given,
                left,
                line.taken_by,
                line.answers or "",
            )
            for index, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if index in (4, 5, 6):
                    item.setTextAlignment(NUMBER_ALIGN)
                if line.kind != PaymentKind.PAYMENT:
                    item.setForeground(ANSWER_COLOUR)
                self.table.setItem(row, index, item)
        self.empty.setVisible(not lines)
        receipts = [line.receipt for line in lines]
        if chosen is not None and chosen.receipt in receipts:
            self.table.selectRow(receipts.index(chosen.receipt))
        self._selection_changed()

    def forget(self) -> None:
        """The client is gone (merged away): their receipts stay readable, nothing more."""
        self.client_key = None
        self._selection_changed()

    def selected(self) -> PaymentLine | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.lines):
            return None
        return self.lines[rows[0].row()]

    def select_receipt(self, receipt: str) -> None:
        for row, line in enumerate(self.lines):
            if line.receipt == receipt:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        line = self.selected()
        self.print_button.setEnabled(line is not None)
        self.pdf_button.setEnabled(line is not None)
        gives_back = (
            line is not None
            and line.left_cents > 0
            and self.client_key is not None
            and not self._busy
        )
        self.refund_button.setEnabled(gives_back)
        self.reverse_button.setEnabled(gives_back)

    def _money(self, cents: int) -> str:
        return f"{locale_format.amount(cents, self.currency)} {self.currency}"

    # -- receipts ------------------------------------------------------------------------

    def _with_receipt(self, then: Callable[[ReceiptView], object]) -> None:
        """The selected receipt as it prints now, read off the UI thread."""
        line = self.selected()
        if line is None:
            return
        run_in_background(
            lambda: load_receipt(self.database, line.receipt),
            then,
            lambda error: self._say(describe_error(error), error=True),
            self,
        )

    def print_receipt(self) -> None:
        self._with_receipt(lambda view: print_document(self, receipt_document(view)))

    def choose_pdf_file(self) -> None:
        line = self.selected()
        if line is None:
            return
        suggested = str(Path.home() / f"{line.receipt}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the receipt as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_receipt_to(Path(path))

    def save_receipt_to(self, path: Path) -> None:
        """The selected receipt as a PDF at `path` (once read); says where it went."""

        def save(view: ReceiptView) -> None:
            try:
                save_pdf(receipt_document(view), path)
            except OSError as error:
                self._say(describe_error(error), error=True)
                return
            self._say(self.tr("Saved %s") % path)
            self.pdf_saved.emit(path)

        self._with_receipt(save)

    # -- giving money back ---------------------------------------------------------------

    def _username(self) -> str:
        return self.user.username if self.user.may_override else ""

    def ask_refund(self) -> None:
        line = self.selected()
        if line is None or line.left_cents <= 0:
            return
        dialog = RefundDialog(line, self.currency, self, username=self._username())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.override is not None:
            assert dialog.amount_cents is not None
            self.refund_with(line, dialog.amount_cents, dialog.override)

    def refund_with(self, line: PaymentLine, cents: int, override: Override) -> None:
        now = self.clock()
        self._give_back(
            lambda: refund_payment(
                self.database,
                line.receipt,
                reason=override.reason,
                actor=authorise_override(self.database, override, now),
                now=now,
                amount_cents=cents,
            )
        )

    def ask_reverse(self) -> None:
        line = self.selected()
        if line is None or line.left_cents <= 0:
            return
        dialog = SupervisorDialog(
            self.tr("Reverse"),
            self.tr(
                "Reverse %s, taken by mistake? The %s left goes back on its own method and"
                " its sessions are owed again."
            )
            % (line.receipt, self._money(line.left_cents)),
            self,
            username=self._username(),
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.override is not None:
            self.reverse_with(line, dialog.override)

    def reverse_with(self, line: PaymentLine, override: Override) -> None:
        now = self.clock()
        self._give_back(
            lambda: reverse_payment(
                self.database,
                line.receipt,
                reason=override.reason,
                actor=authorise_override(self.database, override, now),
                now=now,
            )
        )

    def _give_back(self, work: Callable[[], RefundResult]) -> None:
        self._busy = True
        self._selection_changed()
        self._say(self.tr("Working…"))
        run_write(work, self._given_back, self._refused, kinds={PAYMENTS}, parent=self)

    def _given_back(self, result: RefundResult) -> None:
        self._busy = False
        verb = self.tr("Refunded") if result.kind == PaymentKind.REFUND else self.tr("Reversed")
        text = self.tr("%s %s of %s: receipt %s.") % (
            verb,
            self._money(result.amount_cents),
            result.refunds,
            result.receipt,
        )
        self._say(text)
        self.done.emit(text)
        QTimer.singleShot(0, self._selection_changed)

    def _refused(self, error: Exception) -> None:
        self._busy = False
        self._selection_changed()
        text = describe_error(error)
        self._say(text, error=True)
        self.failed.emit(text)

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.message, text, error=error)
