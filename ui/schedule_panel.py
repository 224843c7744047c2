"""The middle of the window: the day (or week) the day bar asks for, in the schedule
(`ui.calendar_view`) or as the plain list of the day, and a line counting the day's
sessions. The week around the shown day is loaded once, so moving between its days,
switching views or dragging needs no further query."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QStackedWidget, QTableView, QVBoxLayout, QWidget

from app.agenda import AgendaRow, day_agenda
from app.desk_calendar import DeskCalendar, load_desk_calendar
from db.engine import Database
from ui.agenda_model import AgendaModel
from ui.calendar_layout import week_of
from ui.calendar_view import CalendarView
from ui.day_bar import DayBar
from ui.operations import run_in_background


class SchedulePanel(QWidget):
    calendar_shown = Signal()  # the schedule shows freshly loaded data
    row_opened = Signal(str)  # a session of the day list was double-clicked: its reference

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime],
        day_bar: DayBar,
        show_error: Callable[[Exception], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.clock, self.day_bar, self.show_error = (
            database,
            clock,
            day_bar,
            show_error,
        )
        self.day = date.today()
        self.calendar: DeskCalendar | None = None  # the loaded week
        self._calendar_wanted: tuple[date, date] | None = None
        # The week being read when a change came: that answer may predate the change.
        self._stale_week: tuple[date, date] | None = None
        self._agenda_asked = 0  # the newest day-list read; older answers are dropped
        self._select_after_load: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = AgendaModel(self)
        self.stack = QStackedWidget(self)
        self.calendar_view = CalendarView(self.stack)
        self.stack.addWidget(self.calendar_view)
        list_page = QWidget(self.stack)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableView(list_page)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Sessions of the day"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(
            lambda index: self.row_opened.emit(self.model.row_at(index.row()).reference)
        )
        list_layout.addWidget(self.table)
        self.stack.addWidget(list_page)
        layout.addWidget(self.stack, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #666; padding: 4px;")
        layout.addWidget(self.empty_label)
        day_bar.therapist_changed.connect(self.draw)

    def show_mode(self) -> None:
        """The schedule in the day bar's view, or the day list."""
        mode = self.day_bar.mode
        self.stack.setCurrentIndex(1 if mode is None else 0)
        if mode is not None:
            self.calendar_view.setFocus()

    def show_day(self, day: date, *, with_week: bool) -> None:
        """The day's list, and (`with_week`: once there is a clinic) its week's schedule."""
        self.day = day
        self._agenda_asked += 1
        run_in_background(
            lambda: day_agenda(self.database, day),
            partial(self._agenda_loaded, day, self._agenda_asked),
            self.show_error,
            self,
        )
        if with_week:
            self.load_calendar()

    def forget_week(self) -> None:
        """The loaded week is out of date: the next `show_day` reads it again (and a read
        already on its way is followed by another)."""
        self.calendar = None
        self._stale_week = self._calendar_wanted

    def select_after_load(self, session_id: int) -> None:
        """Select this session once the schedule shows it (after the reload a change brings)."""
        self._select_after_load = session_id

    def selected_row_reference(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).reference if rows else None

    def load_calendar(self) -> None:
        wanted = week_of(self.day)
        calendar = self.calendar
        if calendar is not None and (calendar.first_day, calendar.last_day) == wanted:
            self.draw()
            return
        if self._calendar_wanted == wanted:
            return  # already on its way
        self._calendar_wanted = wanted
        run_in_background(
            lambda: load_desk_calendar(self.database, wanted[0], wanted[1], self.clock()),
            partial(self._calendar_loaded, wanted),
            self._calendar_failed,
            self,
        )

    def _calendar_failed(self, error: Exception) -> None:
        self._calendar_wanted = None
        self._stale_week = None
        self.show_error(error)

    def _calendar_loaded(self, asked: tuple[date, date], calendar: DeskCalendar) -> None:
        if self._calendar_wanted == asked:
            self._calendar_wanted = None
        stale = self._stale_week == asked  # read before the latest change
        if stale:
            self._stale_week = None
        if asked != week_of(self.day):
            return  # the user has moved on
        if stale:
            self.load_calendar()  # read it again; only a fresh answer is drawn
            return
        self.calendar = calendar
        self.day_bar.offer_therapists(calendar)
        self.draw()

    def draw(self) -> None:
        """The loaded week in the day bar's view (the day list needs no drawing)."""
        calendar, mode = self.calendar, self.day_bar.mode
        if calendar is None or mode is None:
            return
        self.calendar_view.show_calendar(calendar, mode, self.day, self.day_bar.therapist_id)
        if self._select_after_load is not None:
            self.calendar_view.select(self._select_after_load)
            self._select_after_load = None
        self.calendar_shown.emit()

    def _agenda_loaded(self, day: date, asked: int, rows: list[AgendaRow]) -> None:
        if day != self.day or asked != self._agenda_asked:
            return  # the user has moved on, or a change since: a later answer is on its way
        self.model.set_rows(rows)
        active = sum(1 for r in rows if r.status not in ("cancelled", "no_show"))
        if rows:
            self.empty_label.setText(
                self.tr("%s, whole clinic: %d sessions (and %d cancelled or no-show)")
                % (f"{day:%A} {day.day} {day:%B}", active, len(rows) - active)
            )
        else:
            self.empty_label.setText(self.tr("No sessions on this day."))
