"""The dialogs the window opens, each on what is selected or asked for: booking, a session,
its client's recurring series, the inbox, the month preview, clinic setup, calendar feeds
and sync status, the clients list and clients' profiles, the cash-up. The last one of each
kind is kept (tests and scripts drive it). Dialogs that change data write through
`ui.operations.run_write`; the window hears of it there.

The clients list and the profiles are windows of their own (no parent): a dialog the window
opens over itself (a session, a booking) blocks the window and its children, and these stay
usable beside it. There is one profile per client; the window closes them when it closes."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu

from app.clients.profile import client_id_for_key
from app.inbox import InboxItem
from app.session_details import SessionDetails, session_details
from app.waitlist import close_entry_booked
from ui.booking_dialog import BookingDialog
from ui.calendar_view import ViewMode, session_actions
from ui.cashup_window import CashUpWindow
from ui.client_profile import ClientProfileDialog
from ui.clients_window import ClientsWindow
from ui.feeds_dialog import CalendarFeedsDialog
from ui.inbox_panel import InboxPanel
from ui.month_preview import MonthPreview
from ui.operations import INBOX, WAITLIST, run_in_background, run_write
from ui.payment_dialog import PaymentDialog
from ui.reports_window import ReportsWindow
from ui.series_dialog import SeriesDialog
from ui.session_panel import SessionPanel
from ui.setup_dialog import ClinicSetupDialog
from ui.sync_panel import SyncPanel

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WindowDialogs(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.booking_dialog: BookingDialog | None = None
        self.session_panel: SessionPanel | None = None
        self.series_dialog: SeriesDialog | None = None
        self.inbox_panel: InboxPanel | None = None
        self.month_preview: MonthPreview | None = None
        self.setup_dialog: ClinicSetupDialog | None = None
        self.feeds_dialog: CalendarFeedsDialog | None = None
        self.sync_panel: SyncPanel | None = None
        self.payment_dialog: PaymentDialog | None = None
        self.last_session_menu: QMenu | None = None
        self.clients_window: ClientsWindow | None = None
        self.cashup_window: CashUpWindow | None = None
        self.reports_window: ReportsWindow | None = None
        self.client_profile: ClientProfileDialog | None = None
        self.profiles: dict[int, ClientProfileDialog] = {}  # open ones, by client id

    def open_booking(
        self,
        therapist_id: int | None = None,
        start: datetime | None = None,
        room_id: int | None = None,
    ) -> BookingDialog | None:
        window = self.window
        user = window.require_user()
        if user is None:
            return None
        if therapist_id is None and window.mode == ViewMode.WEEK:
            therapist_id = window.day_bar.therapist_id
        day = start.date() if start is not None else window.shown_day
        dialog = BookingDialog(
            window.database,
            user,
            window.clock,
            window,
            day=day,
            therapist_id=therapist_id,
            start=start,
            room_id=room_id,
        )
        dialog.accepted.connect(lambda: self._booked(dialog))
        dialog.client_picker.open_profile_requested.connect(self.open_profile)
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
            text += self.tr("; re-seated %n other session(s)", "", len(result.moved))
        self.window.statusBar().showMessage(text, 15_000)
        self.window.schedule.select_after_load(result.session_id)

    def book_from_inbox(self, item: InboxItem) -> BookingDialog | None:
        """The booking dialog filled in from an inbox item: its client, service, therapist
        and start. Booked from a waitlist match, the client's entry closes with the session."""
        calendar = self.window.calendar
        therapist = None
        if calendar is not None:
            therapist = next((t.id for t in calendar.therapists if t.key == item.therapist), None)
        dialog = self.open_booking(therapist, item.start)
        if dialog is not None and item.client:
            dialog.choose_client_key(item.client, item.service)
        if dialog is not None and item.waitlist_id is not None and item.client:
            entry, client = item.waitlist_id, item.client
            dialog.accepted.connect(lambda: self._close_waitlist_entry(dialog, entry, client))
        return dialog

    def _close_waitlist_entry(self, dialog: BookingDialog, entry_id: int, client: str) -> None:
        """The waiting client was booked: the entry closes with the new session. Another
        client booked from the same dialog leaves the entry waiting."""
        result, booked_for = dialog.result_booking, dialog.client
        if result is None or booked_for is None or booked_for.key != client:
            return
        window, actor = self.window, dialog.user.username  # who booked
        run_write(
            lambda: close_entry_booked(
                window.database,
                entry_id,
                result.session_id,
                actor=actor,
                now=window.clock(),
            ),
            lambda _closed: window.statusBar().showMessage(
                self.tr("Booked %s; the client's waitlist entry is closed") % result.reference,
                15_000,
            ),
            window.show_error,
            kinds={WAITLIST, INBOX},
            parent=self,
        )

    def open_selected(self, cancel: bool = False) -> None:
        reference = self.selected_reference()
        if reference is not None:
            self.open_session(reference, cancel=cancel)
        else:
            self.window.statusBar().showMessage(self.tr("Select a session first"), 5_000)

    def open_session(
        self, reference: str, *, cancel: bool = False, action: str | None = None
    ) -> SessionPanel | None:
        """The session's panel; `cancel` or `action` ("waive_fee", "change_price") asks for
        that once it has loaded."""
        window = self.window
        user = window.require_user()
        if user is None:
            return None
        panel = SessionPanel(window.database, reference, user, window.clock, window)
        panel.series_requested.connect(self.open_series)
        panel.open_requested.connect(lambda moved_to: self.open_session(moved_to))
        panel.profile_requested.connect(self.open_profile_of)
        self.session_panel = panel
        panel.open()
        asked = {"waive_fee": panel.ask_waive_fee, "change_price": panel.ask_change_price}
        then = panel.ask_cancel if cancel else asked.get(action or "")
        if then is not None:
            panel.loaded.connect(then, Qt.ConnectionType.SingleShotConnection)
        return panel

    def selected_reference(self) -> str | None:
        """The session selected in the schedule, or in the day list."""
        window = self.window
        if window.mode is None:
            return window.schedule.selected_row_reference()
        card = window.calendar_view.selected_card()
        return card.reference if card is not None else None

    def session_menu(self, reference: str, status: str) -> QMenu:
        """A day list row's context menu: the cards' own (`session_actions`)."""
        menu = QMenu(self.window)
        for label, action in session_actions(status):
            if action == "-":
                menu.addSeparator()
            else:
                menu.addAction(
                    QCoreApplication.translate("CalendarView", label),
                    partial(self.session_action, reference, action),
                )
        return menu

    def show_session_menu(self, reference: str, status: str, at: QPoint) -> None:
        menu = self.session_menu(reference, status)
        self.last_session_menu = menu
        menu.popup(at)

    def session_action(self, reference: str, action: str) -> None:
        """What a session's menu asked for: its panel (to open, cancel, waive a fee or change
        the price), or the payment dialog."""
        if action == "take_payment":
            self.take_payment(reference)
        elif action == "open":
            self.open_session(reference)
        else:
            self.open_session(reference, cancel=action == "cancel", action=action)

    def pay_for_selected(self) -> PaymentDialog | None:
        """Ctrl+P: the selected session's client, or (none selected) a client to find."""
        return self.take_payment(self.selected_reference())

    def take_payment(
        self, reference: str | None = None, client_key: str | None = None
    ) -> PaymentDialog | None:
        """The payment dialog for a session's client (that session first), for a client,
        or asking for the client when given neither."""
        window = self.window
        user = window.require_user()
        if user is None:
            return None
        dialog = PaymentDialog(
            window.database, user, window.clock, window, reference=reference, client_key=client_key
        )
        dialog.paid.connect(
            lambda result: window.statusBar().showMessage(
                self.tr("Payment taken: receipt %s") % result.receipt, 15_000
            )
        )
        self.payment_dialog = dialog
        dialog.open()
        return dialog

    def series_of_selected(self) -> None:
        window = self.window
        card = window.calendar_view.selected_card() if window.mode is not None else None
        if card is None:
            window.statusBar().showMessage(self.tr("Select a session of the client first"), 5_000)
            return
        self.open_series(card.reference)

    def open_series(self, reference: str) -> None:
        """The recurring series of the client of session `reference`."""
        window = self.window
        user = window.require_user()
        if user is None:
            return

        def show(details: SessionDetails) -> None:
            dialog = SeriesDialog(
                window.database,
                user,
                window.clock,
                details.client_key,
                details.client_name,
                window,
            )
            self.series_dialog = dialog
            dialog.open()

        run_in_background(
            lambda: session_details(window.database, reference, window.clock()),
            show,
            window.show_error,
            self,
        )

    def open_inbox(self) -> InboxPanel | None:
        window = self.window
        user = window.require_user()
        if user is None:
            return None
        panel = InboxPanel(window.database, user, window.clock, window)
        panel.book_requested.connect(self.book_from_inbox)
        self.inbox_panel = panel
        panel.open()
        return panel

    def open_month_preview(self) -> None:
        window = self.window
        selected = window.calendar_view.selected_card()
        therapist_id = selected.therapist_id if selected else window.day_bar.therapist_id
        dialog = MonthPreview(
            window.database,
            window.clock,
            window,
            therapist_id=therapist_id,
            month=window.shown_day.replace(day=1),
        )
        self.month_preview = dialog
        dialog.open()

    def open_setup(self) -> ClinicSetupDialog | None:
        window = self.window
        user = window.require_user()
        if user is None:
            return None
        if not user.may_override:
            window.inform(self.tr("Clinic setup is for supervisors and admins."))
            return None
        dialog = ClinicSetupDialog(window.database, user, window.clock, window)
        self.setup_dialog = dialog
        dialog.open()
        return dialog

    def open_feeds(self) -> None:
        window = self.window
        if window.publisher is None:
            return
        dialog = CalendarFeedsDialog(
            window.database, window.publisher, window.feed_server, window, signed_in=window.user
        )
        self.feeds_dialog = dialog
        dialog.open()

    def open_sync_panel(self) -> None:
        panel = SyncPanel(self.window.database, self.window)
        self.sync_panel = panel
        panel.open()

    # -- clients ---------------------------------------------------------------------------

    def open_cashup(self) -> CashUpWindow | None:
        """Clinic ▸ Cash-up: the clinic's today; one window, brought to the front again."""
        window = self.window
        if window.require_user() is None:
            return None
        if self.cashup_window is None:
            self.cashup_window = CashUpWindow(window.database, window.clinic_today(), window)
            self.cashup_window.finished.connect(self._cashup_closed)
        self.cashup_window.show()
        self.cashup_window.raise_()
        self.cashup_window.activateWindow()
        return self.cashup_window

    def _cashup_closed(self, _result: int) -> None:
        self.cashup_window = None  # closed: it follows no change; the next one starts today

    def open_reports(self) -> ReportsWindow | None:
        """Clinic ▸ Reports (supervisors and admins): one window, brought to the front again."""
        window = self.window
        user = window.require_user()
        if user is None:
            return None
        if not user.may_override:
            window.inform(self.tr("Reports are for supervisors and admins."))
            return None
        if self.reports_window is None:
            self.reports_window = ReportsWindow(window.database, window.clinic_today, window)
            self.reports_window.finished.connect(self._reports_closed)
        self.reports_window.show()
        self.reports_window.raise_()
        self.reports_window.activateWindow()
        return self.reports_window

    def _reports_closed(self, _result: int) -> None:
        self.reports_window = None  # closed: it follows no change; the next one starts today

    def close_reports(self) -> None:
        """Close the Reports window, if open (a user who may not see reports signed in)."""
        if self.reports_window is not None:
            self.reports_window.reject()  # `finished` forgets it

    def open_clients(self) -> ClientsWindow:
        """Clinic ▸ Clients, `Ctrl+L` from any window: the list, its search ready to type."""
        if self.clients_window is None:
            clients = ClientsWindow(self.window.database)
            clients.profile_requested.connect(self.open_profile)
            self.clients_window = clients
        self.clients_window.focus_search()
        return self.clients_window

    def open_profile(self, client_id: int) -> ClientProfileDialog | None:
        """The client's profile; one that is open already comes to the front."""
        window = self.window
        open_already = self.profiles.get(client_id)
        if open_already is not None:
            open_already.show()
            open_already.raise_()
            open_already.activateWindow()
            self.client_profile = open_already
            return open_already
        user = window.require_user()
        if user is None:
            return None
        profile = ClientProfileDialog(window.database, client_id, user, window.clock)
        profile.session_requested.connect(self.open_session)
        profile.profile_requested.connect(self.open_profile)
        profile.payment_requested.connect(lambda key: self.take_payment(client_key=key))
        profile.finished.connect(lambda _result: self._profile_closed(client_id, profile))
        self.profiles[client_id] = profile
        self.client_profile = profile
        profile.show()
        return profile

    def _profile_closed(self, client_id: int, profile: ClientProfileDialog) -> None:
        if self.profiles.get(client_id) is profile:
            del self.profiles[client_id]

    def open_profile_of(self, client_key: str) -> None:
        """The profile of the client a key names (a session's), found off the UI thread."""
        window = self.window
        run_in_background(
            lambda: client_id_for_key(window.database, client_key),
            self.open_profile,
            window.show_error,
            self,
        )

    def close_client_windows(self) -> bool:
        """Close the profiles and the clients list with the window; False when a profile
        with unsaved edits is to stay open (asked)."""
        for profile in list(self.profiles.values()):
            if not profile.close():
                profile.raise_()
                profile.activateWindow()
                return False
        if self.clients_window is not None:
            self.clients_window.close()
        return True
