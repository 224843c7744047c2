"""Clinic ▸ Cash-up (docs/desk.md, Cash-up; docs/money.md, The day's cash-up): a day's
takings by method and by desk user, refunds, the cash expected in the drawer in large type,
and the day's entries; printed or saved as a PDF to count the drawer against. It reads the
day again when money changes while it is open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.money.cashup import CashUp, cash_up
from db.engine import Database
from db.enums import PaymentMethod
from ui import locale_format, words
from ui.documents.cashup import (
    KIND_WORDS,
    cashup_document,
    cashup_word,
    day_title,
    entry_time,
)
from ui.documents.pdf import print_document, save_pdf
from ui.feedback import describe_error, say
from ui.operations import CLINIC, PAYMENTS, SETUP, follow_changes_while_open, run_in_background
from ui.qt_values import python_date, within_years

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# Money, the clinic's zone and currency (setup), or everything (a clinic file imported).
SHOWN_KINDS = frozenset({PAYMENTS, SETUP, CLINIC})
ENTRY_COLUMNS = (
    str(QT_TRANSLATE_NOOP("CashUpWindow", "Time")),
    str(QT_TRANSLATE_NOOP("CashUpWindow", "Receipt")),
    str(QT_TRANSLATE_NOOP("CashUpWindow", "Kind")),
    str(QT_TRANSLATE_NOOP("CashUpWindow", "Client")),
    str(QT_TRANSLATE_NOOP("CashUpWindow", "Method")),
    str(QT_TRANSLATE_NOOP("CashUpWindow", "Amount")),
    str(QT_TRANSLATE_NOOP("CashUpWindow", "Taken by")),
)


class CashUpWindow(QDialog):
    loaded = Signal()

    def __init__(self, database: Database, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.cashup: CashUp | None = None
        self._reading = False  # one read on its way at a time
        self._read_again = False  # the day was changed, or money moved, meanwhile
        self.setWindowTitle(self.tr("Cash-up"))
        self.resize(880, 760)
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        day_label = QLabel(self.tr("&Day:"), self)
        self.date_edit = within_years(QDateEdit(QDate(day.year, day.month, day.day), self))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName(self.tr("Day"))
        day_label.setBuddy(self.date_edit)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.clicked.connect(self.print_cashup)
        self.pdf_button = QPushButton(self.tr("Save as P&DF…"), self)
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        bar.addWidget(day_label)
        bar.addWidget(self.date_edit)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.pdf_button)
        layout.addLayout(bar)

        self.title = QLabel(self)
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        layout.addWidget(self.title)

        drawer_box = QFrame(self)
        drawer_box.setObjectName("drawer")
        drawer_box.setStyleSheet(
            "QFrame#drawer { background: #eef6ee; border: 1px solid #9ccc9c; border-radius: 4px; }"
        )
        drawer = QHBoxLayout(drawer_box)
        drawer_caption = QLabel(self.tr("<b>Expected cash in the drawer</b>"), drawer_box)
        self.expected_cash = QLabel(drawer_box)
        self.expected_cash.setAccessibleName(self.tr("Expected cash in the drawer"))
        big = QFont(self.expected_cash.font())
        big.setPointSizeF(big.pointSizeF() * 2.4)
        big.setBold(True)
        self.expected_cash.setFont(big)
        self.expected_cash.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expected_detail = QLabel(drawer_box)
        self.expected_detail.setStyleSheet("color: #555;")
        drawer.addWidget(drawer_caption)
        drawer.addSpacing(12)
        drawer.addWidget(self.expected_cash)
        drawer.addSpacing(12)
        drawer.addWidget(self.expected_detail, 1)
        layout.addWidget(drawer_box)

        totals = QHBoxLayout()
        methods_box = QGroupBox(self.tr("By method"), self)
        self.methods = QGridLayout(methods_box)
        self.method_taken: dict[str, QLabel] = {}
        self.method_refunded: dict[str, QLabel] = {}
        self.methods.addWidget(self._heading(self.tr("Taken")), 0, 1)
        self.methods.addWidget(self._heading(self.tr("Refunded")), 0, 2)
        for row, method in enumerate(words.METHOD_WORDS, start=1):
            self.methods.addWidget(QLabel(words.method_word(method), methods_box), row, 0)
            self.method_taken[method] = self._amount_label(methods_box)
            self.method_refunded[method] = self._amount_label(methods_box)
            self.methods.addWidget(self.method_taken[method], row, 1)
            self.methods.addWidget(self.method_refunded[method], row, 2)
        total_row = len(words.METHOD_WORDS) + 1
        total_words = QLabel(self.tr("Total"), methods_box)
        self.total_taken = self._amount_label(methods_box, bold=True)
        self.total_refunded = self._amount_label(methods_box, bold=True)
        self.total_taken.setAccessibleName(self.tr("Total taken"))
        self.total_refunded.setAccessibleName(self.tr("Total refunded"))
        for column, widget in enumerate((total_words, self.total_taken, self.total_refunded)):
            self.methods.addWidget(widget, total_row, column)
        totals.addWidget(methods_box, 3)
        users_box = QGroupBox(self.tr("Taken by desk user"), self)
        users_layout = QVBoxLayout(users_box)
        self.users = QTableWidget(0, 2, users_box)
        self.users.setAccessibleName(self.tr("Taken by desk user"))
        self.users.setHorizontalHeaderLabels([self.tr("User"), self.tr("Taken")])
        self._read_only(self.users)
        self.users.horizontalHeader().setStretchLastSection(False)
        self.users.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        users_layout.addWidget(self.users)
        totals.addWidget(users_box, 2)
        layout.addLayout(totals)

        self.entries_caption = QLabel(self)
        layout.addWidget(self.entries_caption)
        self.entries = QTableWidget(0, len(ENTRY_COLUMNS), self)
        self.entries.setAccessibleName(self.tr("Entries of the day"))
        self.entries.setHorizontalHeaderLabels([self.tr(heading) for heading in ENTRY_COLUMNS])
        self._read_only(self.entries)
        self.entries.horizontalHeader().setStretchLastSection(False)
        self.entries.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.entries, 1)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

        self._set_document_buttons()
        self.date_edit.dateChanged.connect(lambda _d: self.load())
        follow_changes_while_open(self, self._data_changed)
        self.load()

    # -- building ------------------------------------------------------------------------

    def _heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>", self)
        label.setAlignment(RIGHT)
        return label

    def _amount_label(self, parent: QWidget, *, bold: bool = False) -> QLabel:
        label = QLabel(parent)
        label.setAlignment(RIGHT)
        if bold:
            font = QFont(label.font())
            font.setBold(True)
            label.setFont(font)
        return label

    @staticmethod
    def _read_only(table: QTableWidget) -> None:
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    # -- reading -------------------------------------------------------------------------

    @property
    def day(self) -> date:
        return python_date(self.date_edit.date())

    def set_day(self, day: date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def load(self) -> None:
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        day = self.day
        run_in_background(lambda: cash_up(self.database, day), self._read, self._failed, self)

    def _data_changed(self, kinds: frozenset[str], days: frozenset[date]) -> None:
        """Money of this day moved (here or at another desk), or the clinic changed."""
        shown = kinds & SHOWN_KINDS
        if not shown or (shown == {PAYMENTS} and days and self.day not in days):
            return
        self.load()

    def _read(self, cashup: CashUp) -> None:
        self._reading = False
        if self._read_again or cashup.day != self.day:  # a newer day or change: read again
            self._read_again = False
            self.load()
            return
        self._show(cashup)

    def _failed(self, error: Exception) -> None:
        self._reading = False
        say(self.message, describe_error(error), error=True)
        if self._read_again:
            self._read_again = False
            self.load()

    # -- showing -------------------------------------------------------------------------

    def _show(self, cashup: CashUp) -> None:
        self.cashup = cashup
        self.message.clear()

        def money(cents: int) -> str:
            return locale_format.amount(cents, cashup.currency)

        cash = PaymentMethod.CASH.value
        self.title.setText(self.tr("Cash-up — %s") % day_title(cashup))
        self.expected_cash.setText(f"{money(cashup.expected_cash_cents)} {cashup.currency}")
        self.expected_detail.setText(
            self.tr("cash taken %s − cash refunded %s")
            % (money(cashup.by_method[cash]), money(cashup.refunds_by_method[cash]))
        )
        for method, label in self.method_taken.items():
            label.setText(money(cashup.by_method[method]))
            self.method_refunded[method].setText(money(cashup.refunds_by_method[method]))
        self.total_taken.setText(money(cashup.taken_cents))
        self.total_refunded.setText(money(cashup.refunds_cents))
        self.users.setRowCount(len(cashup.by_user))
        for row, (user, cents) in enumerate(cashup.by_user.items()):
            self.users.setItem(row, 0, QTableWidgetItem(user))
            self.users.setItem(row, 1, self._amount_item(money(cents)))
        self.entries.setRowCount(len(cashup.entries))
        for row, entry in enumerate(cashup.entries):
            cells = (
                QTableWidgetItem(entry_time(entry)),
                QTableWidgetItem(entry.receipt),
                QTableWidgetItem(cashup_word(KIND_WORDS[entry.kind])),
                QTableWidgetItem(entry.client_name),
                QTableWidgetItem(words.method_word(entry.method.value)),
                self._amount_item(money(entry.signed_cents)),
                QTableWidgetItem(entry.taken_by),
            )
            for column, cell in enumerate(cells):
                self.entries.setItem(row, column, cell)
        self.entries_caption.setText(
            self.tr("Entries of the day: %d") % len(cashup.entries)
            if cashup.entries
            else self.tr("Nothing was paid or given back this day.")
        )
        self._set_document_buttons()
        self.loaded.emit()

    @staticmethod
    def _amount_item(text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(RIGHT)
        return item

    def _set_document_buttons(self) -> None:
        ready = self.cashup is not None
        self.print_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    # -- paper ---------------------------------------------------------------------------

    def print_cashup(self) -> bool:
        if self.cashup is None:
            return False
        return print_document(self, cashup_document(self.cashup))

    def choose_pdf_file(self) -> None:
        if self.cashup is None:
            return
        suggested = str(Path.home() / f"cashup-{self.cashup.day.isoformat()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the cash-up as PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_pdf_to(Path(path))

    def save_pdf_to(self, path: Path) -> bool:
        """The shown cash-up as a PDF at `path`; says where it went, or why it could not."""
        if self.cashup is None:
            return False
        try:
            save_pdf(cashup_document(self.cashup), path)
        except OSError as error:
            say(self.message, describe_error(error), error=True)
            return False
        say(self.message, self.tr("Saved %s") % path)
        return True
