"""A client's recurring series (docs/scheduling.md, Recurring series): the list in words with the
next booked dates, and new / change / pause / resume / stop. The daily job books the occurrences; a
change can also move booked future ones that are not paid."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.booking.series import (
    ChangeResult,
    SeriesSpec,
    change_series,
    create_series,
    pause_series,
    resume_series,
    series_spec,
    stop_series,
)
from app.booking.series_views import SeriesView, series_views
from app.desk_calendar import DeskCalendar, load_desk_calendar
from app.money import parse_amount
from app.scheduling.recurrence import MonthlyMode
from db.engine import Database
from db.enums import Frequency
from ui import locale_format
from ui.feedback import ERROR_STYLE, describe_error, say
from ui.operations import OUTBOX, SERIES, SESSIONS, Result, run_in_background, run_write
from ui.qt_values import python_date, python_time, within_years

KEY_ROLE = Qt.ItemDataRole.UserRole
FREQUENCIES = (
    (Frequency.WEEKLY, str(QT_TRANSLATE_NOOP("SeriesForm", "Every week"))),
    (Frequency.BIWEEKLY, str(QT_TRANSLATE_NOOP("SeriesForm", "Every other week"))),
    (Frequency.MONTHLY, str(QT_TRANSLATE_NOOP("SeriesForm", "Every month"))),
    (Frequency.EVERY_N_DAYS, str(QT_TRANSLATE_NOOP("SeriesForm", "Every N days"))),
)
# A change or stop of a series can move or cancel its booked sessions (and tell the client).
TOUCHES_BOOKED = frozenset({SERIES, SESSIONS, OUTBOX})


class SeriesForm(QDialog):
    """New series, or a change of one: therapist, service, how often, from when, at what
    time, until when, price."""

    def __init__(
        self,
        calendar: DeskCalendar,
        client: str,
        parent: QWidget | None = None,
        *,
        current: SeriesSpec | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.spec: SeriesSpec | None = None
        self.setWindowTitle(self.tr("Change series") if current else self.tr("New series"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.therapist = QComboBox(self)
        for therapist in calendar.therapists:
            self.therapist.addItem(therapist.name, therapist.key)
        self.service = QComboBox(self)
        for service in calendar.services.values():
            if service.active:
                self.service.addItem(service.name, service.key)
        self.frequency = QComboBox(self)
        for value, label in FREQUENCIES:
            self.frequency.addItem(self.tr(label), value)
        self.monthly = QComboBox(self)
        self.monthly.addItem(
            self.tr("same day of the month (31st: last day)"), MonthlyMode.DAY_OF_MONTH
        )
        self.monthly.addItem(
            self.tr("same weekday (e.g. 2nd Tuesday; 5th: last)"), MonthlyMode.WEEKDAY
        )
        self.every = QSpinBox(self)
        self.every.setRange(1, 365)
        self.every.setValue(14)
        self.start_date = within_years(QDateEdit(self))
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("ddd d MMM yyyy")
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat("HH:mm")
        self.until = within_years(QDateEdit(self))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd d MMM yyyy")
        self.no_end = QCheckBox(self.tr("no end date"), self)
        self.no_end.setChecked(True)
        self.no_end.toggled.connect(lambda on: self.until.setEnabled(not on))
        self.until.setEnabled(False)
        self.price = QLineEdit(self)
        self.price.setPlaceholderText(self.tr("the service's price"))
        self.move_booked = QCheckBox(
            self.tr("also move booked future sessions that are not paid"), self
        )
        self.move_booked.setVisible(current is not None)
        for label, widget in (
            (self.tr("&Therapist"), self.therapist),
            (self.tr("&Service"), self.service),
            (self.tr("&Repeats"), self.frequency),
            (self.tr("Monthly &by"), self.monthly),
            (self.tr("Every N &days"), self.every),
            (self.tr("&First date"), self.start_date),
            (self.tr("&Time"), self.time),
            (self.tr("&Until"), self.until),
            ("", self.no_end),
            (self.tr("&Price"), self.price),
            ("", self.move_booked),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.frequency.currentIndexChanged.connect(lambda _i: self._frequency_changed())
        today = calendar.now.astimezone(calendar.zone).date()
        self._fill(current, today)
        self._frequency_changed()

    def _fill(self, current: SeriesSpec | None, today: date) -> None:
        if current is None:
            self.start_date.setDate(QDate(today.year, today.month, today.day).addDays(7))
            self.time.setTime(QTime(9, 0))
            return
        self.therapist.setCurrentIndex(max(0, self.therapist.findData(current.therapist)))
        self.service.setCurrentIndex(max(0, self.service.findData(current.service)))
        self.frequency.setCurrentIndex(self.frequency.findData(current.frequency))
        self.monthly.setCurrentIndex(self.monthly.findData(current.monthly_mode))
        if current.interval_days:
            self.every.setValue(current.interval_days)
        start = current.start_date
        self.start_date.setDate(QDate(start.year, start.month, start.day))
        self.time.setTime(QTime(current.start_minute // 60, current.start_minute % 60))
        if current.end_date:
            self.no_end.setChecked(False)
            end = current.end_date
            self.until.setDate(QDate(end.year, end.month, end.day))
        if current.price_cents is not None:
            self.price.setText(f"{current.price_cents / 100:.2f}")

    def _frequency_changed(self) -> None:
        frequency = self.frequency.currentData()
        self.monthly.setEnabled(frequency == Frequency.MONTHLY)
        self.every.setEnabled(frequency == Frequency.EVERY_N_DAYS)

    def submit(self) -> None:
        frequency = Frequency(self.frequency.currentData())  # Qt hands back plain str
        moment = python_time(self.time.time())
        price = None
        if self.price.text().strip():
            try:
                price = parse_amount(locale_format.typed_amount(self.price.text()))
            except ValueError as error:
                self.message.setText(str(error))
                return
        self.spec = SeriesSpec(
            therapist=self.therapist.currentData(),
            client=self.client,
            service=self.service.currentData(),
            frequency=frequency,
            start_date=python_date(self.start_date.date()),
            start_minute=moment.hour * 60 + moment.minute,
            end_date=None if self.no_end.isChecked() else python_date(self.until.date()),
            interval_days=self.every.value() if frequency == Frequency.EVERY_N_DAYS else None,
            monthly_mode=MonthlyMode(self.monthly.currentData()),
            price_cents=price,
        )
        self.accept()


class SeriesDialog(QDialog):
    loaded = Signal()

    def __init__(
        self,
        database: Database,
        user: StaffUser,
        clock: Callable[[], datetime],
        client: str,
        client_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.clock = database, user, clock
        self.client = client
        self.views: list[SeriesView] = []
        self.calendar: DeskCalendar | None = None
        self.setWindowTitle(self.tr("Recurring sessions — %s") % client_name)
        self.resize(640, 380)
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Series"))
        self.list.currentRowChanged.connect(lambda _r: self._selection_changed())
        layout.addWidget(self.list, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New series…"), self)
        self.change_button = QPushButton(self.tr("&Change…"), self)
        self.pause_button = QPushButton(self.tr("&Pause"), self)
        self.resume_button = QPushButton(self.tr("&Resume"), self)
        self.stop_button = QPushButton(self.tr("&Stop…"), self)
        for button, action in (
            (self.new_button, self.new_series),
            (self.change_button, self.change_selected),
            (self.pause_button, lambda: self._act(pause_series, self.tr("Paused."))),
            (self.resume_button, lambda: self._act(resume_series, self.tr("Resumed from today."))),
            (self.stop_button, self.stop_selected),
        ):
            button.clicked.connect(action)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._selection_changed()
        self.load()
        run_in_background(
            lambda: load_desk_calendar(self.database, self._today(), self._today(), clock()),
            lambda calendar: setattr(self, "calendar", calendar),
            self._failed,
            self,
        )

    def _today(self) -> date:
        return self.clock().date()

    def load(self) -> None:
        run_in_background(
            lambda: series_views(self.database, self.clock(), client_key=self.client),
            self._loaded,
            self._failed,
            self,
        )

    def _state_word(self, state: str) -> str:
        words = {
            "active": self.tr("active"),
            "paused": self.tr("paused"),
            "ended": self.tr("ended"),
        }
        return words.get(state, state)

    def _loaded(self, views: list[SeriesView]) -> None:
        current = self.selected()
        self.views = views
        self.list.clear()
        for view in views:
            upcoming = ", ".join(locale_format.short_day(s) for s in view.next_starts) or self.tr(
                "none"
            )
            text = (
                f"{view.summary} — {self._state_word(view.state)}\n   "
                + self.tr("next: %s") % upcoming
            )
            item = QListWidgetItem(text)
            item.setData(KEY_ROLE, view.key)
            self.list.addItem(item)
            if current is not None and view.key == current.key:
                self.list.setCurrentItem(item)
        if not views:
            self.message.setText(self.tr("No recurring sessions yet."))
        self._selection_changed()
        self.loaded.emit()

    def selected(self) -> SeriesView | None:
        item = self.list.currentItem()
        key = item.data(KEY_ROLE) if item is not None else None
        return next((v for v in self.views if v.key == key), None)

    def _selection_changed(self) -> None:
        view = self.selected()
        state = view.state if view else None
        self.change_button.setEnabled(state in ("active", "paused"))
        self.pause_button.setEnabled(state == "active")
        self.resume_button.setEnabled(state == "paused")
        self.stop_button.setEnabled(state in ("active", "paused"))

    def new_series(self) -> None:
        if self.calendar is None:
            return
        form = SeriesForm(self.calendar, self.client, self)
        if form.exec() == QDialog.DialogCode.Accepted and form.spec is not None:
            spec = form.spec
            self._run(
                lambda: create_series(
                    self.database, spec, actor=self.user.username, now=self.clock()
                ),
                lambda key: self.tr("Series %s created; the daily job books it.") % key,
            )

    def change_selected(self) -> None:
        """The series' current rule is read off the UI thread, then the form opens on it."""
        view = self.selected()
        if view is None or self.calendar is None:
            return
        run_in_background(
            lambda: series_spec(self.database, view.key),
            lambda current: self._change(view.key, current),
            self._failed,
            self,
        )

    def _change(self, key: str, current: SeriesSpec) -> None:
        assert self.calendar is not None
        form = SeriesForm(self.calendar, self.client, self, current=current)
        if form.exec() != QDialog.DialogCode.Accepted or form.spec is None:
            return
        spec, move = form.spec, form.move_booked.isChecked()

        def done(result: ChangeResult) -> str:
            text = self.tr("Changed; %n booked session(s) moved.", "", len(result.updated))
            return text + ("\n" + "\n".join(result.messages) if result.messages else "")

        self._run(
            lambda: change_series(
                self.database,
                key,
                spec,
                actor=self.user.username,
                now=self.clock(),
                update_generated=move,
            ),
            done,
            TOUCHES_BOOKED,
        )

    def stop_selected(self) -> None:
        view = self.selected()
        if view is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Stop series"),
            self.tr(
                "Stop “%s” from today?\n\nYes: also cancel its booked future sessions.\n"
                "No: keep them."
            )
            % view.summary,
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return
        cancel_future = answer == QMessageBox.StandardButton.Yes
        self._run(
            lambda: stop_series(
                self.database,
                view.key,
                actor=self.user.username,
                now=self.clock(),
                cancel_future=cancel_future,
            ),
            lambda cancelled: self.tr(
                "Stopped; %n future session(s) cancelled.", "", len(cancelled)
            ),
            TOUCHES_BOOKED,
        )

    def _act(self, action: Callable[..., None], text: str) -> None:
        view = self.selected()
        if view is None:
            return
        self._run(
            lambda: action(self.database, view.key, actor=self.user.username, now=self.clock()),
            lambda _r: text,
        )

    def _run(
        self,
        work: Callable[[], Result],
        said: Callable[[Result], str],
        kinds: frozenset[str] = frozenset({SERIES}),
    ) -> None:
        def finished(result: Result) -> None:
            say(self.message, said(result))
            self.load()

        run_write(work, finished, self._failed, kinds=kinds, parent=self)

    def _failed(self, error: Exception) -> None:
        say(self.message, describe_error(error), error=True)
