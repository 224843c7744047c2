"""The middle of the window: the day (or week) the day bar asks for, in the schedule
(`ui.calendar_view`) or as the plain list of the day, and a line counting the day's
sessions. The week around the shown day is loaded once, so moving between its days,
switching views or dragging needs no further query.

A change (`changed`) marks what it touched as out of date: the days it names, or the whole
week. One read at a time is on its way; changes heard meanwhile are gathered and read by
one more read after it, so a burst of changes costs two reads, not one each, and none is
lost behind a read that started before it. Named days are read alone and spliced into the
loaded week (`app.desk_calendar.reload_days`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QStackedWidget, QTableView, QVBoxLayout, QWidget

from app.agenda import AgendaRow, day_agenda
from app.desk_calendar import DeskCalendar, load_desk_calendar, reload_days
from db.engine import Database
from ui import locale_format
from ui.agenda_model import AgendaModel
from ui.calendar_layout import week_of
from ui.calendar_view import CalendarView
from ui.day_bar import DayBar
from ui.operations import run_in_background


class OutOfDate:
    """What changed since the loaded week was read: some of its days, or all of it."""

    def __init__(self) -> None:
        self.days: set[date] = set()
        self.everything = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.days)

    def add(self, days: Iterable[date], first: date, last: date) -> None:
        """`days` empty: the whole week. Days of other weeks do not matter to this one."""
        days = list(days)
        if not days:
            self.everything = True
        self.days.update(d for d in days if first <= d <= last)

    def take(self) -> tuple[bool, frozenset[date]]:
        """(everything, days), and clean again: a read starting now sees all of it."""
        taken = (self.everything, frozenset(self.days))
        self.days, self.everything = set(), False
        return taken


class SchedulePanel(QWidget):
    calendar_shown = Signal()  # the schedule shows freshly loaded data
    calendar_read = Signal()  # a read (whole week or some days) was taken in
    row_opened = Signal(str)  # a session of the day list was double-clicked: its reference
    # a day list row's menu was asked for: its reference, status, the menu's global place
    menu_requested = Signal(str, str, object)

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
        self._calendar_wanted: tuple[date, date] | None = None  # the week of the read on its way
        self._calendar_asked = 0  # the newest week read; older answers are dropped
        # Changed since the loaded week (or the one on its way) was read.
        self.out_of_date = OutOfDate()
        self._agenda_asked = 0  # the newest day-list read; older answers are dropped
        self._agenda_reading = False
        self._agenda_stale = False  # the day changed while its list was being read
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
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        list_layout.addWidget(self.table)
        self.stack.addWidget(list_page)
        layout.addWidget(self.stack, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #666; padding: 4px;")
        layout.addWidget(self.empty_label)
        day_bar.therapist_changed.connect(self.draw)
        self.calendar_view.drawn_after_drag.connect(self._shown)

    def show_mode(self) -> None:
        """The schedule in the day bar's view, or the day list."""
        mode = self.day_bar.mode
        self.stack.setCurrentIndex(1 if mode is None else 0)
        if mode is not None:
            self.calendar_view.setFocus()

    def show_day(self, day: date, *, with_week: bool) -> None:
        """The day's list, and (`with_week`: once there is a clinic) its week's schedule."""
        self.day = day
        self.read_agenda()
        if with_week:
            self.load_calendar()

    def read_agenda(self) -> None:
        """Read the shown day's list (its answer is shown unless a newer read was asked)."""
        self._agenda_asked += 1
        self._agenda_reading, self._agenda_stale = True, False
        day = self.day
        run_in_background(
            lambda: day_agenda(self.database, day),
            partial(self._agenda_loaded, day, self._agenda_asked),
            self._agenda_failed,
            self,
        )

    def data_changed(self, days: frozenset[date], *, week: bool, agenda: bool) -> None:
        """A change touched `days` (empty: unknown, or all): read again what of them is
        shown, the week's schedule (`week`) and the day list (`agenda`)."""
        if agenda and (not days or self.day in days):
            if self._agenda_reading:
                self._agenda_stale = True  # read once more when this read is back
            else:
                self.read_agenda()
        if week:
            first, last = week_of(self.day)
            if days and not any(first <= d <= last for d in days):
                return
            self.out_of_date.add(days, first, last)
            if self._calendar_wanted is None:
                self.load_calendar()

    def forget_week(self) -> None:
        """The loaded week is out of date: the next `show_day` reads it again (and a read
        already on its way is followed by another)."""
        self.calendar = None
        self.out_of_date.everything = True

    def load_calendar(self) -> None:
        """Show the shown day's week: drawn at once when it is loaded and nothing changed
        since, else read (the whole week, or only the days that changed)."""
        wanted = week_of(self.day)
        calendar = self.calendar
        loaded = calendar is not None and (calendar.first_day, calendar.last_day) == wanted
        if loaded and not self.out_of_date:
            self.draw()
            return
        if self._calendar_wanted == wanted:
            return  # already on its way; what changed meanwhile is read right after it
        everything, days = self.out_of_date.take()
        base = calendar if loaded and not everything else None
        now = self.clock()
        self._calendar_wanted = wanted
        self._calendar_asked += 1
        if base is None:
            work = partial(load_desk_calendar, self.database, wanted[0], wanted[1], now)
        else:
            work = partial(reload_days, self.database, base, days, now)
        run_in_background(
            work,
            partial(self._calendar_loaded, wanted, self._calendar_asked),
            partial(self._calendar_failed, self._calendar_asked, everything, days),
            self,
        )

    def _calendar_failed(
        self, asked: int, everything: bool, days: frozenset[date], error: Exception
    ) -> None:
        if asked != self._calendar_asked:
            return
        self._calendar_wanted = None
        # Still out of date: the next read (a change, the poll, F5) reads these days too.
        first, last = week_of(self.day)
        self.out_of_date.add(() if everything else days, first, last)
        self.show_error(error)

    def _calendar_loaded(self, week: tuple[date, date], asked: int, calendar: DeskCalendar) -> None:
        if asked != self._calendar_asked:
            return  # the user moved to another week meanwhile: that read is the one to show
        self._calendar_wanted = None
        if week != week_of(self.day):
            return
        self.calendar = calendar
        self.calendar_read.emit()
        if self.out_of_date:
            self.load_calendar()  # changed while read: read what changed; draw only fresh data
            return
        self.day_bar.offer_therapists(calendar)
        self.draw()

    def select_after_load(self, session_id: int) -> None:
        """Select this session once the schedule shows it (after the reload a change brings)."""
        self._select_after_load = session_id

    def _row_menu(self, at: QPoint) -> None:
        index = self.table.indexAt(at)
        if index.isValid():
            self.table.selectRow(index.row())
            row = self.model.row_at(index.row())
            self.menu_requested.emit(
                row.reference, row.status, self.table.viewport().mapToGlobal(at)
            )

    def selected_row_reference(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).reference if rows else None

    def draw(self) -> None:
        """The loaded week in the day bar's view (the day list needs no drawing)."""
        calendar, mode = self.calendar, self.day_bar.mode
        if calendar is None or mode is None:
            return
        view = self.calendar_view
        if view.show_calendar(calendar, mode, self.day, self.day_bar.therapist_id):
            self._shown()  # else when the drag in progress ends (`drawn_after_drag`)

    def _shown(self) -> None:
        if self._select_after_load is not None:
            self.calendar_view.select(self._select_after_load)
            self._select_after_load = None
        self.calendar_shown.emit()

    def _agenda_failed(self, error: Exception) -> None:
        self._agenda_reading = False
        self.show_error(error)

    def _agenda_loaded(self, day: date, asked: int, rows: list[AgendaRow]) -> None:
        if asked != self._agenda_asked:
            return  # the user has moved on: a later answer is on its way
        self._agenda_reading = False
        if self._agenda_stale:
            self.read_agenda()  # the day changed while it was read: show only fresh rows
            return
        self.model.set_rows(rows)
        active = sum(1 for r in rows if r.status not in ("cancelled", "no_show"))
        if rows:
            self.empty_label.setText(
                self.tr("%s, whole clinic: %d sessions (and %d cancelled or no-show)")
                % (locale_format.day_heading_without_year(day), active, len(rows) - active)
            )
        else:
            self.empty_label.setText(self.tr("No sessions on this day."))
