"""A client's profile window (docs/desk.md, Clients): pinned notes first, every detail
editable and checked as typed, statistics and balance, the history with its filters, the
client's series and waitlist entries.

One window per client, not modal: the desk keeps working beside it. It reads the client
again when a change names clients, sessions, series or the waitlist (`changed`), keeping
whatever is being typed. Save writes off the UI thread; a phone or email that is another
client's names that client, with a button to open their profile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from itertools import pairwise

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.auth.staff import StaffUser
from app.clients.editing import DuplicateClientError, phone_region, update_client
from app.clients.profile import (
    ClientDetails,
    ClientProfile,
    HistoryFilter,
    HistoryRow,
    UnknownClientError,
    client_id_for_key,
    load_profile,
)
from app.i18n import translate
from app.money.amounts import DEFAULT_CURRENCY
from app.money.receipts import PaymentLine, client_payments
from app.waitlist import WaitlistLine, waitlist_entries
from db.engine import Database
from ui import locale_format
from ui.client_admin import ClientAdminButtons
from ui.client_form import ClientForm, OptionalDate
from ui.client_history import HistoryView
from ui.client_payments import ClientPayments
from ui.feedback import balance_style, describe_error, say
from ui.operations import (
    CLIENTS,
    CLINIC,
    PAYMENTS,
    SERIES,
    SESSIONS,
    WAITLIST,
    follow_changes_while_open,
    run_in_background,
    run_write,
)
from ui.series_dialog import SeriesDialog
from ui.waitlist_dialog import ProfileWaitlistButtons

# What the profile shows: the client, their sessions and series, their waitlist entries.
SHOWN_KINDS = frozenset({CLIENTS, SESSIONS, SERIES, WAITLIST, PAYMENTS, CLINIC})
ROW_ROLE = Qt.ItemDataRole.UserRole
# The history's status filter: a label and the statuses it keeps (none: every status).
STATUS_FILTERS: tuple[tuple[str, frozenset[str]], ...] = (
    (str(QT_TRANSLATE_NOOP("ClientProfileDialog", "All statuses")), frozenset()),
    (
        str(QT_TRANSLATE_NOOP("ClientProfileDialog", "Upcoming")),
        frozenset({"scheduled", "confirmed"}),
    ),
    (str(QT_TRANSLATE_NOOP("ClientProfileDialog", "Completed")), frozenset({"completed"})),
    (str(QT_TRANSLATE_NOOP("ClientProfileDialog", "No-show")), frozenset({"no_show"})),
    (str(QT_TRANSLATE_NOOP("ClientProfileDialog", "Cancelled")), frozenset({"cancelled"})),
    (str(QT_TRANSLATE_NOOP("ClientProfileDialog", "In progress")), frozenset({"in_progress"})),
)
# A field as a sentence names it (others: the field's name with spaces).
# The form's fields as a sentence names them ("Another desk changed phone, channel …").
FIELD_NAMES = {
    "name": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "name")),
    "phone": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "phone")),
    "email": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "email")),
    "date_of_birth": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "date of birth")),
    "emergency_contact": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "emergency contact")),
    "preferred_channel": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "channel")),
    "language": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "language")),
    "referral_source": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "referral source")),
    "preferences": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "preferences")),
    "notes": str(QT_TRANSLATE_NOOP("ClientProfileDialog", "notes")),
}
DETAILS_WIDTH = 450  # the details and statistics column; the history takes the rest
HEADING_STYLE = "font-size: 16pt; font-weight: 600;"
KEY_STYLE = "color: #555;"
BADGE_STYLES = {
    "archived": "background: #e0e0e0; color: #333; border-radius: 3px; padding: 2px 8px;",
    "erased": "background: #7f1d1d; color: white; border-radius: 3px; padding: 2px 8px;",
}
NOTE_STYLE = (
    "background: #fff4ce; color: #5c4400; border: 1px solid #e0c060; border-radius: 3px;"
    " padding: 6px;"
)
PINNED_TITLE_STYLE = "QGroupBox { font-weight: 600; color: #5c4400; }"


@dataclass(frozen=True)
class ProfileRead:
    """One read of everything the window shows."""

    profile: ClientProfile
    waitlist: list[WaitlistLine]
    region: str
    payments: list[PaymentLine]


def balance_text(cents: int, currency: str = DEFAULT_CURRENCY) -> str:
    """> 0: the client owes (CONTRACTS, balance_cents)."""
    if cents > 0:
        return translate("ClientProfile", "owes %s") % locale_format.amount(cents, currency)
    if cents < 0:
        return translate("ClientProfile", "in credit %s") % locale_format.amount(-cents, currency)
    return locale_format.amount(0, currency)


def when_text(moment: datetime | None, zone: tzinfo | None) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone(zone) if zone is not None else moment
    return locale_format.moment_with_year(local)


class ClientProfileDialog(QDialog):
    loaded = Signal()  # what the window shows was read (again)
    saved = Signal(object)  # the ClientDetails as saved
    session_requested = Signal(str)  # a session's reference: open its panel
    # another client's id (a duplicate; the client this one was merged into): open it
    profile_requested = Signal(int)
    payment_requested = Signal(str)  # the client's key: take a payment from them

    def __init__(
        self,
        database: Database,
        client_id: int,
        user: StaffUser,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.client_id, self.user, self.clock = database, client_id, user, clock
        self.profile: ClientProfile | None = None
        self.waitlist: list[WaitlistLine] = []
        self.shown_history: list[HistoryRow] = []
        self.series_dialog: SeriesDialog | None = None
        self.other_client: int | None = None  # the client the note under Save names
        self.gone = False  # the client is no longer in the database (merged, say)
        self._loading = False  # a read is on its way
        self._load_again = False  # and something changed meanwhile: its answer may be stale
        self._saving = False
        self.setWindowTitle(self.tr("Client"))
        self.setWindowFlag(Qt.WindowType.WindowMinMaxButtonsHint, True)
        self.resize(1240, 760)  # a 1280 × 800 screen's, with the window's frame
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        self.form = ClientForm("US", self)  # the clinic's region once read
        layout.addWidget(self._pinned_notes())
        self.elsewhere = QLabel(self)
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setStyleSheet(NOTE_STYLE)
        self.elsewhere.hide()
        layout.addWidget(self.elsewhere)
        columns = QHBoxLayout()
        # Scrolled only when problems under many fields make it taller than the window.
        left_scroll = QScrollArea(self)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setWidgetResizable(True)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_panel = QWidget(left_scroll)
        left = QVBoxLayout(left_panel)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self._details_box())
        left.addWidget(self._stats_box())
        left.addStretch(1)
        left_scroll.setWidget(left_panel)
        left_scroll.setFixedWidth(DETAILS_WIDTH + 16)
        columns.addWidget(left_scroll, 0)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._history_tab(), self.tr("Histor&y"))
        self.tabs.addTab(self._series_tab(), self.tr("Seri&es"))
        self.tabs.addTab(self._waitlist_tab(), self.tr("&Waitlist"))
        self.payments = ClientPayments(database, user, clock, self)
        self.tabs.addTab(self.payments, self.tr("Payme&nts"))
        columns.addWidget(self.tabs, 1)
        layout.addLayout(columns, 1)
        # Archive, merge and erase in the header, for the roles that may (ui.client_admin);
        # what they did is said under Save.
        self.admin = ClientAdminButtons(database, user, clock, self.admin_buttons, self)
        self.admin.done.connect(lambda text: say(self.message, text))
        self.admin.failed.connect(
            lambda error: say(self.message, describe_error(error), error=True)
        )
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        # Enter belongs to the field or list that has it (a history row opens its session),
        # never to a default button that would save or close.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self._set_tab_order()
        self.form.edited.connect(self._form_edited)
        self._form_edited()
        self.history.setFocus()  # opened mostly to look a session up: Enter opens it
        self.load()
        follow_changes_while_open(self, self._data_changed)

    # -- building ------------------------------------------------------------------------

    def _set_tab_order(self) -> None:
        """The pinned notes first, then the details top to bottom, Save, then the lists."""
        form = self.form
        chain: list[QWidget] = [
            form.notes, form.name, form.phone, form.email, form.date_of_birth.given,
            form.date_of_birth.edit, form.emergency_contact, form.preferred_channel,
            form.language, form.referral_source, *form.day_boxes.values(), form.times,
            self.save_button, self.revert_button, self.tabs, self.status_filter,
            self.therapist_filter, self.from_filter.given, self.from_filter.edit,
            self.to_filter.given, self.to_filter.edit, self.clear_filters_button, self.history,
        ]  # fmt: skip
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Enter that no field took does nothing here: QDialog would press a default
        button (one another part adds to a button row would do: archive, remove…)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.heading = QLabel(self.tr("Loading…"), self)
        self.heading.setStyleSheet(HEADING_STYLE)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label = QLabel(self)
        self.key_label.setStyleSheet(KEY_STYLE)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QLabel(self)
        self.badge.hide()
        row.addWidget(self.heading)
        row.addWidget(self.key_label)
        row.addWidget(self.badge)
        row.addStretch(1)
        # Archive, merge and erase (ui.client_admin) add their buttons here.
        self.admin_buttons = QHBoxLayout()
        row.addLayout(self.admin_buttons)
        return row

    def _pinned_notes(self) -> QGroupBox:
        box = QGroupBox(self.tr("P&inned notes (administrative, never clinical)"), self)
        box.setStyleSheet(PINNED_TITLE_STYLE)
        column = QVBoxLayout(box)
        column.setContentsMargins(6, 4, 6, 4)
        notes = self.form.notes
        notes.setParent(box)
        lines = notes.fontMetrics().lineSpacing()
        notes.setFixedHeight(lines * 3 + 14)
        column.addWidget(notes)
        column.addWidget(self.form.errors["notes"])
        return box

    def _details_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Details"), self)
        column = QVBoxLayout(box)
        column.addWidget(self.form)
        self.duplicate_box = QFrame(box)
        self.duplicate_box.setStyleSheet(NOTE_STYLE)
        duplicate_row = QHBoxLayout(self.duplicate_box)
        duplicate_row.setContentsMargins(6, 4, 6, 4)
        self.duplicate_label = QLabel(self.duplicate_box)
        self.duplicate_label.setWordWrap(True)
        self.open_duplicate_button = QPushButton(self.tr("&Open"), self.duplicate_box)
        self.open_duplicate_button.setAccessibleName(self.tr("Open the other client's profile"))
        self.open_duplicate_button.clicked.connect(self._open_other)
        duplicate_row.addWidget(self.duplicate_label, 1)
        duplicate_row.addWidget(self.open_duplicate_button)
        self.duplicate_box.hide()
        column.addWidget(self.duplicate_box)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save"), box)
        self.save_button.setToolTip(self.tr("Save the details (Ctrl+S)"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Re&vert"), box)
        self.revert_button.setToolTip(self.tr("Forget what was typed since the last save"))
        self.revert_button.clicked.connect(self.revert)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.message = QLabel(box)
        self.message.setWordWrap(True)
        column.addWidget(self.message)
        box.setFixedWidth(DETAILS_WIDTH)
        return box

    def _stats_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Statistics"), self)
        box.setFixedWidth(DETAILS_WIDTH)
        grid = QGridLayout(box)
        self.stat_values: dict[str, QLabel] = {}
        for (row, column, span), name, label in (
            ((0, 0, 1), "attended", self.tr("Attended")),
            ((0, 1, 1), "no_show", self.tr("No-shows")),
            ((1, 0, 1), "cancelled", self.tr("Cancelled")),
            ((1, 1, 1), "attendance_rate", self.tr("Attendance")),
            ((2, 0, 3), "last_session", self.tr("Last session")),
            ((3, 0, 3), "next_session", self.tr("Next session")),
            ((4, 0, 3), "balance", self.tr("Balance")),
        ):
            title = QLabel(label + ":", box)
            value = QLabel("—", box)
            value.setStyleSheet("font-weight: 600;")
            value.setAccessibleName(label)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(title, row, column * 2)
            grid.addWidget(value, row, column * 2 + 1, 1, span)
            self.stat_values[name] = value
        self.payment_button = QPushButton(self.tr("Take &payment…"), box)
        self.payment_button.setToolTip(self.tr("Record money the client pays (Ctrl+P)"))
        self.payment_button.setEnabled(False)
        self.payment_button.clicked.connect(self.take_payment)
        grid.addWidget(self.payment_button, 5, 0, 1, 4, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def take_payment(self) -> None:
        if self.profile is not None and not self.gone:
            self.payment_requested.emit(self.profile.details.key)

    def _history_tab(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        filters = QHBoxLayout()
        self.status_filter = QComboBox(page)
        self.status_filter.setAccessibleName(self.tr("Status filter"))
        for label, _statuses in STATUS_FILTERS:
            self.status_filter.addItem(self.tr(label))
        self.therapist_filter = QComboBox(page)
        self.therapist_filter.setAccessibleName(self.tr("Therapist filter"))
        self.therapist_filter.addItem(self.tr("All therapists"), None)
        self.therapist_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.therapist_filter.setMinimumContentsLength(16)
        now = self.clock()
        today = QDate(now.year, now.month, now.day)
        self.from_filter = OptionalDate(self.tr("&From"), today.addMonths(-3), page)
        self.from_filter.setAccessibleName(self.tr("From date"))
        self.to_filter = OptionalDate(self.tr("To"), today, page)
        self.to_filter.setAccessibleName(self.tr("To date"))
        self.clear_filters_button = QPushButton(self.tr("Show &all"), page)
        status_label = QLabel(self.tr("Stat&us"), page)
        status_label.setBuddy(self.status_filter)
        therapist_label = QLabel(self.tr("Therapist"), page)
        therapist_label.setBuddy(self.therapist_filter)
        for widget in (status_label, self.status_filter, therapist_label, self.therapist_filter):
            filters.addWidget(widget)
        filters.addStretch(1)
        column.addLayout(filters)
        period = QHBoxLayout()  # a row of its own: one row was wider than a laptop's screen
        period.addWidget(self.from_filter)
        period.addWidget(self.to_filter)
        period.addWidget(self.clear_filters_button)
        period.addStretch(1)
        column.addLayout(period)
        self.history = HistoryView(page)
        self.history.setAccessibleName(self.tr("Sessions"))
        column.addWidget(self.history, 1)
        self.history_count = QLabel(page)
        column.addWidget(self.history_count)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.show_history())
        self.therapist_filter.currentIndexChanged.connect(lambda _i: self.show_history())
        self.from_filter.changed.connect(self.show_history)
        self.to_filter.changed.connect(self.show_history)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.history.activated.connect(self._open_session)
        return page

    def _series_tab(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        self.series_list = QListWidget(page)
        self.series_list.setAccessibleName(self.tr("Recurring series"))
        self.series_list.itemActivated.connect(lambda _item: self.open_series())
        column.addWidget(self.series_list, 1)
        row = QHBoxLayout()
        self.series_button = QPushButton(self.tr("Re&curring sessions…"), page)
        self.series_button.setToolTip(self.tr("New, change, pause, resume or stop a series"))
        self.series_button.clicked.connect(self.open_series)
        row.addWidget(self.series_button)
        row.addStretch(1)
        column.addLayout(row)
        return page

    def _waitlist_tab(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        self.show_closed = QCheckBox(self.tr("Show &closed entries"), page)
        self.show_closed.toggled.connect(lambda _on: self.load())
        column.addWidget(self.show_closed)
        self.waitlist_list = QListWidget(page)
        self.waitlist_list.setAccessibleName(self.tr("Waitlist entries"))
        column.addWidget(self.waitlist_list, 1)
        # The waitlist's own buttons (add, remove: ui.waitlist_dialog) go here.
        self.waitlist_buttons = QHBoxLayout()
        column.addLayout(self.waitlist_buttons)
        self.waitlist_actions = ProfileWaitlistButtons(
            self.database, self.user, self.clock, self.waitlist_buttons, self.waitlist_list, page
        )
        self.waitlist_actions.done.connect(lambda text: say(self.message, text))
        self.waitlist_actions.failed.connect(
            lambda error: say(self.message, describe_error(error), error=True)
        )
        return page

    # -- reading -------------------------------------------------------------------------

    def _data_changed(self, kinds: frozenset[str], _days: frozenset[date]) -> None:
        if kinds & SHOWN_KINDS:
            self.load()

    def load(self) -> None:
        """Read the client again: now, or once the read on its way is back."""
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        closed = self.show_closed.isChecked()
        client_id = self.client_id

        def work() -> ProfileRead:
            profile = load_profile(self.database, client_id, self.clock())
            waiting = waitlist_entries(self.database, client_id=client_id, include_closed=closed)
            payments = client_payments(self.database, client_id)
            return ProfileRead(profile, waiting, phone_region(self.database), payments)

        run_in_background(work, self._read, self._read_failed, self)

    def _read_failed(self, error: Exception) -> None:
        self._loading = False
        self._load_again = False
        if isinstance(error, UnknownClientError) and self.profile is not None:
            self._client_gone(self.profile.details.key)
            return
        say(self.message, describe_error(error), error=True)

    def _client_gone(self, key: str) -> None:
        """Merged into another client (whose key now answers for this one's), or removed:
        nothing left to edit here; the kept client is a click away."""
        self.gone = True
        self.admin.forget()
        self.payments.forget()
        self.form.setEnabled(False)
        self.form.notes.setReadOnly(True)
        self._form_edited()
        say(self.message, self.tr("This client is no longer in the database."), error=True)

        def kept(client_id: int) -> None:
            if client_id != self.client_id:
                self._offer_other(client_id, self.tr("This client was merged into another client."))

        def not_found(_error: Exception) -> None:
            """Removed, not merged: the message above says all there is."""

        run_in_background(lambda: client_id_for_key(self.database, key), kept, not_found, self)

    def _offer_other(self, client_id: int, text: str) -> None:
        self.other_client = client_id
        self.duplicate_label.setText(text)
        self.duplicate_box.show()

    def _read(self, read: ProfileRead) -> None:
        self._loading = False
        if self._load_again:  # read before the latest change: show only a fresh answer
            self._load_again = False
            self.load()
            return
        if self.gone:
            return
        if (
            self.profile is not None
            and read.profile.details.created_at > self.profile.details.created_at
        ):  # SQLite gave a client merged away its id again: a newer client's, not this one
            self._client_gone(self.profile.details.key)
            return
        self.profile, self.waitlist = read.profile, read.waitlist
        self.form.region = read.region
        self._show_details(read.profile.details)
        self._show_stats(read.profile)
        self._fill_therapist_filter(read.profile.history)
        self.show_history()
        self._show_series(read.profile)
        self._show_waitlist(read.waitlist)
        self.waitlist_actions.show_client(read.profile.details, read.waitlist)
        self.payment_button.setEnabled(read.profile.details.erased_at is None)
        self.payments.show_lines(read.payments, read.profile.currency, read.profile.details.key)
        self.tabs.setTabText(3, self.tr("Payme&nts (%d)") % len(read.payments))
        self.loaded.emit()

    # -- showing -------------------------------------------------------------------------

    def _show_details(self, details: ClientDetails) -> None:
        self.setWindowTitle(self.tr("Client — %s") % details.name)
        self.heading.setText(details.name)
        self.key_label.setText(details.key)
        self.admin.show_client(details)
        if details.erased_at is not None:
            self._badge("erased", self.tr("Erased"))
        elif details.archived_at is not None:
            self._badge("archived", self.tr("Archived"))
        else:
            self.badge.hide()
        kept = self.form.show_details(details)
        if kept:
            fields = ", ".join(
                self.tr(FIELD_NAMES[f]) if f in FIELD_NAMES else f.replace("_", " ") for f in kept
            )
            self.elsewhere.setText(
                self.tr(
                    "Another desk changed %s while you were typing; Save will replace it "
                    "with what you typed, Revert shows theirs."
                )
                % fields
            )
            self.elsewhere.show()
        self._form_edited()

    def _badge(self, kind: str, text: str) -> None:
        self.badge.setText(text)
        self.badge.setStyleSheet(BADGE_STYLES[kind])
        self.badge.show()

    def _show_stats(self, profile: ClientProfile) -> None:
        stats = profile.stats
        zone = profile.history[0].starts_at.tzinfo if profile.history else None
        rate = stats.attendance_rate
        cancelled = str(stats.cancelled)
        if stats.late_cancelled:
            cancelled += self.tr(" (%d late)") % stats.late_cancelled
        values = {
            "attended": str(stats.attended),
            "cancelled": cancelled,
            "no_show": str(stats.no_show),
            "attendance_rate": "—" if rate is None else f"{rate:.0%}",
            "last_session": when_text(stats.last_session, zone),
            "next_session": when_text(stats.next_session, zone),
            "balance": balance_text(profile.balance_cents, profile.currency),
        }
        for name, value in values.items():
            self.stat_values[name].setText(value)
        self.stat_values["balance"].setStyleSheet(
            "font-weight: 600;" + balance_style(profile.balance_cents)
        )

    def _fill_therapist_filter(self, history: list[HistoryRow]) -> None:
        """The therapists the client has seen, by name; the choice kept across reads."""
        chosen = self.therapist_filter.currentData()
        therapists = sorted({(r.therapist_name, r.therapist_key) for r in history})
        self.therapist_filter.blockSignals(True)
        while self.therapist_filter.count() > 1:
            self.therapist_filter.removeItem(1)
        for name, key in therapists:
            self.therapist_filter.addItem(name, key)
        self.therapist_filter.setCurrentIndex(max(0, self.therapist_filter.findData(chosen)))
        self.therapist_filter.blockSignals(False)

    def history_filter(self) -> HistoryFilter:
        _label, statuses = STATUS_FILTERS[max(0, self.status_filter.currentIndex())]
        return HistoryFilter(
            statuses=statuses,
            therapist_key=self.therapist_filter.currentData(),
            from_date=self.from_filter.value(),
            to_date=self.to_filter.value(),
        )

    def show_history(self) -> None:
        """The loaded history through the filters (in memory: no query per change)."""
        history = self.profile.history if self.profile is not None else []
        keep = self.history_filter()
        self.shown_history = [row for row in history if keep.keeps(row)]
        self.history.show_rows(self.shown_history)
        shown, total = len(self.shown_history), len(history)
        if shown == total:
            self.history_count.setText(self.tr("%n session(s)", "", total))
        else:
            self.history_count.setText(self.tr("Showing %d of %d sessions") % (shown, total))
        self.tabs.setTabText(0, self.tr("Histor&y (%d)") % total)

    def clear_filters(self) -> None:
        for widget in (self.status_filter, self.therapist_filter):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        for dated in (self.from_filter, self.to_filter):
            dated.blockSignals(True)
            dated.set_value(None)
            dated.blockSignals(False)
        self.show_history()

    def _show_series(self, profile: ClientProfile) -> None:
        self.series_list.clear()
        for line in profile.series:
            text = line.text if line.active else self.tr("%s (ended)") % line.text
            item = QListWidgetItem(text)
            item.setData(ROW_ROLE, line.key)
            if not line.active:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.series_list.addItem(item)
        if not profile.series:
            self.series_list.addItem(self.tr("No recurring series."))
        self.tabs.setTabText(1, self.tr("Seri&es (%d)") % len(profile.series))

    def _show_waitlist(self, lines: list[WaitlistLine]) -> None:
        self.waitlist_list.clear()
        for line in lines:
            text = f"{line.service_name} — {line.describe()}"
            if line.closed_at is not None:
                text += self.tr(" (closed: %s)") % (line.closed_reason or "")
            item = QListWidgetItem(text)
            item.setData(ROW_ROLE, line.id)
            if line.closed_at is not None:
                item.setForeground(Qt.GlobalColor.darkGray)
            self.waitlist_list.addItem(item)
        if not lines:
            self.waitlist_list.addItem(self.tr("Not waiting for anything."))
        open_count = sum(1 for line in lines if line.closed_at is None)
        self.tabs.setTabText(2, self.tr("&Waitlist (%d)") % open_count)

    # -- acting --------------------------------------------------------------------------

    def _open_session(self, index: QModelIndex) -> None:
        reference = index.data(ROW_ROLE)
        if reference:
            self.session_requested.emit(reference)

    def open_series(self) -> SeriesDialog | None:
        details = self.profile.details if self.profile is not None else None
        if details is None:
            return None
        dialog = SeriesDialog(self.database, self.user, self.clock, details.key, details.name, self)
        self.series_dialog = dialog
        dialog.open()
        return dialog

    def _form_edited(self) -> None:
        erased = self.gone or (
            self.profile is not None and self.profile.details.erased_at is not None
        )
        changed = bool(self.form.changes()) if self.form.details is not None else False
        wrong = bool(self.form.problems())
        self.save_button.setEnabled(changed and not wrong and not self._saving and not erased)
        self.revert_button.setEnabled(changed or wrong)
        if not changed and not wrong:
            self.elsewhere.hide()

    def has_unsaved_edits(self) -> bool:
        """Typed and not saved (nothing can be saved for a client who is gone)."""
        if self.gone or self.form.details is None:
            return False
        return bool(self.form.changes() or self.form.problems())

    def save(self) -> None:
        changes = self.form.changes()
        if not changes or self.form.problems() or self._saving:
            return
        self._saving = True
        self.duplicate_box.hide()
        say(self.message, self.tr("Saving…"))
        self._form_edited()
        client_id = self.client_id
        key = self.profile.details.key if self.profile else None
        run_write(
            lambda: update_client(
                self.database,
                client_id,
                changes,
                actor=self.user.username,
                now=self.clock(),
                key=key,
            ),
            self._saved,
            self._save_failed,
            kinds={CLIENTS},
            parent=self,
        )

    def _saved(self, details: ClientDetails) -> None:
        self._saving = False
        if self.profile is not None:
            self.profile = replace(self.profile, details=details)
        self.form.reset(details)
        self._show_details(details)
        self.elsewhere.hide()
        say(self.message, self.tr("Saved."))
        self.saved.emit(details)

    def _save_failed(self, error: Exception) -> None:
        self._saving = False
        self._form_edited()
        if isinstance(error, DuplicateClientError):
            self._offer_other(
                error.existing.id,
                self.tr("Not saved: %s.") % str(error)
                + " "
                + self.tr("Open their profile to compare; an admin can merge the two."),
            )
            say(self.message, "")
            return
        if isinstance(error, UnknownClientError):
            self._client_gone(self.profile.details.key if self.profile else "")
            return
        say(self.message, describe_error(error), error=True)

    def _open_other(self) -> None:
        if self.other_client is not None:
            self.profile_requested.emit(self.other_client)

    def revert(self) -> None:
        if self.profile is None:
            return
        self.form.reset(self.profile.details)
        self._show_details(self.profile.details)
        self.elsewhere.hide()
        self.duplicate_box.hide()
        say(self.message, "")

    # -- closing -------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc or Close: typed details are not lost without asking."""
        if self.has_unsaved_edits() and not self._may_discard():
            return
        super().reject()

    def _may_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("Close %s's profile without saving what was typed?")
            % (self.profile.details.name if self.profile else self.tr("the client")),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
