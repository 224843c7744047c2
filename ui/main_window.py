"""The front-desk main window: menus, a day's sessions, and a status bar that always says
which database and clinic this desk is working on."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.agenda import AgendaRow, ClinicInfo, clinic_info, day_agenda
from app.auth.staff import StaffUser
from app.booking import BookingRefusedError, BookingResult, Override, reschedule
from app.clinic_file import ImportSummary, export_clinic, import_clinic
from app.desk_calendar import DeskCalendar, SessionCard, load_desk_calendar
from app.feeds import FeedPublisher, FeedScope, feed_choices
from app.files import write_whole
from app.inbox import InboxItem, open_items
from app.outbox import (
    GOOGLE_PAUSE,
    OutboxDelivery,
    OutboxSummary,
    outbox_summary,
    resume,
)
from app.session_details import SessionDetails, session_details
from app.timezones import clinic_zone
from db.engine import Database, display_url
from ui.agenda_model import AgendaModel
from ui.booking_dialog import BookingDialog
from ui.calendar_view import CalendarView, ColourBy, DropTarget, ViewMode
from ui.feedback import describe_error
from ui.feeds_dialog import CalendarFeedsDialog, FeedServerSlot, PublishPreference
from ui.inbox_panel import InboxPanel
from ui.login_dialog import LoginDialog
from ui.month_preview import MonthPreview
from ui.operations import run_in_background
from ui.override_dialog import SupervisorDialog
from ui.series_dialog import SeriesDialog
from ui.session_panel import SessionPanel
from ui.setup_dialog import ClinicSetupDialog
from ui.sync_panel import SyncPanel

DELIVERY_INTERVAL_MS = 5_000
REFRESH_INTERVAL_MS = 60_000

VIEW_LABELS = (
    (ViewMode.THERAPISTS, "Day by therapist"),
    (ViewMode.ROOMS, "Day by room"),
    (ViewMode.WEEK, "Week of one therapist"),
    (None, "Day list"),
)

APP_TITLE = "Clinic Front Desk"


@dataclass(frozen=True)
class UndoMove:
    """How to put a moved session back: its new reference and where it came from."""

    reference: str
    start: datetime
    therapist: str | None  # set when the move changed the therapist
    room: str | None  # set when the move named a room


class MainWindow(QMainWindow):
    calendar_shown = Signal()  # the schedule shows freshly loaded data (tests wait on it)

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        publisher: FeedPublisher | None = None,
        delivery: OutboxDelivery | None = None,
        connect_google: Callable[[], str] | None = None,
        runs_jobs: Callable[[], bool] | None = None,
        user: StaffUser | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user  # who is signed in; actions that change data ask for a sign-in
        self.clock = clock or (lambda: datetime.now(UTC))
        self.calendar: DeskCalendar | None = None
        self._calendar_wanted: tuple[date, date] | None = None
        self.undo_moves: list[UndoMove] = []
        self.last_refusal: str | None = None
        self._showing_error = False
        self._closed = False
        self._select_after_load: int | None = None
        self.publisher = publisher  # calendar feeds (sync), handed in by the composition root
        self.delivery = delivery  # the outbox worker (sync), likewise
        self.connect_google = connect_google  # Google's consent flow (sync), likewise
        # Whether this desk leads the background work (one per database); None: always.
        self.runs_jobs = runs_jobs
        self._delivering = False
        self._sync_problem: str | None = None  # why the last delivery pass could not run
        self.feed_server = FeedServerSlot()
        self.clinic: ClinicInfo | None = None
        self.last_error: str | None = None
        self.setWindowTitle(APP_TITLE)
        self.resize(1100, 700)
        self.model = AgendaModel(self)
        self._build_day_panel()
        self._build_menus()
        self._build_status_bar()
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_INTERVAL_MS)  # other desks' changes
        self.refresh_timer.timeout.connect(self._refresh_unless_busy)
        self.refresh_timer.start()
        if user is not None:
            self.set_user(user)
        self.shown_day = date.today()
        self._day_requested = False  # until someone picks a day, open on the clinic's today
        self.refresh_clinic()
        self._publish_feeds_if_chosen()
        self.delivery_timer = QTimer(self)
        self.delivery_timer.setInterval(DELIVERY_INTERVAL_MS)
        self.delivery_timer.timeout.connect(self._delivery_tick)
        if self.delivery is not None:
            self.delivery_timer.start()
        self.refresh_sync_status()

    def _publish_feeds_if_chosen(self) -> None:
        if self.publisher is None:
            return
        on, host, port = PublishPreference().load()
        if not on:
            return
        try:
            self.feed_server.server = self.publisher.start_server(self.database, host, port)
        except OSError as error:
            self.statusBar().showMessage(
                self.tr("Calendar feeds are not published: cannot listen on %s:%d (%s)")
                % (host, port, error.strerror or error),
                30_000,
            )

    # --- layout -----------------------------------------------------------------------------
    def _build_day_panel(self) -> None:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        bar = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("◀ Previous"), panel)
        self.today_button = QPushButton(self.tr("Today"), panel)
        self.next_button = QPushButton(self.tr("Next ▶"), panel)
        self.date_edit = QDateEdit(panel)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setAccessibleName(self.tr("Day shown"))
        self.day_label = QLabel(panel)
        self.day_label.setObjectName("dayHeading")
        self.day_label.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.previous_button.setShortcut(QKeySequence("Alt+Left"))
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.today_button.setShortcut(QKeySequence("Ctrl+T"))
        self.previous_button.setToolTip(self.tr("Previous day or week (Alt+Left)"))
        self.next_button.setToolTip(self.tr("Next day or week (Alt+Right)"))
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.show_day(self._clinic_today()))
        self.date_edit.dateChanged.connect(lambda d: self.show_day(d.toPython()))
        self.mode_box = QComboBox(panel)
        self.mode_box.setAccessibleName(self.tr("View"))
        for mode, label in VIEW_LABELS:
            self.mode_box.addItem(self.tr(label), mode)
        self.mode_box.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.therapist_box = QComboBox(panel)
        self.therapist_box.setAccessibleName(self.tr("Therapist of the week"))
        self.therapist_box.setMinimumContentsLength(18)
        self.therapist_box.setVisible(False)  # the week view's only
        self.therapist_box.currentIndexChanged.connect(lambda _i: self._show_calendar())
        self.colour_box = QComboBox(panel)
        self.colour_box.setAccessibleName(self.tr("Colour by"))
        self.colour_box.addItem(self.tr("Colour by therapist"), ColourBy.THERAPIST)
        self.colour_box.addItem(self.tr("Colour by service"), ColourBy.SERVICE)
        self.colour_box.currentIndexChanged.connect(
            lambda _i: self.calendar_view.set_colour_by(self.colour_box.currentData())
        )
        self.book_button = QPushButton(self.tr("New &booking"), panel)
        self.book_button.setToolTip(self.tr("Book a session (Ctrl+N)"))
        self.book_button.clicked.connect(lambda: self.open_booking())
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
        layout.addLayout(bar)
        self.stack = QStackedWidget(panel)
        self.calendar_view = CalendarView(self.stack)
        self.calendar_view.hint.connect(lambda text: self.statusBar().showMessage(text, 8_000))
        self.calendar_view.move_requested.connect(self.request_move)
        self.calendar_view.create_requested.connect(self._create_requested)
        self.calendar_view.open_requested.connect(lambda card: self.open_session(card.reference))
        self.calendar_view.cancel_requested.connect(
            lambda card: self.open_session(card.reference, cancel=True)
        )
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
            lambda index: self.open_session(self.model.row_at(index.row()).reference)
        )
        list_layout.addWidget(self.table)
        self.stack.addWidget(list_page)
        layout.addWidget(self.stack, 1)
        self.empty_label = QLabel(panel)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #666; padding: 4px;")
        layout.addWidget(self.empty_label)
        self.setCentralWidget(panel)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.import_action = QAction(self.tr("&Import clinic file…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.choose_import_file)
        self.export_action = QAction(self.tr("&Export clinic file…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.choose_export_file)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.export_calendar_action = QAction(self.tr("Export &calendar (.ics)…"), self)
        self.export_calendar_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_calendar_action.triggered.connect(self.choose_calendar_export)
        self.export_calendar_action.setEnabled(self.publisher is not None)
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addAction(self.export_calendar_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        self.sign_in_action = QAction(self.tr("Sign in as &another user…"), self)
        self.sign_in_action.setShortcut(QKeySequence("Ctrl+L"))
        self.sign_in_action.triggered.connect(self.sign_in)
        file_menu.insertAction(quit_action, self.sign_in_action)
        file_menu.insertSeparator(quit_action)

        session_menu = self.menuBar().addMenu(self.tr("&Session"))
        self.new_booking_action = QAction(self.tr("&New booking…"), self)
        self.new_booking_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_booking_action.triggered.connect(lambda: self.open_booking())
        self.open_session_action = QAction(self.tr("&Open selected session"), self)
        self.open_session_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_session_action.triggered.connect(self._open_selected)
        self.cancel_session_action = QAction(self.tr("&Cancel selected session…"), self)
        self.cancel_session_action.setShortcut(QKeySequence("Ctrl+Delete"))
        self.cancel_session_action.triggered.connect(lambda: self._open_selected(cancel=True))
        self.undo_action = QAction(self.tr("&Undo last move"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo_move)
        self.month_action = QAction(self.tr("&Month preview…"), self)
        self.month_action.setShortcut(QKeySequence("Ctrl+M"))
        self.month_action.triggered.connect(self.open_month_preview)
        session_menu.addActions(
            [
                self.new_booking_action,
                self.open_session_action,
                self.cancel_session_action,
                self.undo_action,
            ]
        )
        self.series_action = QAction(self.tr("&Recurring sessions of this client…"), self)
        self.series_action.setShortcut(QKeySequence("Ctrl+R"))
        self.series_action.triggered.connect(self._series_of_selected)
        self.inbox_action = QAction(self.tr("&Inbox…"), self)
        self.inbox_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.inbox_action.triggered.connect(self.open_inbox)
        session_menu.addSeparator()
        session_menu.addActions([self.series_action, self.month_action, self.inbox_action])

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh)
        view_menu.addAction(self.refresh_action)
        view_menu.addSeparator()
        for number, (mode, label) in enumerate(VIEW_LABELS, start=1):
            action = QAction(self.tr(label), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, m=mode: self.set_mode(m))
            view_menu.addAction(action)
        view_menu.addSeparator()
        colour_action = QAction(self.tr("Colour by therapist / service"), self)
        colour_action.setShortcut(QKeySequence("Ctrl+K"))
        colour_action.triggered.connect(
            lambda: self.colour_box.setCurrentIndex(1 - self.colour_box.currentIndex())
        )
        zoom_in = QAction(self.tr("Zoom &in"), self)
        zoom_in.setShortcuts([QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")])
        zoom_in.triggered.connect(lambda: self.calendar_view.zoom(1.25))
        zoom_out = QAction(self.tr("Zoom &out"), self)
        zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        zoom_out.triggered.connect(lambda: self.calendar_view.zoom(0.8))
        view_menu.addActions([colour_action, zoom_in, zoom_out])

        clinic_menu = self.menuBar().addMenu(self.tr("&Clinic"))
        self.feeds_action = QAction(self.tr("Calendar &feeds…"), self)
        self.feeds_action.triggered.connect(self.open_feeds)
        self.feeds_action.setEnabled(self.publisher is not None)
        clinic_menu.addAction(self.feeds_action)
        self.google_action = QAction(self.tr("Connect &Google…"), self)
        self.google_action.triggered.connect(self.start_google_connection)
        self.google_action.setEnabled(self.connect_google is not None)
        clinic_menu.addAction(self.google_action)
        self.busy_action = QAction(self.tr("Read Google &busy times now"), self)
        self.busy_action.triggered.connect(self.refresh_busy_times)
        self.busy_action.setEnabled(self.delivery is not None)
        clinic_menu.addAction(self.busy_action)
        self.setup_action = QAction(self.tr("Clinic s&etup…"), self)
        self.setup_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.setup_action.setToolTip(self.tr("Hours, blocks, rooms, services, users (supervisors)"))
        self.setup_action.triggered.connect(self.open_setup)
        clinic_menu.addAction(self.setup_action)
        clinic_menu.addSeparator()
        self.sync_action = QAction(self.tr("&Sync status…"), self)
        self.sync_action.triggered.connect(self.open_sync_panel)
        clinic_menu.addAction(self.sync_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about_action = QAction(self.tr("&About Clinic Front Desk"), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _build_status_bar(self) -> None:
        self.database_label = QLabel(self.tr("Database: %s") % display_url(self.database.url))
        self.clinic_label = QLabel(self.tr("Clinic: loading…"))
        self.database_label.setObjectName("databaseStatus")
        self.clinic_label.setObjectName("clinicStatus")
        self.sync_button = QPushButton(self)
        self.sync_button.setObjectName("syncStatus")
        self.sync_button.setFlat(True)
        # Wide enough for the usual states from the start, so the bar does not jump.
        typical = self.sync_button.fontMetrics().horizontalAdvance("Sync: 99 failed, 999 pending")
        self.sync_button.setMinimumWidth(typical + 24)
        self.sync_button.setText(self.tr("Sync: …"))
        self.sync_button.setToolTip(self.tr("Emails and calendar updates (open the Sync panel)"))
        self.sync_button.clicked.connect(self.open_sync_panel)
        # A long file path must not squeeze the clinic or the sync state: it is cut in the
        # middle, the whole of it in the tooltip.
        full = self.database_label.text()
        self.database_label.setToolTip(full)
        metrics = self.database_label.fontMetrics()
        self.database_label.setText(metrics.elidedText(full, Qt.TextElideMode.ElideMiddle, 380))
        self.user_label = QLabel(self.tr("Not signed in"))
        self.user_label.setObjectName("userStatus")
        self.statusBar().addWidget(self.clinic_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.inbox_button = QPushButton(self.tr("Inbox"), self)
        self.inbox_button.setObjectName("inboxStatus")
        self.inbox_button.setFlat(True)
        self.inbox_button.setToolTip(self.tr("Recurring sessions not booked, failed sync"))
        self.inbox_button.clicked.connect(self.open_inbox)
        self.statusBar().addPermanentWidget(self.inbox_button)
        self.statusBar().addPermanentWidget(self.sync_button)
        self.statusBar().addPermanentWidget(self.database_label)

    # --- data -------------------------------------------------------------------------------
    def _clinic_today(self) -> date:
        if self.clinic is None:
            return self.clock().astimezone().date()
        return self.clock().astimezone(clinic_zone(self.clinic.timezone)).date()

    def refresh_clinic(self) -> None:
        run_in_background(
            lambda: clinic_info(self.database), self._clinic_loaded, self.show_error, self
        )

    def _clinic_loaded(self, info: ClinicInfo | None) -> None:
        self.clinic = info
        if info is None:
            self.setWindowTitle(APP_TITLE)
            self.clinic_label.setText(self.tr("No clinic yet — File ▸ Import clinic file…"))
        else:
            self.setWindowTitle(f"{APP_TITLE} — {info.name}")
            self.clinic_label.setText(self.tr("Clinic: %s · %s") % (info.name, info.timezone))
        self.clinic_label.setMinimumWidth(self.clinic_label.sizeHint().width())
        self.show_day(self.shown_day if self._day_requested else self._clinic_today())
        if info is not None:
            self.refresh_inbox_count()

    def show_day(self, day: date) -> None:
        self.shown_day = day
        self._day_requested = True
        # `%-d` is not portable (Windows); the day number is formatted by hand.
        if self.mode == ViewMode.WEEK:
            monday = day - timedelta(days=day.weekday())
            sunday = monday + timedelta(days=6)
            self.day_label.setText(
                f"Week of {monday.day} {monday:%b} – {sunday.day} {sunday:%b %Y}"
            )
        else:
            self.day_label.setText(f"{day:%A} {day.day} {day:%B %Y}")
        if self.date_edit.date().toPython() != day:
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
            self.date_edit.blockSignals(False)
        run_in_background(
            lambda: day_agenda(self.database, day),
            lambda rows, shown=day: self._agenda_loaded(shown, rows),
            self.show_error,
            self,
        )
        self.load_calendar()

    @property
    def mode(self) -> ViewMode | None:
        """The schedule's view, or None for the plain list of the day."""
        return self.mode_box.currentData()

    def set_mode(self, mode: ViewMode | None) -> None:
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode))

    def _mode_changed(self) -> None:
        mode = self.mode
        self.stack.setCurrentIndex(1 if mode is None else 0)
        self.therapist_box.setVisible(mode == ViewMode.WEEK)
        self.colour_box.setEnabled(mode is not None)
        self.previous_button.setToolTip(
            self.tr("Previous week (Alt+Left)")
            if mode == ViewMode.WEEK
            else self.tr("Previous day (Alt+Left)")
        )
        self.show_day(self.shown_day)
        if mode is not None:
            self.calendar_view.setFocus()

    def step(self, direction: int) -> None:
        days = 7 if self.mode == ViewMode.WEEK else 1
        self.show_day(self.shown_day + timedelta(days=days * direction))

    def _refresh_unless_busy(self) -> None:
        if not self.calendar_view.dragging:  # never pull the schedule from under a drag
            self.refresh()

    def refresh(self) -> None:
        """Read the shown range again (after a change here, or to see other desks')."""
        self.calendar = None
        self.show_day(self.shown_day)
        self.refresh_inbox_count()

    def refresh_inbox_count(self) -> None:
        run_in_background(
            lambda: open_items(self.database), self._inbox_counted, lambda _e: None, self
        )

    def _inbox_counted(self, count: int) -> None:
        self.inbox_button.setText(self.tr("Inbox (%d)") % count if count else self.tr("Inbox"))
        self.inbox_button.setStyleSheet("font-weight: 600; color: #8a5300;" if count else "")

    def load_calendar(self) -> None:
        """The week around the shown day, loaded once: moving between its days, switching
        views or dragging needs no further query."""
        if self.clinic is None:
            return
        monday = self.shown_day - timedelta(days=self.shown_day.weekday())
        wanted = (monday, monday + timedelta(days=6))
        calendar = self.calendar
        if calendar is not None and (calendar.first_day, calendar.last_day) == wanted:
            self._show_calendar()
            return
        if self._calendar_wanted == wanted:
            return  # already on its way
        self._calendar_wanted = wanted
        run_in_background(
            lambda: load_desk_calendar(self.database, wanted[0], wanted[1], self.clock()),
            lambda loaded, asked=wanted: self._calendar_loaded(asked, loaded),
            self._calendar_failed,
            self,
        )

    def _calendar_failed(self, error: Exception) -> None:
        self._calendar_wanted = None
        self.show_error(error)

    def _calendar_loaded(self, asked: tuple[date, date], calendar: DeskCalendar) -> None:
        if self._calendar_wanted == asked:
            self._calendar_wanted = None
        monday = self.shown_day - timedelta(days=self.shown_day.weekday())
        if asked[0] != monday:
            return  # the user has moved on
        self.calendar = calendar
        current = self.therapist_box.currentData()
        self.therapist_box.blockSignals(True)
        self.therapist_box.clear()
        for therapist in calendar.therapists:
            self.therapist_box.addItem(therapist.name, therapist.id)
        if current is not None:
            self.therapist_box.setCurrentIndex(max(0, self.therapist_box.findData(current)))
        self.therapist_box.blockSignals(False)
        self._show_calendar()

    def _show_calendar(self) -> None:
        calendar, mode = self.calendar, self.mode
        if calendar is None or mode is None:
            return
        self.calendar_view.show_calendar(
            calendar, mode, self.shown_day, self.therapist_box.currentData()
        )
        if self._select_after_load is not None:
            self.calendar_view.select(self._select_after_load)
            self._select_after_load = None
        self.calendar_shown.emit()

    def _agenda_loaded(self, day: date, rows: list[AgendaRow]) -> None:
        if day != self.shown_day:
            return  # the user has moved on; a later answer is on its way
        self.model.set_rows(rows)
        active = sum(1 for r in rows if r.status not in ("cancelled", "no_show"))
        if rows:
            self.empty_label.setText(
                self.tr("%s, whole clinic: %d sessions (and %d cancelled or no-show)")
                % (f"{day:%A} {day.day} {day:%B}", active, len(rows) - active)
            )
        else:
            self.empty_label.setText(self.tr("No sessions on this day."))

    # --- actions ----------------------------------------------------------------------------
    def choose_import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import clinic file"), "", self.tr("Clinic files (*.json)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        def work() -> ImportSummary:
            data = json.loads(path.read_text(encoding="utf-8"))
            return import_clinic(self.database, data, actor="gui")

        self.statusBar().showMessage(self.tr("Importing %s…") % path.name)
        run_in_background(work, self._imported, self.show_error, self)

    def _imported(self, summary: ImportSummary) -> None:
        self.statusBar().showMessage(self.tr("Imported: %s") % summary.describe(), 10_000)
        self.refresh_clinic()

    def choose_export_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export clinic file"), "clinic.json", self.tr("Clinic files (*.json)")
        )
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> None:
        def work() -> Path:
            text = json.dumps(export_clinic(self.database), indent=2, ensure_ascii=False)
            write_whole(path, (text + "\n").encode("utf-8"))
            return path

        run_in_background(
            work,
            lambda p: self.statusBar().showMessage(self.tr("Exported to %s") % p, 10_000),
            self.show_error,
            self,
        )

    def choose_calendar_export(self) -> None:
        run_in_background(
            lambda: feed_choices(self.database), self._pick_calendar, self.show_error, self
        )

    def _pick_calendar(self, choices: list[tuple[FeedScope, str]]) -> None:
        labels = [label for _scope, label in choices]
        label, chosen = QInputDialog.getItem(
            self, self.tr("Export calendar"), self.tr("Which calendar?"), labels, 0, False
        )
        if not chosen:
            return
        scope = choices[labels.index(label)][0]
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export calendar"),
            f"{scope.key or 'clinic'}.ics",
            self.tr("Calendar files (*.ics)"),
        )
        if name:
            self.export_calendar(scope, Path(name))

    def export_calendar(self, scope: FeedScope, path: Path) -> None:
        publisher = self.publisher
        if publisher is None:
            return

        def work() -> tuple[Path, int]:
            body, events = publisher.export(self.database, scope, datetime.now(UTC))
            write_whole(path, body)
            return path, events

        run_in_background(
            work,
            lambda done: self.statusBar().showMessage(
                self.tr("Exported %d events to %s") % (done[1], done[0]), 10_000
            ),
            self.show_error,
            self,
        )

    # --- booking, moving, opening ------------------------------------------------------
    def require_user(self) -> StaffUser | None:
        """The signed-in user; asks for a sign-in first when nobody is."""
        if self.user is None:
            self.sign_in()
        return self.user

    def sign_in(self) -> None:
        dialog = LoginDialog(
            self.database, self.clock, self, clinic=self.clinic.name if self.clinic else ""
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.user is not None:
            self.set_user(dialog.user)

    def set_user(self, user: StaffUser) -> None:
        self.user = user
        self.user_label.setText(
            self.tr("Signed in: %s (%s)") % (user.display_name, user.role.value.replace("_", " "))
        )
        self.undo_moves.clear()
        self.undo_action.setEnabled(False)
        self.setup_action.setEnabled(user.may_override)

    def open_booking(
        self,
        therapist_id: int | None = None,
        start: datetime | None = None,
        room_id: int | None = None,
    ) -> BookingDialog | None:
        user = self.require_user()
        if user is None:
            return None
        if therapist_id is None and self.mode == ViewMode.WEEK:
            therapist_id = self.therapist_box.currentData()
        day = start.date() if start is not None else self.shown_day
        dialog = BookingDialog(
            self.database,
            user,
            self.clock,
            self,
            day=day,
            therapist_id=therapist_id,
            start=start,
            room_id=room_id,
        )
        dialog.accepted.connect(lambda: self._booked(dialog))
        self.booking_dialog = dialog
        dialog.open()
        return dialog

    def _booked(self, dialog: BookingDialog) -> None:
        result = dialog.result_booking
        if result is None:
            return
        text = self.tr("Booked %s") % result.reference
        if result.room:
            text += self.tr(" in %s") % result.room
        if result.moved:
            text += self.tr("; re-seated %d other session(s)") % len(result.moved)
        self.statusBar().showMessage(text, 15_000)
        self._select_after_load = result.session_id
        self.refresh()

    def _create_requested(
        self, therapist_id: int | None, room_id: int | None, start: datetime
    ) -> None:
        self.open_booking(therapist_id, start, room_id)

    def request_move(self, card: SessionCard, target: DropTarget) -> None:
        """A session was dropped: move it if the engine said yes; offer an override only to
        supervisors and admins when nothing but overridable rules are in the way."""
        user = self.require_user()
        if user is None:
            return
        check = target.check
        if check.allowed:
            self.move(card, target)
            return
        if check.overridable and user.may_override:
            dialog = SupervisorDialog(
                self.tr("Override"),
                self.tr("%s.\n\nMove %s there anyway as an emergency?")
                % (check.message[:1].upper() + check.message[1:], card.reference),
                self,
                username=user.username,
            )
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.override is not None:
                self.move(card, target, dialog.override)
            return
        self._refused_move(check.message)

    def _refused_move(self, message: str, alternatives: list[datetime] | None = None) -> None:
        text = self.tr("Not moved: %s.") % message
        if alternatives and self.calendar is not None:
            zone = self.calendar.zone
            text += self.tr(" Nearest free: %s.") % ", ".join(
                f"{a.astimezone(zone):%a %H:%M}" for a in alternatives
            )
        self.last_refusal = text
        self.statusBar().showMessage(text, 20_000)
        QMessageBox.warning(self, APP_TITLE, text)

    def move(self, card: SessionCard, target: DropTarget, override: Override | None = None) -> None:
        calendar, user = self.calendar, self.user
        if calendar is None or user is None:
            return
        column = target.column
        therapist = None
        if column.therapist_id is not None and column.therapist_id != card.therapist_id:
            therapist = calendar.therapist_by_id[column.therapist_id].key
        room = None
        if column.room_id:
            room = calendar.room_by_id[column.room_id].key
        undo = UndoMove(
            reference="",
            start=card.starts_at,
            therapist=calendar.therapist_by_id[card.therapist_id].key if therapist else None,
            room=calendar.room_by_id[card.room_id].key if room and card.room_id else None,
        )
        self.statusBar().showMessage(self.tr("Moving %s…") % card.reference)

        def moved(result: BookingResult) -> str:
            self.undo_moves.append(replace(undo, reference=result.reference))
            self.undo_action.setEnabled(True)
            return self.tr("Moved to %s (%s, was %s). Ctrl+Z undoes.") % (
                f"{target.start:%a %d %b %H:%M}",
                result.reference,
                card.reference,
            )

        self._reschedule(user, card.reference, target.start, moved, therapist, room, override)

    def _reschedule(
        self,
        user: StaffUser,
        reference: str,
        start: datetime,
        said: Callable[[BookingResult], str],
        therapist: str | None = None,
        room: str | None = None,
        override: Override | None = None,
    ) -> None:
        """A move off the UI thread; the schedule reloads and selects the moved session."""

        def done(result: BookingResult) -> None:
            self.statusBar().showMessage(said(result), 15_000)
            self._select_after_load = result.session_id
            self.refresh()

        run_in_background(
            lambda: reschedule(
                self.database,
                reference,
                start,
                actor=user.username,
                now=self.clock(),
                therapist=therapist,
                room=room,
                override=override,
            ),
            done,
            self._move_failed,
            self,
        )

    def _move_failed(self, error: Exception) -> None:
        self.refresh()
        if isinstance(error, BookingRefusedError):
            self._refused_move(error.message, error.alternatives)
        elif isinstance(error, PermissionError):
            self._refused_move(self.tr("those are not a supervisor's or admin's credentials"))
        else:
            self.show_error(error)

    def undo_move(self) -> None:
        """Put the last moved session back where it was (a move of its own, re-checked)."""
        user = self.user
        if not self.undo_moves or user is None:
            return
        last = self.undo_moves.pop()
        self.undo_action.setEnabled(bool(self.undo_moves))
        self._reschedule(
            user,
            last.reference,
            last.start,
            lambda result: (
                self.tr("Move undone: back at %s (%s).")
                % (f"{last.start:%a %d %b %H:%M}", result.reference)
            ),
            last.therapist,
            last.room,
        )

    def _open_selected(self, cancel: bool = False) -> None:
        card = self.calendar_view.selected_card()
        if card is not None and self.mode is not None:
            self.open_session(card.reference, cancel=cancel)
            return
        rows = self.table.selectionModel().selectedRows() if self.mode is None else []
        if rows:
            self.open_session(self.model.row_at(rows[0].row()).reference, cancel=cancel)
        else:
            self.statusBar().showMessage(self.tr("Select a session first"), 5_000)

    def open_session(self, reference: str, *, cancel: bool = False) -> SessionPanel | None:
        user = self.require_user()
        if user is None:
            return None
        panel = SessionPanel(self.database, reference, user, self.clock, self)
        panel.changed.connect(self.refresh)
        panel.series_requested.connect(self.open_series)
        self.session_panel = panel
        panel.open()
        if cancel:
            panel.loaded.connect(panel.ask_cancel, Qt.ConnectionType.SingleShotConnection)
        return panel

    def open_setup(self) -> ClinicSetupDialog | None:
        user = self.require_user()
        if user is None:
            return None
        if not user.may_override:
            QMessageBox.information(
                self, APP_TITLE, self.tr("Clinic setup is for supervisors and admins.")
            )
            return None
        dialog = ClinicSetupDialog(self.database, user, self.clock, self)
        dialog.changed.connect(self.refresh)
        self.setup_dialog = dialog
        dialog.open()
        return dialog

    def open_inbox(self) -> InboxPanel | None:
        user = self.require_user()
        if user is None:
            return None
        panel = InboxPanel(self.database, user, self.clock, self)
        panel.changed.connect(self.refresh_inbox_count)
        panel.book_requested.connect(self._book_from_inbox)
        self.inbox_panel = panel
        panel.open()
        return panel

    def _book_from_inbox(self, item: InboxItem) -> None:
        calendar = self.calendar
        therapist = None
        if calendar is not None:
            therapist = next((t.id for t in calendar.therapists if t.key == item.therapist), None)
        dialog = self.open_booking(therapist, item.start)
        if dialog is not None and item.client:
            dialog.choose_client_key(item.client, item.service)

    def _series_of_selected(self) -> None:
        card = self.calendar_view.selected_card() if self.mode is not None else None
        if card is None:
            self.statusBar().showMessage(self.tr("Select a session of the client first"), 5_000)
            return
        self.open_series(card.reference)

    def open_series(self, reference: str) -> None:
        """The recurring series of the client of session `reference`."""
        user = self.require_user()
        if user is None:
            return

        def show(details: SessionDetails) -> None:
            dialog = SeriesDialog(
                self.database, user, self.clock, details.client_key, details.client_name, self
            )
            dialog.changed.connect(self.refresh)
            self.series_dialog = dialog
            dialog.open()

        run_in_background(
            lambda: session_details(self.database, reference, self.clock()),
            show,
            self.show_error,
            self,
        )

    def open_month_preview(self) -> None:
        selected = self.calendar_view.selected_card()
        therapist_id = selected.therapist_id if selected else self.therapist_box.currentData()
        dialog = MonthPreview(
            self.database,
            self.clock,
            self,
            therapist_id=therapist_id,
            month=self.shown_day.replace(day=1),
        )
        self.month_preview = dialog
        dialog.open()

    def open_feeds(self) -> None:
        if self.publisher is None:
            return
        dialog = CalendarFeedsDialog(self.database, self.publisher, self.feed_server, self)
        self.feeds_dialog = dialog
        dialog.open()

    def _delivery_tick(self) -> None:
        if self.runs_jobs is None or self.runs_jobs():
            self.deliver_outbox()
        else:
            self.refresh_sync_status()  # another desk delivers; show how it goes

    def deliver_outbox(self) -> None:
        """One delivery pass off the UI thread; passes never overlap."""
        delivery = self.delivery
        if delivery is None or self._delivering:
            return
        self._delivering = True

        def finished(_result: object) -> None:
            self._delivering = False
            self._sync_problem = None
            self.refresh_sync_status()

        def failed(error: Exception) -> None:
            self._delivering = False
            # e.g. SMTP settings that cannot work: say so until a pass succeeds
            self._sync_problem = describe_error(error)
            self.refresh_sync_status()

        run_in_background(
            lambda: delivery(self.database, datetime.now(UTC)), finished, failed, self
        )

    def refresh_sync_status(self) -> None:
        run_in_background(
            lambda: outbox_summary(self.database), self._sync_status_loaded, lambda _e: None, self
        )

    def _sync_status_loaded(self, summary: OutboxSummary) -> None:
        text = summary.describe()
        if self._sync_problem:
            text = f"{self._sync_problem} ({text.lower()})"
        elif summary.pending and self.delivery is None:
            text += self.tr(" (delivered by `frontdesk sync run`)")
        self.sync_button.setText(self.tr("Sync: %s") % text)
        if self.sync_button.sizeHint().width() > self.sync_button.minimumWidth():
            self.sync_button.setMinimumWidth(self.sync_button.sizeHint().width())  # not clipped
        alarming = (
            summary.failed or summary.email_paused or summary.google_paused or self._sync_problem
        )
        self.sync_button.setStyleSheet("color: #b00020; font-weight: 600;" if alarming else "")

    def start_google_connection(self) -> None:
        """Google's consent page opens in the browser; the window stays usable meanwhile."""
        connect = self.connect_google
        if connect is None:
            return
        self.statusBar().showMessage(self.tr("Waiting for Google's consent in your browser…"))

        def work() -> bool:
            connect()
            return resume(self.database, GOOGLE_PAUSE)

        def done(_resumed: bool) -> None:
            self.statusBar().showMessage(self.tr("Google connected."), 10_000)
            self.refresh_sync_status()

        def failed(error: Exception) -> None:
            self.statusBar().clearMessage()
            self.last_error = describe_error(error)
            QMessageBox.warning(self, APP_TITLE, self.last_error)

        run_in_background(work, done, failed, self)

    def refresh_busy_times(self) -> None:
        delivery = self.delivery
        if delivery is None:
            return
        self.statusBar().showMessage(self.tr("Reading Google busy times…"))
        run_in_background(
            lambda: delivery.refresh_busy_times_now(self.database, datetime.now(UTC)),
            lambda text: self.statusBar().showMessage(text, 15_000),
            self.show_error,
            self,
        )

    def open_sync_panel(self) -> None:
        panel = SyncPanel(self.database, self)
        panel.changed.connect(self.refresh_sync_status)
        self.sync_panel = panel
        panel.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.delivery_timer.stop()
        self.refresh_timer.stop()
        self.feed_server.stop()
        self._closed = True  # work still on its way finds nobody to show a box to
        super().closeEvent(event)

    def show_error(self, error: Exception) -> None:
        self.statusBar().clearMessage()
        self.last_error = describe_error(error)
        if self._showing_error or self._closed:
            # One box at a time: a refresh failing again meanwhile must not stack boxes.
            self.statusBar().showMessage(self.last_error, 30_000)
            return
        self._showing_error = True
        try:
            QMessageBox.warning(self, APP_TITLE, self.last_error)
        finally:
            self._showing_error = False

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Clinic Front Desk"),
            self.tr("Clinic Front Desk\nScheduling for therapy clinics.\n\nDatabase: %s")
            % display_url(self.database.url),
        )
