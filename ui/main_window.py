"""The front-desk main window: menus, a day's sessions, and a status bar that always says
which database and clinic this desk is working on."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.agenda import AgendaRow, ClinicInfo, clinic_info, day_agenda
from app.clinic_file import ClinicFileError, ImportSummary, export_clinic, import_clinic
from app.feeds import FeedPublisher, FeedScope, feed_choices
from app.files import write_whole
from app.outbox import (
    GOOGLE_PAUSE,
    ConnectionProblemError,
    OutboxDelivery,
    OutboxSummary,
    outbox_summary,
    resume,
)
from app.timezones import clinic_zone
from db.engine import Database, display_url
from ui.agenda_model import AgendaModel
from ui.feeds_dialog import CalendarFeedsDialog, FeedServerSlot, PublishPreference
from ui.operations import run_in_background
from ui.sync_panel import SyncPanel

DELIVERY_INTERVAL_MS = 5_000

APP_TITLE = "Clinic Front Desk"


class MainWindow(QMainWindow):
    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        publisher: FeedPublisher | None = None,
        delivery: OutboxDelivery | None = None,
        connect_google: Callable[[], str] | None = None,
        runs_jobs: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
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
        self.previous_button.clicked.connect(lambda: self.show_day(self.shown_day - timedelta(1)))
        self.next_button.clicked.connect(lambda: self.show_day(self.shown_day + timedelta(1)))
        self.today_button.clicked.connect(lambda: self.show_day(self._clinic_today()))
        self.date_edit.dateChanged.connect(lambda d: self.show_day(d.toPython()))
        bar.addWidget(self.day_label)
        bar.addStretch(1)
        for widget in (self.previous_button, self.today_button, self.next_button, self.date_edit):
            bar.addWidget(widget)
        layout.addLayout(bar)
        self.table = QTableView(panel)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Sessions of the day"))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.empty_label = QLabel(panel)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #666; padding: 12px;")
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

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(lambda: self.show_day(self.shown_day))
        view_menu.addAction(self.refresh_action)

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
        self.statusBar().addWidget(self.clinic_label)
        self.statusBar().addPermanentWidget(self.sync_button)
        self.statusBar().addPermanentWidget(self.database_label)

    # --- data -------------------------------------------------------------------------------
    def _clinic_today(self) -> date:
        if self.clinic is None:
            return date.today()
        return datetime.now(clinic_zone(self.clinic.timezone)).date()

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

    def show_day(self, day: date) -> None:
        self.shown_day = day
        self._day_requested = True
        # `%-d` is not portable (Windows); the day number is formatted by hand.
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

    def _agenda_loaded(self, day: date, rows: list[AgendaRow]) -> None:
        if day != self.shown_day:
            return  # the user has moved on; a later answer is on its way
        self.model.set_rows(rows)
        active = sum(1 for r in rows if r.status not in ("cancelled", "no_show"))
        if rows:
            self.empty_label.setText(
                self.tr("%d sessions (and %d cancelled or no-show)") % (active, len(rows) - active)
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
            self._sync_problem = (
                str(error) if isinstance(error, ValueError) else describe_error(error)
            )
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
            self.last_error = (
                str(error) if isinstance(error, ConnectionProblemError) else describe_error(error)
            )
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
        self.feed_server.stop()
        super().closeEvent(event)

    def show_error(self, error: Exception) -> None:
        self.statusBar().clearMessage()
        self.last_error = describe_error(error)
        QMessageBox.warning(self, APP_TITLE, self.last_error)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Clinic Front Desk"),
            self.tr("Clinic Front Desk\nScheduling for therapy clinics.\n\nDatabase: %s")
            % display_url(self.database.url),
        )


def describe_error(error: Exception) -> str:
    """A message for the person at the desk; details stay in the log."""
    if isinstance(error, ClinicFileError):
        return str(error)
    if isinstance(error, json.JSONDecodeError):
        return f"The file is not valid JSON (line {error.lineno}, column {error.colno})."
    if isinstance(error, OSError):
        return f"The file could not be read or written: {error.strerror or error}"
    if isinstance(error, LookupError):
        return str(error)
    return f"Something went wrong: {type(error).__name__}. Details are in the log file."
