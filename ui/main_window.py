"""The front-desk main window, composed of parts with one job each: the menu bar
(`ui.window_menus`), the day bar (`ui.day_bar`), the schedule and the day list
(`ui.schedule_panel`), the status bar (`ui.status_bar`), moving sessions (`ui.moves`), the
dialogs it opens (`ui.window_dialogs`), the File menu's transfers (`ui.file_transfers`) and
the sync commands (`ui.sync_actions`). The window shows the day the day bar asks for and
reloads when `changes().changed` says that something it shows has changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from app.agenda import ClinicInfo, clinic_info
from app.auth.staff import StaffUser
from app.clock import shared_clock
from app.desk_calendar import DeskCalendar, SessionCard
from app.feeds import FeedPublisher, FeedScope
from app.outbox import OutboxDelivery
from app.timezones import clinic_zone
from db.engine import Database, display_url
from ui.booking_dialog import BookingDialog
from ui.calendar_view import DropTarget, ViewMode
from ui.cashup_window import CashUpWindow
from ui.client_profile import ClientProfileDialog
from ui.clients_window import ClientsWindow
from ui.day_bar import DayBar
from ui.day_sheet_dialog import DaySheetDialog
from ui.delivery import DeliveryPasses
from ui.desk_settings import save_window_place, show_window_in_place
from ui.feedback import describe_error
from ui.feeds_dialog import CalendarFeedsDialog, FeedServerSlot, PublishPreference
from ui.file_transfers import FileTransfers
from ui.inbox_panel import InboxPanel
from ui.live import LiveChanges
from ui.login_dialog import LoginDialog
from ui.moves import SessionMoves, UndoMove
from ui.operations import (
    CLIENTS,
    CLINIC,
    HOLDS,
    PAYMENTS,
    SESSIONS,
    SETUP,
    changes,
    run_in_background,
)
from ui.reports_window import ReportsWindow
from ui.schedule_panel import SchedulePanel
from ui.series_dialog import SeriesDialog
from ui.session_panel import SessionPanel
from ui.setup_dialog import ClinicSetupDialog
from ui.status_bar import DeskStatusBar
from ui.sync_actions import SyncActions
from ui.sync_panel import SyncPanel
from ui.translations import LanguageChoice, chosen_language, save_language
from ui.window_dialogs import WindowDialogs
from ui.window_menus import WindowMenus

# Other desks' changes, when nothing tells this desk of them as they happen.
REFRESH_INTERVAL_MS = 60_000
# Once the database's change signal is followed (`follow`), every change arrives within a
# fraction of a second and a lost one ends in a full refresh; the poll stays only as a safety
# net for what no signal can report (e.g. a change stamp missed while the follower was being
# restarted after an error), so it may be rare.
SAFETY_REFRESH_MS = 5 * 60_000
# What the schedule shows. Clients too: a profile's edit renames a client's cards without
# touching their sessions, and an erasure must take the name off every desk's screen.
# Payments too: the cards say what is paid and due.
SCHEDULE_KINDS = frozenset({SESSIONS, HOLDS, SETUP, CLIENTS, PAYMENTS})
# What the day list shows (holds are not listed).
AGENDA_KINDS = frozenset({SESSIONS, SETUP, CLIENTS, PAYMENTS})
# Changes whose days do not say where they show: hours and columns may differ on every
# day, a client's cards may be on any day of the week, and a payment's day is the day it
# was taken, not the days of the sessions it pays.
UNDATED_KINDS = frozenset({SETUP, CLIENTS, PAYMENTS})

APP_TITLE = "Clinic Front Desk"


class MainWindow(QMainWindow):
    calendar_shown = Signal()  # the schedule shows freshly loaded data (tests wait on it)
    day_sheet_dialog: DaySheetDialog | None = None  # the last File ▸ Print day sheet…

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        publisher: FeedPublisher | None = None,
        delivery: OutboxDelivery | None = None,
        connect_google: Callable[[], str] | None = None,
        user: StaffUser | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user  # who is signed in; actions that change data ask for a sign-in
        self.clock = clock or shared_clock(database).now  # the database's (`app.clock`)
        self._showing_error = False
        self._closed = False
        self._clinic_reading = False  # the clinic's name and zone are being read
        self._clinic_stale = False  # and changed meanwhile: read again when that read is back
        self.live: LiveChanges | None = None  # the database's change signal, once followed
        self.publisher = publisher  # calendar feeds (sync), handed in by the composition root
        self.delivery = delivery  # the outbox worker (sync), likewise
        # Its passes, which the job runner makes while this desk leads (`ui.launch`).
        self.delivery_passes = DeliveryPasses(delivery) if delivery is not None else None
        self.connect_google = connect_google  # Google's consent flow (sync), likewise
        self.feed_server = FeedServerSlot(self)
        self.feed_server.failed.connect(self._feeds_not_published)
        self.clinic: ClinicInfo | None = None
        self.last_error: str | None = None
        self.relaunch_requested = False  # closed to be built again in another language
        self.setWindowTitle(APP_TITLE)
        self.resize(1100, 700)  # until `show_in_place` puts it where this desk left it
        self.moves = SessionMoves(self)
        self.files = FileTransfers(self)
        self.sync = SyncActions(self)
        self.dialogs = WindowDialogs(self)
        self._build_central()
        self.menus = WindowMenus(self)
        self.moves.undo_available.connect(self.menus.undo_action.setEnabled)
        self.status = DeskStatusBar(database, self.delivery_passes, self, now=self.clock)
        self.status.inbox_button.clicked.connect(self.open_inbox)
        self.status.sync_button.clicked.connect(self.open_sync_panel)
        self.setStatusBar(self.status)
        self._name_parts_widgets()
        changes().changed.connect(self._data_changed)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_INTERVAL_MS)
        self.refresh_timer.timeout.connect(self._refresh_unless_busy)
        self.refresh_timer.start()
        if user is not None:
            self.set_user(user)
        self.shown_day = date.today()
        self._day_requested = False  # until someone picks a day, open on the clinic's today
        self.refresh_clinic()
        self._publish_feeds_if_chosen()
        self.refresh_sync_status()

    def _build_central(self) -> None:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        self.day_bar = DayBar(panel)
        self.schedule = SchedulePanel(
            self.database, self.clock, self.day_bar, self.show_error, panel
        )
        self.calendar_view = self.schedule.calendar_view
        self.model = self.schedule.model
        bar, view = self.day_bar, self.calendar_view
        bar.step_requested.connect(self.step)
        bar.today_requested.connect(lambda: self.show_day(self.clinic_today()))
        bar.day_chosen.connect(self.show_day)
        bar.mode_changed.connect(self._mode_changed)
        bar.colour_changed.connect(view.set_colour_by)
        bar.booking_requested.connect(lambda: self.open_booking())
        view.hint.connect(lambda text: self.statusBar().showMessage(text, 8_000))
        view.move_requested.connect(self.request_move)
        view.create_requested.connect(self._create_requested)
        view.cancel_requested.connect(lambda card: self.open_session(card.reference, cancel=True))
        view.open_requested.connect(lambda card: self.open_session(card.reference))
        view.action_requested.connect(
            lambda card, action: self.dialogs.session_action(card.reference, action)
        )
        self.schedule.row_opened.connect(self.open_session)
        self.schedule.menu_requested.connect(self.dialogs.show_session_menu)
        self.schedule.calendar_shown.connect(self.calendar_shown)
        layout.addWidget(self.day_bar)
        layout.addWidget(self.schedule, 1)
        self.setCentralWidget(panel)

    def _name_parts_widgets(self) -> None:
        """The parts' widgets that tests and scripts reach for on the window."""
        bar, status, menus = self.day_bar, self.status, self.menus
        self.day_label = bar.day_label
        self.therapist_box = bar.therapist_box
        self.colour_box = bar.colour_box
        self.next_button = bar.next_button
        self.today_button = bar.today_button
        self.empty_label = self.schedule.empty_label
        self.clinic_label = status.clinic_label
        self.database_label = status.database_label
        self.inbox_button = status.inbox_button
        self.sync_button = status.sync_button
        self.undo_action = menus.undo_action
        self.setup_action = menus.setup_action
        self.feeds_action = menus.feeds_action
        self.export_calendar_action = menus.export_calendar_action
        self.google_action = menus.google_action
        self.busy_action = menus.busy_action

    def _publish_feeds_if_chosen(self) -> None:
        if self.publisher is None:
            return
        on, host, port = PublishPreference().load()
        if on:
            self.feed_server.start(self.publisher, self.database, host, port)

    def _feeds_not_published(self, host: str, port: int, why: str) -> None:
        self.statusBar().showMessage(
            self.tr("Calendar feeds are not published: cannot listen on %s:%d (%s)")
            % (host, port, why),
            30_000,
        )

    # --- what is shown ----------------------------------------------------------------------
    def clinic_today(self) -> date:
        """Today in the clinic's zone (this PC's until the clinic is read)."""
        if self.clinic is None:
            return self.clock().astimezone().date()
        return self.clock().astimezone(clinic_zone(self.clinic.timezone)).date()

    def refresh_clinic(self) -> None:
        run_in_background(
            lambda: clinic_info(self.database), self._clinic_loaded, self.show_error, self
        )

    def _clinic_loaded(self, info: ClinicInfo | None) -> None:
        self.clinic = info
        self.setWindowTitle(APP_TITLE if info is None else f"{APP_TITLE} — {info.name}")
        self.status.show_clinic(info)
        self.show_day(self.shown_day if self._day_requested else self.clinic_today())
        if info is not None:
            self.refresh_inbox_count()

    def show_day(self, day: date) -> None:
        self.shown_day = day
        self._day_requested = True
        self.day_bar.show_day(day)
        self.schedule.show_day(day, with_week=self.clinic is not None)

    @property
    def calendar(self) -> DeskCalendar | None:
        """The loaded week (None while it loads)."""
        return self.schedule.calendar

    def load_calendar(self) -> None:
        if self.clinic is not None:
            self.schedule.load_calendar()

    @property
    def mode(self) -> ViewMode | None:
        """The schedule's view, or None for the plain list of the day."""
        return self.day_bar.mode

    def set_mode(self, mode: ViewMode | None) -> None:
        self.day_bar.set_mode(mode)

    def _mode_changed(self) -> None:
        self.schedule.show_mode()
        self.show_day(self.shown_day)

    def step(self, direction: int) -> None:
        days = 7 if self.mode == ViewMode.WEEK else 1
        self.show_day(self.shown_day + timedelta(days=days * direction))

    def _refresh_unless_busy(self) -> None:
        if not self.calendar_view.dragging:  # the poll can wait for a drag to end
            self.refresh()

    def refresh(self) -> None:
        """Read the shown range again (F5, or to see other desks' changes)."""
        self.reload_schedule()
        self.refresh_inbox_count()

    def reload_schedule(self) -> None:
        self.schedule.forget_week()
        self.show_day(self.shown_day)

    def _data_changed(self, kinds: frozenset[str], days: frozenset[date]) -> None:
        """A change was announced: reload what it touches of what this window shows."""
        if self._closed:
            return
        if CLINIC in kinds:
            self.schedule.forget_week()  # everything may have changed, the clinic's zone too
            self.refresh_clinic()
            return
        if SETUP in kinds:
            self._read_clinic_again()  # its name or zone may have changed (one small read)
        if self.clinic is not None:
            self.schedule.data_changed(
                frozenset() if kinds & UNDATED_KINDS else days,  # the whole week
                week=bool(kinds & SCHEDULE_KINDS),
                agenda=bool(kinds & AGENDA_KINDS),
            )

    def _read_clinic_again(self) -> None:
        if self._clinic_reading:
            self._clinic_stale = True
            return
        self._clinic_reading = True
        run_in_background(
            lambda: clinic_info(self.database), self._clinic_read_again, self._clinic_failed, self
        )

    def _clinic_failed(self, error: Exception) -> None:
        self._clinic_reading = False
        self.show_error(error)

    def _clinic_read_again(self, info: ClinicInfo | None) -> None:
        self._clinic_reading = False
        if self._clinic_stale:
            self._clinic_stale = False
            self._read_clinic_again()
            return
        if info is None or self.clinic is None or info.timezone != self.clinic.timezone:
            self.schedule.forget_week()
            self._clinic_loaded(info)  # another zone: another "today", every time moves
            return
        self.clinic = info
        self.setWindowTitle(f"{APP_TITLE} — {info.name}")
        self.status.show_clinic(info)

    def follow(self, live: LiveChanges) -> None:
        """Hear every other desk's (and process's) change as it is committed: `live` is
        started now and stopped when the window closes; the minute poll becomes a safety net."""
        self.live = live
        self.refresh_timer.setInterval(SAFETY_REFRESH_MS)
        live.start()

    def refresh_inbox_count(self) -> None:
        self.status.count_inbox()

    def refresh_sync_status(self) -> None:
        self.status.read_sync_status()

    # --- the File menu ----------------------------------------------------------------------
    def import_file(self, path: Path) -> None:
        self.files.import_file(path)

    def export_file(self, path: Path) -> None:
        self.files.export_file(path)

    def export_calendar(self, scope: FeedScope, path: Path) -> None:
        self.files.export_calendar(scope, path)

    # --- signing in -------------------------------------------------------------------------
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
        self.status.show_user(user)
        self.moves.forget()
        self.menus.setup_action.setEnabled(user.may_override)
        self.menus.reports_action.setEnabled(user.may_override)
        if not user.may_override:
            # the figures are the supervisor's, not the desk's who signs in now (the cash-up
            # is every user's, so it stays open)
            self.dialogs.close_reports()

    # --- booking, moving, opening ----------------------------------------------------------
    def open_booking(
        self,
        therapist_id: int | None = None,
        start: datetime | None = None,
        room_id: int | None = None,
    ) -> BookingDialog | None:
        return self.dialogs.open_booking(therapist_id, start, room_id)

    def _create_requested(
        self, therapist_id: int | None, room_id: int | None, start: datetime
    ) -> None:
        self.open_booking(therapist_id, start, room_id)

    @property
    def undo_moves(self) -> list[UndoMove]:
        return self.moves.undo_moves

    def request_move(self, card: SessionCard, target: DropTarget) -> None:
        self.moves.request_move(card, target)

    def undo_move(self) -> None:
        self.moves.undo_move()

    def open_session(self, reference: str, *, cancel: bool = False) -> SessionPanel | None:
        return self.dialogs.open_session(reference, cancel=cancel)

    def open_series(self, reference: str) -> None:
        self.dialogs.open_series(reference)

    def open_inbox(self) -> InboxPanel | None:
        return self.dialogs.open_inbox()

    def open_month_preview(self) -> None:
        self.dialogs.open_month_preview()

    def open_day_sheet(self) -> DaySheetDialog | None:
        """File ▸ Print day sheet… (`Ctrl+Shift+P`): the sheet of the day shown, starting with
        what the view shows (the week view's therapist, else the whole clinic)."""
        if self.require_user() is None:
            return None
        calendar = self.calendar
        therapists = [(t.key, t.name) for t in calendar.therapists] if calendar else []
        rooms = [(r.key, r.name) for r in calendar.rooms] if calendar else []
        shown = None
        if calendar is not None and self.mode == ViewMode.WEEK:
            week_of = calendar.therapist_by_id.get(self.day_bar.therapist_id or 0)
            shown = week_of.key if week_of is not None else None
        dialog = DaySheetDialog(
            self.database, self.shown_day, therapists, rooms, therapist_key=shown, parent=self
        )
        self.day_sheet_dialog = dialog  # the last one, where tests find it
        dialog.show()
        return dialog

    def open_setup(self) -> ClinicSetupDialog | None:
        return self.dialogs.open_setup()

    def open_feeds(self) -> None:
        self.dialogs.open_feeds()

    def open_sync_panel(self) -> None:
        self.dialogs.open_sync_panel()

    def open_cashup(self) -> CashUpWindow | None:
        return self.dialogs.open_cashup()

    def open_reports(self) -> ReportsWindow | None:
        return self.dialogs.open_reports()

    def open_clients(self) -> ClientsWindow:
        return self.dialogs.open_clients()

    def open_profile(self, client_id: int) -> ClientProfileDialog | None:
        return self.dialogs.open_profile(client_id)

    # The last dialog of each kind, where tests find it.
    @property
    def booking_dialog(self) -> BookingDialog | None:
        return self.dialogs.booking_dialog

    @property
    def session_panel(self) -> SessionPanel | None:
        return self.dialogs.session_panel

    @property
    def series_dialog(self) -> SeriesDialog | None:
        return self.dialogs.series_dialog

    @property
    def feeds_dialog(self) -> CalendarFeedsDialog | None:
        return self.dialogs.feeds_dialog

    @property
    def sync_panel(self) -> SyncPanel | None:
        return self.dialogs.sync_panel

    @property
    def clients_window(self) -> ClientsWindow | None:
        return self.dialogs.clients_window

    @property
    def client_profile(self) -> ClientProfileDialog | None:
        return self.dialogs.client_profile

    def deliver_outbox(self) -> None:
        self.sync.deliver_outbox()

    # --- opening, closing and telling ------------------------------------------------------
    def show_in_place(self) -> None:
        """Show the window where this desk left it (maximised the first time)."""
        show_window_in_place(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self._closed and not self.dialogs.close_client_windows():
            event.ignore()  # a profile's unsaved edits are kept (its user said so)
            return
        if not self._closed:
            if self.isVisible():
                save_window_place(self)
            changes().changed.disconnect(self._data_changed)
            self.status.stop()
            if self.live is not None:
                self.live.stop()
        self.refresh_timer.stop()
        self.feed_server.close()
        self._closed = True  # work still on its way finds nobody to show a box to
        super().closeEvent(event)

    def warn(self, text: str) -> None:
        QMessageBox.warning(self, APP_TITLE, text)

    def inform(self, text: str) -> None:
        QMessageBox.information(self, APP_TITLE, text)

    def show_error(self, error: Exception) -> None:
        self.statusBar().clearMessage()
        self.last_error = describe_error(error)
        if self._showing_error or self._closed:
            # One box at a time: a refresh failing again meanwhile must not stack boxes.
            self.statusBar().showMessage(self.last_error, 30_000)
            return
        self._showing_error = True
        try:
            self.warn(self.last_error)
        finally:
            self._showing_error = False

    def choose_language(self, choice: LanguageChoice) -> None:
        """Keep this desk's new language (View ▸ Language). A window's texts are translated
        as it is built, so it closes and `ui.launch` builds it again in that language, once
        the receptionist agrees (else at the next start)."""
        if choice == chosen_language():
            return
        save_language(choice)
        answer = QMessageBox.question(
            self,
            APP_TITLE,
            self.tr("The window opens again in the chosen language. Reopen it now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.statusBar().showMessage(
                self.tr("The chosen language is used from the next start."), 10_000
            )
            return
        self.relaunch_requested = True
        if not self.close():  # a profile's unsaved edits are kept, and the window with them
            self.relaunch_requested = False

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Clinic Front Desk"),
            self.tr("Clinic Front Desk\nScheduling for therapy clinics.\n\nDatabase: %s")
            % display_url(self.database.url),
        )
