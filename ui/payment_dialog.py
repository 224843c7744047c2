"""Taking a payment at the desk (docs/money.md, Taking a payment): the client and their
balance, the sessions a payment may go to with what each is due, has been paid and gets of
this payment, the amount, method and reference, and what becomes credit.

Typing an amount asks `app.money.payments.propose_allocation` for the split (the session
the dialog was opened from first, then those owed now, oldest first); editing a row keeps
the split as typed. What is wrong is said under the table and keeps Take payment off; the
use case checks it all again in its own transaction. Afterwards the dialog shows the receipt
number and offers to print it or save it as PDF (`ui.documents.receipt`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.clients.finding import ClientMatch
from app.money.accounts import OpenSession, PaymentAccount, balance_words, payment_account
from app.money.amounts import currency_decimals, parse_amount
from app.money.payments import (
    REFERENCE_LIMIT,
    Allocation,
    PaymentRequest,
    PaymentResult,
    apply_credit,
    propose_allocation,
    take_payment,
)
from app.money.receipts import ReceiptView, load_receipt
from db.engine import Database
from db.enums import PaymentMethod
from ui import locale_format, words
from ui.client_picker import ClientPicker
from ui.documents.pdf import print_document, save_pdf
from ui.documents.receipt import receipt_document
from ui.feedback import balance_style, describe_error, say
from ui.operations import PAYMENTS, run_in_background, run_write

COLUMNS = (
    str(QT_TRANSLATE_NOOP("PaymentDialog", "Session")),
    str(QT_TRANSLATE_NOOP("PaymentDialog", "Status")),
    str(QT_TRANSLATE_NOOP("PaymentDialog", "Due")),
    str(QT_TRANSLATE_NOOP("PaymentDialog", "Paid")),
    str(QT_TRANSLATE_NOOP("PaymentDialog", "This payment")),
)
SHARE_COLUMN = 4
LARGEST_MINOR = 10**10  # app.money.amounts' bound on any amount
HEADING_STYLE = "font-size: 14pt; font-weight: 600;"
STATUS_WORDS = {
    "scheduled": str(QT_TRANSLATE_NOOP("PaymentDialog", "Upcoming")),
    "confirmed": str(QT_TRANSLATE_NOOP("PaymentDialog", "Upcoming")),
    "in_progress": str(QT_TRANSLATE_NOOP("PaymentDialog", "In session")),
    "completed": str(QT_TRANSLATE_NOOP("PaymentDialog", "Completed")),
    "no_show": str(QT_TRANSLATE_NOOP("PaymentDialog", "No-show fee")),
    "cancelled": str(QT_TRANSLATE_NOOP("PaymentDialog", "Late cancellation fee")),
}


class PaymentDialog(QDialog):
    loaded = Signal()  # the client's account was read (again)
    proposed = Signal()  # a proposed split arrived and is shown
    paid = Signal(object)  # the PaymentResult
    credit_used = Signal(object)  # the allocations credit paid
    receipt_ready = Signal()  # the receipt was read: it may be printed or saved

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        reference: str | None = None,
        client_key: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.opened_from = reference
        self.account: PaymentAccount | None = None
        self.result_payment: PaymentResult | None = None
        self.receipt: ReceiptView | None = None  # the receipt as printed, read after paying
        self.shares: dict[str, QDoubleSpinBox] = {}  # by session reference
        self._asked = 0  # the newest proposal asked for; older answers are dropped
        self._read_asked = 0
        self._busy = False  # a payment or the use of credit is on its way
        self.setWindowTitle(self.tr("Take payment"))
        self.setMinimumWidth(720)
        outer = QVBoxLayout(self)
        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages)
        self.pages.addWidget(self._form_page(reference is None and client_key is None))
        self.pages.addWidget(self._done_page())
        if reference is not None or client_key is not None:
            self.read_account(client_key=client_key, reference=reference)

    # -- building ------------------------------------------------------------------------

    def _form_page(self, with_picker: bool) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.client_picker: ClientPicker | None = None
        if with_picker:  # Ctrl+P with no session selected: find the client first
            picker = ClientPicker(self.database, self.user, self.clock, page)
            for button in (picker.new_client_button, picker.series_button, picker.profile_button):
                button.hide()
            picker.chosen.connect(self._client_chosen)
            picker.failed.connect(self._failed)
            column.addWidget(picker)
            self.client_picker = picker
            picker.client_search.setFocus()
        heading = QHBoxLayout()
        self.client_label = QLabel(self.tr("Loading…") if not with_picker else "", page)
        self.client_label.setStyleSheet(HEADING_STYLE)
        self.client_label.setAccessibleName(self.tr("Client"))
        self.balance_label = QLabel(page)
        self.balance_label.setAccessibleName(self.tr("Balance"))
        heading.addWidget(self.client_label)
        heading.addStretch(1)
        heading.addWidget(self.balance_label)
        column.addLayout(heading)
        self.table = QTableWidget(0, len(COLUMNS), page)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setAccessibleName(self.tr("Sessions this payment goes to"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        column.addWidget(self.table, 1)
        self.nothing_label = QLabel(self.tr("Nothing is outstanding: the payment becomes credit."))
        self.nothing_label.setStyleSheet("color: #555;")
        self.nothing_label.hide()
        column.addWidget(self.nothing_label)
        form = QFormLayout()
        self.amount = QLineEdit(page)
        self.amount.setAccessibleName(self.tr("Amount"))
        self.amount.setPlaceholderText(locale_format.amount(15000))  # "150,00" in Spanish
        self.amount.textEdited.connect(self._amount_edited)
        self.method = QComboBox(page)
        self.method.setAccessibleName(self.tr("Method"))
        for method in PaymentMethod:  # the words lists and the cash-up use (ui/words.py)
            self.method.addItem(words.method_word(method.value), method.value)
        self.reference = QLineEdit(page)
        self.reference.setMaxLength(REFERENCE_LIMIT)
        self.reference.setAccessibleName(self.tr("Reference"))
        self.reference.setPlaceholderText(self.tr("Optional: card slip, transfer reference…"))
        self.amount.setMaximumWidth(180)
        self.method.setMaximumWidth(180)
        form.addRow(self.tr("&Amount"), self.amount)
        form.addRow(self.tr("&Method"), self.method)
        form.addRow(self.tr("&Reference"), self.reference)
        column.addLayout(form)
        self.credit_label = QLabel(page)
        self.credit_label.setAccessibleName(self.tr("Becomes credit"))
        column.addWidget(self.credit_label)
        credit_row = QHBoxLayout()
        self.use_credit_button = QPushButton(page)
        self.use_credit_button.setToolTip(
            self.tr("Settle the sessions shown from the client's credit, oldest first")
        )
        self.use_credit_button.clicked.connect(self.use_credit)
        self.use_credit_button.hide()
        credit_row.addWidget(self.use_credit_button)
        credit_row.addStretch(1)
        column.addLayout(credit_row)
        self.message = QLabel(page)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Problem"))
        column.addWidget(self.message)
        # What a write said: credit used, or why the payment was refused (kept until the
        # next edit; the line above follows every keystroke).
        self.notice = QLabel(page)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Outcome"))
        column.addWidget(self.notice)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, page
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Take payment"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        self.receipt_label = QLabel(page)
        self.receipt_label.setStyleSheet(HEADING_STYLE)
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt_label.setAccessibleName(self.tr("Receipt"))
        self.summary_label = QLabel(page)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt_message = QLabel(page)
        self.receipt_message.setWordWrap(True)
        column.addWidget(self.receipt_label)
        column.addWidget(self.summary_label)
        column.addStretch(1)
        column.addWidget(self.receipt_message)
        row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("&Print receipt…"), page)
        self.print_button.clicked.connect(self.print_receipt)
        self.pdf_button = QPushButton(self.tr("&Save receipt as PDF…"), page)
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(False)  # until the receipt is read
        self.close_button = QPushButton(self.tr("&Close"), page)
        self.close_button.clicked.connect(self.accept)
        self.close_button.setDefault(True)
        row.addWidget(self.print_button)
        row.addWidget(self.pdf_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        column.addLayout(row)
        return page

    # -- reading -------------------------------------------------------------------------

    @property
    def currency(self) -> str:
        return self.account.currency if self.account is not None else "USD"

    @property
    def decimals(self) -> int:
        return currency_decimals(self.currency)

    def _client_chosen(self, match: ClientMatch) -> None:
        self.opened_from = None
        self.read_account(client_key=match.key)

    def read_account(self, *, client_key: str | None = None, reference: str | None = None) -> None:
        """Read the client's account (off the UI thread) and show it, the amount prefilled."""
        self._read_asked += 1
        asked = self._read_asked
        run_in_background(
            lambda: payment_account(self.database, client_key=client_key, reference=reference),
            lambda account: self._account_read(asked, account),
            self._failed,
            self,
        )

    def _account_read(self, asked: int, account: PaymentAccount) -> None:
        if asked != self._read_asked:
            return
        self.account = account
        self.opened_from = account.opened_from
        self.client_label.setText(account.client_name)
        balance = account.balance
        words = self.tr(balance_words(balance.balance_cents, account.currency))
        if balance.credit_cents and balance.balance_cents >= 0:
            words += self.tr(" (after %s credit)") % locale_format.amount(
                balance.credit_cents, self.currency
            )
        self.balance_label.setText(words)
        self.balance_label.setStyleSheet(balance_style(balance.balance_cents))
        self._fill_table(account.sessions)
        self.amount.setText(self._amount_of(self._prefill(account)))
        owed = any(s.owes_now for s in account.sessions) or account.opened_from is not None
        self.use_credit_button.setVisible(balance.credit_cents > 0 and owed)
        self.use_credit_button.setText(
            self.tr("Use &credit (%s)") % locale_format.amount(balance.credit_cents, self.currency)
        )
        self.use_credit_button.setEnabled(True)
        self._amount_typed()
        self.loaded.emit()

    def _prefill(self, account: PaymentAccount) -> int:
        """The outstanding of the session it was opened from, else the balance owed."""
        if account.opened_from is not None:
            return account.sessions[0].outstanding_cents
        return max(0, account.balance.balance_cents)

    def _fill_table(self, sessions: tuple[OpenSession, ...]) -> None:
        self.shares.clear()
        self.table.setRowCount(len(sessions))
        for row, open_session in enumerate(sessions):
            label = (
                f"{locale_format.moment_with_year(open_session.starts_at)} · "
                f"{open_session.service} · {open_session.reference}"
            )
            status = self.tr(STATUS_WORDS.get(open_session.status, open_session.status))
            cells = (
                label,
                status,
                self._amount_of(open_session.due_cents),
                self._amount_of(open_session.paid_cents),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            spin = QDoubleSpinBox(self.table)
            spin.setDecimals(self.decimals)
            spin.setRange(0, LARGEST_MINOR / 10**self.decimals)
            spin.setSingleStep(1)
            spin.setAccessibleName(self.tr("This payment for %s") % open_session.reference)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.valueChanged.connect(lambda _v: self._share_edited())
            self.table.setCellWidget(row, SHARE_COLUMN, spin)
            self.shares[open_session.reference] = spin
        self.nothing_label.setVisible(not sessions)

    # -- the amount and its split --------------------------------------------------------

    def _amount_of(self, cents: int) -> str:
        return locale_format.amount(cents, self.currency)

    def amount_cents(self) -> int | None:
        """The amount typed, or None when it is not an amount of money."""
        try:
            return parse_amount(locale_format.typed_amount(self.amount.text()), self.currency)
        except ValueError:
            return None

    def share_of(self, reference: str) -> int:
        return round(self.shares[reference].value() * 10**self.decimals)

    def set_share(self, reference: str, cents: int) -> None:
        """A row's share as the split says (not an edit of the user's)."""
        spin = self.shares[reference]
        spin.blockSignals(True)
        spin.setValue(cents / 10**self.decimals)
        spin.blockSignals(False)

    def _amount_edited(self) -> None:
        self.notice.clear()
        self._amount_typed()

    def _amount_typed(self) -> None:
        """A new amount: ask for the split again (off the UI thread; only the newest
        answer is shown)."""
        self._asked += 1
        asked, account, amount = self._asked, self.account, self.amount_cents()
        if account is None:
            self.validate()
            return
        if not amount or not account.sessions:
            for reference in self.shares:
                self.set_share(reference, 0)
            self.validate()
            return
        order = self._proposal_order(account)
        run_in_background(
            lambda: propose_allocation(self.database, account.client_key, amount, first=order),
            lambda plan: self._proposal(asked, plan),
            self._failed,
            self,
        )
        self.validate()

    def _proposal_order(self, account: PaymentAccount) -> tuple[str, ...]:
        """The session it was opened from, then those owed now, oldest first (the account's
        order): upcoming ones are paid in advance only when the desk says so."""
        return tuple(
            s.reference for s in account.sessions if s.owes_now or s.reference == self.opened_from
        )

    def _proposal(self, asked: int, plan: list[Allocation]) -> None:
        if asked != self._asked:
            return  # the amount changed meanwhile: a newer proposal is on its way
        proposed = {a.reference: a.amount_cents for a in plan}
        for reference in self.shares:
            self.set_share(reference, proposed.get(reference, 0))
        self.validate()
        self.proposed.emit()

    def _share_edited(self) -> None:
        self.notice.clear()
        self._asked += 1  # a proposal still on its way would overwrite the user's split
        self.validate()

    def problem(self) -> str | None:
        """What keeps the payment from being taken, in words; None when it may be."""
        account = self.account
        if account is None:
            return self.tr("Choose the client first.")
        text = self.amount.text().strip()
        if not text:
            return self.tr("Type the amount paid.")
        try:
            amount = parse_amount(locale_format.typed_amount(text), self.currency)
        except ValueError as error:
            return str(error)
        if amount == 0:
            return self.tr("The amount must be more than zero.")
        for open_session in account.sessions:
            share = self.share_of(open_session.reference)
            if share > open_session.outstanding_cents:
                return self.tr("%s has %s outstanding; it cannot take %s.") % (
                    open_session.reference,
                    self._amount_of(open_session.outstanding_cents),
                    self._amount_of(share),
                )
        total = self.allocated_cents()
        if total > amount:
            return self.tr("The sessions' shares add up to %s, more than the amount %s.") % (
                self._amount_of(total),
                self._amount_of(amount),
            )
        return None

    def allocated_cents(self) -> int:
        return sum(self.share_of(reference) for reference in self.shares)

    def validate(self) -> bool:
        """Say what is wrong (or what becomes credit) and allow Take payment only when
        nothing is."""
        problem = self.problem()
        amount = self.amount_cents()
        if problem is None and amount is not None:
            credit = amount - self.allocated_cents()
            self.credit_label.setText(
                self.tr("%s becomes credit") % self._amount_of(credit) if credit else ""
            )
            self.message.clear()
        else:
            self.credit_label.clear()
            quiet = self.account is None or not self.amount.text().strip()
            say(self.message, problem or "", error=not quiet)
        self.ok_button.setEnabled(problem is None and not self._busy)
        return problem is None

    # -- writing -------------------------------------------------------------------------

    def payment_request(self) -> PaymentRequest:
        account, amount = self.account, self.amount_cents()
        assert account is not None and amount is not None
        allocations = tuple(
            Allocation(reference, self.share_of(reference))
            for reference in self.shares
            if self.share_of(reference) > 0
        )
        return PaymentRequest(
            account.client_key,
            amount,
            PaymentMethod(self.method.currentData()),
            reference=self.reference.text() or None,
            allocations=allocations,
        )

    def submit(self) -> None:
        if self._busy or not self.validate():
            return
        request = self.payment_request()
        self._set_busy(True)
        actor = self.user.username
        run_write(
            lambda: take_payment(self.database, request, actor=actor, now=self.clock()),
            self._paid,
            self._refused,
            kinds={PAYMENTS},
            parent=self,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.ok_button.setEnabled(not busy and self.problem() is None)
        self.use_credit_button.setEnabled(not busy)

    def _paid(self, result: PaymentResult) -> None:
        self._busy = False
        self.result_payment = result
        self.receipt_label.setText(self.tr("Payment taken: receipt %s") % result.receipt)
        client = self.account.client_name if self.account is not None else ""
        lines = [
            self.tr("%s by %s from %s")
            % (self._amount_of(result.amount_cents), self.method.currentText().lower(), client)
        ]
        lines += [
            self.tr("%s to %s") % (self._amount_of(a.amount_cents), a.reference)
            for a in result.allocated
        ]
        if result.credit_cents:
            credit = self._amount_of(result.credit_cents)
            lines.append(self.tr("%s to the client's credit") % credit)
        self.summary_label.setText("\n".join(lines))
        self._offer_receipt(result.receipt)
        self.pages.setCurrentIndex(1)
        self.close_button.setFocus()
        self.paid.emit(result)

    def _offer_receipt(self, receipt: str) -> None:
        """Read the receipt as it prints (off the UI thread); its buttons wait for it."""
        run_in_background(
            lambda: load_receipt(self.database, receipt),
            self._receipt_read,
            lambda error: say(self.receipt_message, describe_error(error), error=True),
            self,
        )

    def _receipt_read(self, view: ReceiptView) -> None:
        self.receipt = view
        self.print_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self.receipt_ready.emit()

    def print_receipt(self) -> bool:
        if self.receipt is None:
            return False
        return print_document(self, receipt_document(self.receipt))

    def choose_pdf_file(self) -> None:
        if self.receipt is None:
            return
        suggested = str(Path.home() / f"{self.receipt.receipt}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the receipt as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_receipt_to(Path(path))

    def save_receipt_to(self, path: Path) -> bool:
        """The receipt as a PDF at `path`; says where it went, or why it could not."""
        if self.receipt is None:
            return False
        try:
            save_pdf(receipt_document(self.receipt), path)
        except OSError as error:
            say(self.receipt_message, describe_error(error), error=True)
            return False
        say(self.receipt_message, self.tr("Saved %s") % path)
        return True

    def _refused(self, error: Exception) -> None:
        """Nothing was taken: say why, and read the account again (another desk may have
        paid meanwhile); what was typed stays."""
        self._set_busy(False)
        say(self.notice, describe_error(error), error=True)
        if self.account is not None:
            self._reread_keeping_input()

    def _reread_keeping_input(self) -> None:
        assert self.account is not None
        typed = (self.amount.text(), {r: self.share_of(r) for r in self.shares})

        def restore() -> None:
            self.amount.setText(typed[0])
            for reference, cents in typed[1].items():
                if reference in self.shares:
                    self.set_share(reference, cents)
            self._asked += 1  # the proposal the read asked for would overwrite the split
            self.validate()

        self.loaded.connect(restore, Qt.ConnectionType.SingleShotConnection)
        self.read_account(client_key=self.account.client_key)

    def use_credit(self) -> None:
        """Settle the sessions from the client's credit (the session opened from first)."""
        account = self.account
        if account is None or self._busy:
            return
        order = self._proposal_order(account)
        actor, key = self.user.username, account.client_key
        self._set_busy(True)
        run_write(
            lambda: apply_credit(self.database, key, actor=actor, now=self.clock(), sessions=order),
            self._credit_used,
            self._refused,
            kinds={PAYMENTS},
            parent=self,
        )

    def _credit_used(self, plan: list[Allocation]) -> None:
        self._set_busy(False)
        if plan:
            text = "; ".join(
                self.tr("%s to %s") % (self._amount_of(a.amount_cents), a.reference) for a in plan
            )
            say(self.notice, self.tr("Credit used: %s.") % text)
        else:
            say(self.notice, self.tr("No credit was left to use."), error=True)
        assert self.account is not None
        self.read_account(client_key=self.account.client_key)
        self.credit_used.emit(plan)

    def _failed(self, error: Exception) -> None:
        say(self.notice, describe_error(error), error=True)

    def reject(self) -> None:
        """Closing while a payment is on its way would hide its receipt: asked first."""
        if self._busy:
            answer = QMessageBox.question(
                self,
                self.tr("Take payment"),
                self.tr("The payment is being recorded. Close anyway?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
