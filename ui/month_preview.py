"""Month preview per therapist (docs/desk.md, Month preview): what a client could book each day —
`booked/cap`, free starts, and why a day has none (day off, blocked, full) — plus the next free
start."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.booking import month_summary
from app.desk_calendar import DeskCalendar, load_desk_calendar
from app.scheduling import DayReason, MonthSummary
from db.engine import Database
from ui import locale_format
from ui.feedback import describe_error
from ui.operations import HOLDS, SESSIONS, SETUP, follow_changes_while_open, run_in_background
from ui.qt_values import python_date, within_years

REASON_WORDS = {
    DayReason.NO_HOURS: (str(QT_TRANSLATE_NOOP("MonthPreview", "Day off")), "#eceff1"),
    DayReason.ON_LEAVE: (str(QT_TRANSLATE_NOOP("MonthPreview", "On leave")), "#eceff1"),
    DayReason.TOO_SOON: (str(QT_TRANSLATE_NOOP("MonthPreview", "Too soon")), "#f5f5f5"),
    DayReason.TOO_FAR: (str(QT_TRANSLATE_NOOP("MonthPreview", "Not open yet")), "#f5f5f5"),
    DayReason.CAP_REACHED: (str(QT_TRANSLATE_NOOP("MonthPreview", "Day full (cap)")), "#ffcdd2"),
    DayReason.BLOCKED: (str(QT_TRANSLATE_NOOP("MonthPreview", "Blocked")), "#e1d5f0"),
    DayReason.FULLY_BOOKED: (str(QT_TRANSLATE_NOOP("MonthPreview", "Fully booked")), "#ffcdd2"),
}
FREE_COLOUR = "#dcedc8"


class MonthPreview(QDialog):
    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        therapist_id: int | None,
        month: date,
    ) -> None:
        super().__init__(parent)
        self.database, self.clock = database, clock
        self.choices: DeskCalendar | None = None
        self.summary: MonthSummary | None = None
        self._wanted_therapist = therapist_id
        self.setWindowTitle(self.tr("Month preview — what a client could book"))
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.therapist = QComboBox(self)
        self.therapist.setAccessibleName(self.tr("Therapist"))
        self.service = QComboBox(self)
        self.service.setAccessibleName(self.tr("Service"))
        self.month = within_years(QDateEdit(QDate(month.year, month.month, 1), self))
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.setAccessibleName(self.tr("Month"))
        for widget in (self.therapist, self.service, self.month):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.grid = QTableWidget(6, 7, self)
        self.grid.setAccessibleName(self.tr("Days of the month"))
        a_monday = date(2024, 1, 1)  # the grid's weeks start on Monday in every language
        self.grid.setHorizontalHeaderLabels(
            [locale_format.short_weekday(a_monday + timedelta(days=i)) for i in range(7)]
        )
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.grid, 1)
        self.next_label = QLabel(self)
        layout.addWidget(self.next_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.therapist.currentIndexChanged.connect(lambda _i: self.load())
        self.service.currentIndexChanged.connect(lambda _i: self.load())
        self.month.dateChanged.connect(lambda _d: self.load())
        first = month.replace(day=1)
        run_in_background(
            lambda: load_desk_calendar(database, first, first, clock()),
            self._choices_loaded,
            self._failed,
            self,
        )
        follow_changes_while_open(self, self._data_changed)

    @property
    def first_day(self) -> date:
        return python_date(self.month.date()).replace(day=1)

    def _choices_loaded(self, calendar: DeskCalendar) -> None:
        self.choices = calendar
        for combo in (self.therapist, self.service):
            combo.blockSignals(True)
        for therapist in calendar.therapists:
            self.therapist.addItem(therapist.name, therapist.key)
            if therapist.id == self._wanted_therapist:
                self.therapist.setCurrentIndex(self.therapist.count() - 1)
        for service in calendar.services.values():
            if service.active:
                self.service.addItem(service.name, service.key)
        for combo in (self.therapist, self.service):
            combo.blockSignals(False)
        self.load()

    @property
    def last_day(self) -> date:
        return (self.first_day + timedelta(days=32)).replace(day=1) - timedelta(days=1)

    def _data_changed(self, kinds: frozenset[str], days: frozenset[date]) -> None:
        """While open, the preview follows bookings, moves and setup changes of its month."""
        if not self.isVisible() or not kinds & {SESSIONS, HOLDS, SETUP}:
            return
        if not days or any(self.first_day <= day <= self.last_day for day in days):
            self.load()

    def load(self) -> None:
        therapist, service = self.therapist.currentData(), self.service.currentData()
        if therapist is None or service is None:
            return
        first, last = self.first_day, self.last_day
        self.next_label.setText(self.tr("Loading…"))
        run_in_background(
            lambda: month_summary(self.database, therapist, service, first, last, self.clock()),
            partial(self._loaded, (therapist, service, first)),
            self._failed,
            self,
        )

    def _loaded(self, asked: tuple[str, str, date], summary: MonthSummary) -> None:
        if asked != (self.therapist.currentData(), self.service.currentData(), self.first_day):
            return
        self.summary = summary
        self.grid.clearContents()
        offset = self.first_day.weekday()
        for position, day in enumerate(summary.days):
            row, column = divmod(offset + position, 7)
            if day.reason is None:
                text = self.tr("%d\n%d/%d booked\n%s") % (
                    day.day.day,
                    day.booked,
                    day.cap,
                    self.tr("%n free", "", day.available),  # "1 libre", "3 libres"
                )
                colour = FREE_COLOUR
            else:
                words, colour = REASON_WORDS[day.reason]
                text = f"{day.day.day}\n"
                if day.reason not in (DayReason.NO_HOURS, DayReason.ON_LEAVE):
                    text += self.tr("%d/%d booked\n") % (day.booked, day.cap)
                text += self.tr(words)
            cell = QTableWidgetItem(text)
            cell.setBackground(QColor(colour))
            cell.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            cell.setData(Qt.ItemDataRole.UserRole, day)
            self.grid.setItem(row, column, cell)
        if summary.next_available is not None and self.choices is not None:
            moment = summary.next_available.astimezone(self.choices.zone)
            self.next_label.setText(
                self.tr("Next free start: %s") % locale_format.long_moment(moment)
            )
        else:
            self.next_label.setText(self.tr("No free start within the booking horizon."))

    def cell_for(self, day: date) -> QTableWidgetItem | None:
        row, column = divmod(self.first_day.weekday() + day.day - 1, 7)
        return self.grid.item(row, column)

    def _failed(self, error: Exception) -> None:
        self.next_label.setText(describe_error(error))
