"""The bar above the schedule: which day or week is shown and how (the view, the week's
therapist, colour by therapist or service), the day's heading, and New booking. It only
says what was asked for; the window shows it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from app.desk_calendar import DeskCalendar
from ui import locale_format
from ui.calendar_layout import week_of
from ui.calendar_view import ColourBy, ViewMode
from ui.qt_values import within_years

# Marked for the translation tools; shown through `view_label`.
VIEW_LABELS = (
    (ViewMode.THERAPISTS, str(QT_TRANSLATE_NOOP("DayBar", "Day by therapist"))),
    (ViewMode.ROOMS, str(QT_TRANSLATE_NOOP("DayBar", "Day by room"))),
    (ViewMode.WEEK, str(QT_TRANSLATE_NOOP("DayBar", "Week of one therapist"))),
    (None, str(QT_TRANSLATE_NOOP("DayBar", "Day list"))),
)


def view_label(label: str) -> str:
    """A view's name in the desk's language."""
    return QCoreApplication.translate("DayBar", label)


class DayBar(QWidget):
    day_chosen = Signal(object)  # a date picked in the date field
    step_requested = Signal(int)  # -1 back, +1 forward (a day, or a week in the week view)
    today_requested = Signal()
    mode_changed = Signal()
    therapist_changed = Signal()  # the week view's therapist
    colour_changed = Signal(object)  # a ColourBy
    booking_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self.previous_button = QPushButton(self.tr("◀ Previous"), self)
        self.today_button = QPushButton(self.tr("Today"), self)
        self.next_button = QPushButton(self.tr("Next ▶"), self)
        self.date_edit = within_years(QDateEdit(self))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName(self.tr("Day shown"))
        self.day_label = QLabel(self)
        self.day_label.setObjectName("dayHeading")
        self.day_label.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.previous_button.setShortcut(QKeySequence("Alt+Left"))
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.today_button.setShortcut(QKeySequence("Ctrl+T"))
        self.previous_button.setToolTip(self.tr("Previous day or week (Alt+Left)"))
        self.next_button.setToolTip(self.tr("Next day or week (Alt+Right)"))
        self.previous_button.clicked.connect(lambda: self.step_requested.emit(-1))
        self.next_button.clicked.connect(lambda: self.step_requested.emit(1))
        self.today_button.clicked.connect(self.today_requested)
        self.date_edit.dateChanged.connect(lambda d: self.day_chosen.emit(d.toPython()))
        self.mode_box = QComboBox(self)
        self.mode_box.setAccessibleName(self.tr("View"))
        for mode, label in VIEW_LABELS:
            self.mode_box.addItem(view_label(label), mode)
        self.mode_box.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.therapist_box = QComboBox(self)
        self.therapist_box.setAccessibleName(self.tr("Therapist of the week"))
        self.therapist_box.setMinimumContentsLength(18)
        self.therapist_box.setVisible(False)  # the week view's only
        self.therapist_box.currentIndexChanged.connect(lambda _i: self.therapist_changed.emit())
        self.colour_box = QComboBox(self)
        self.colour_box.setAccessibleName(self.tr("Colour by"))
        self.colour_box.addItem(self.tr("Colour by therapist"), ColourBy.THERAPIST)
        self.colour_box.addItem(self.tr("Colour by service"), ColourBy.SERVICE)
        self.colour_box.currentIndexChanged.connect(
            lambda _i: self.colour_changed.emit(self.colour_box.currentData())
        )
        self.book_button = QPushButton(self.tr("New &booking"), self)
        self.book_button.setToolTip(self.tr("Book a session (Ctrl+N)"))
        self.book_button.clicked.connect(self.booking_requested)
        bar.addWidget(self.day_label)
        bar.addStretch(1)
        for widget in (
            self.mode_box,
            self.therapist_box,
            self.colour_box,
            self.previous_button,
            self.today_button,
            self.next_button,
            self.date_edit,
            self.book_button,
        ):
            bar.addWidget(widget)

    @property
    def mode(self) -> ViewMode | None:
        """The schedule's view, or None for the plain list of the day."""
        return self.mode_box.currentData()

    def set_mode(self, mode: ViewMode | None) -> None:
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode))

    @property
    def therapist_id(self) -> int | None:
        """The therapist whose week the week view shows."""
        return self.therapist_box.currentData()

    def toggle_colour(self) -> None:
        self.colour_box.setCurrentIndex(1 - self.colour_box.currentIndex())

    def _mode_changed(self) -> None:
        mode = self.mode
        self.therapist_box.setVisible(mode == ViewMode.WEEK)
        self.colour_box.setEnabled(mode is not None)
        self.previous_button.setToolTip(
            self.tr("Previous week (Alt+Left)")
            if mode == ViewMode.WEEK
            else self.tr("Previous day (Alt+Left)")
        )
        self.mode_changed.emit()

    def show_day(self, day: date) -> None:
        """The heading and the date field say `day` (or its week), without asking again."""
        if self.mode == ViewMode.WEEK:
            monday, sunday = week_of(day)
            self.day_label.setText(
                self.tr("Week of %1 – %2").replace("%1", locale_format.day_month(monday))
                .replace("%2", locale_format.day_month_year(sunday))
            )  # fmt: skip
        else:
            self.day_label.setText(locale_format.day_heading(day))
        if self.date_edit.date().toPython() != day:
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
            self.date_edit.blockSignals(False)

    def offer_therapists(self, calendar: DeskCalendar) -> None:
        """The loaded week's therapists for the week view, keeping the one chosen."""
        current = self.therapist_id
        self.therapist_box.blockSignals(True)
        self.therapist_box.clear()
        for therapist in calendar.therapists:
            self.therapist_box.addItem(therapist.name, therapist.id)
        if current is not None:
            self.therapist_box.setCurrentIndex(max(0, self.therapist_box.findData(current)))
        self.therapist_box.blockSignals(False)
